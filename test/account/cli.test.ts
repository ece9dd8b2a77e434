import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";
import { generateCloudTrail, writeCloudTrailDelivery } from "../helpers/generate-cloudtrail.js";

const run = (argv: string[]) => captureOutput(() => main(argv));

describe("CLI on an imported account", () => {
  let dir: string;
  let account: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ai-iam-account-cli-"));
    const generated = generateAuthorizationDetails({ seed: 6, principals: 60, policies: 30 });
    account = join(dir, "account.json");
    writeFileSync(account, authorizationDetailsText(generated));
    writeCloudTrailDelivery(
      join(dir, "trail"),
      generated.account,
      generateCloudTrail(generated, { records: 1500 }),
      500,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("import summarizes what it read", async () => {
    const r = await run(["import", account]);
    assert.equal(r.result, 0, r.stderr);
    assert.match(r.stdout, /111122223333 {2}\d+ users, \d+ groups, \d+ roles/);
    assert.match(r.stdout, /role\/OrganizationAccountAccessRole\s+external-account\s+arn:aws:iam::999988887777:root/);
  });

  it("import of a truncated export: exit 2, the location on stderr, nothing on stdout", async () => {
    const cut = join(dir, "cut.json");
    const text = readFileSync(account, "utf8");
    writeFileSync(cut, text.slice(0, text.length / 3));
    const r = await run(["import", cut]);
    assert.equal(r.result, 2);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      new RegExp(`${cut.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ - error account-json-syntax: .*truncated`),
    );
  });

  it("who-can, simulate and check take --account-file", async () => {
    const resource = "arn:aws:s3:::acme-datasets/vision/x.jpg";
    const who = await run(["who-can", "--account-file", account, "--action", "s3:GetObject", "--resource", resource]);
    assert.equal(who.result, 0, who.stderr);
    assert.match(who.stdout, /user\/alice\.\w+ +Allowed/);
    const sim = await run([
      "simulate",
      "--account-file",
      account,
      "--principal",
      "user/alice.smith",
      "--action",
      "s3:GetObject",
      "--resource",
      "arn:aws:s3:::acme-datasets/nlp/x",
      "--explain",
    ]);
    assert.equal(sim.result, 0, sim.stderr);
    assert.match(sim.stdout, /ExplicitlyDenied[\s\S]*boundary vision-boundary/);
    const check = await run(["check", "--account-file", account, "--format", "json", "--fail-on", "security"]);
    assert.equal(check.result, 1, check.stderr); // security findings (the generated account is too broad on purpose)
    const findings = JSON.parse(check.stdout) as { findings: Array<{ rule: string; file?: string; line?: number }> };
    assert.ok(findings.findings.some((f) => f.rule === "privilege-escalation"));
    assert.ok(
      findings.findings.some((f) => f.file === account && (f.line ?? 0) > 1),
      "findings point into the export",
    );
  });

  it("can, matrix and report answer on the account; a spec and --account-file together are a usage error", async () => {
    const can = await run(["can", "--account-file", account, "--principal", "user/alice.smith", "--service", "s3"]);
    assert.equal(can.result, 0, can.stderr);
    assert.match(can.stdout, /✓ GetObject, GetObjectVersion\n\s+on arn:aws:s3:::acme-artifacts\/vision\/\*/);
    const matrix = await run(["matrix", "--account-file", account, "--format", "json", "--quiet"]);
    assert.equal(matrix.result, 0, matrix.stderr);
    const rows = JSON.stringify(JSON.parse(matrix.stdout));
    assert.match(rows, /user\/alice\.smith/);
    assert.match(rows, /role\/OrganizationAccountAccessRole/);
    const html = join(dir, "report.html");
    const report = await run(["report", "--account-file", account, "--out", html, "--quiet"]);
    assert.equal(report.result, 0, report.stderr);
    assert.match(readFileSync(html, "utf8"), /user\/alice\.smith/);
    const both = await run([
      "who-can",
      "examples/ai-platform",
      "--account-file",
      account,
      "--action",
      "s3:GetObject",
      "--resource",
      "*",
    ]);
    assert.equal(both.result, 2);
    assert.match(both.stderr, /give one input/);
  });

  it("import --draft-spec writes a draft; diff --account-file compares each principal with its draft self", async () => {
    const draft = join(dir, "draft");
    const r = await run(["import", account, "--draft-spec", draft, "--organization", "acme"]);
    assert.equal(r.result, 0, r.stderr);
    for (const f of ["ai-iam.yaml", "DRAFT.md", "draft.json"]) assert.ok(existsSync(join(draft, f)), f);
    const test = await run(["test", draft]);
    assert.equal(test.result, 0, test.stdout + test.stderr);
    const d = await run(["diff", "--account-file", account, draft, "--format", "json", "--quiet"]);
    assert.equal(d.result, 0, d.stderr);
    const diff = JSON.parse(d.stdout) as { principals: Array<{ id: string; status: string }> };
    const members = JSON.parse(readFileSync(join(draft, "draft.json"), "utf8")).members as Record<string, string>;
    const member = Object.values(members).find((id) => id.startsWith("vision/"))!;
    assert.ok(
      diff.principals.some((p) => p.id === member && p.status === "changed"),
      member,
    );
    // A principal the draft leaves out reads as removed, never silently.
    assert.ok(diff.principals.some((p) => p.id === "role/AWSServiceRoleForSupport" && p.status === "removed"));
    // Into a folder that is not empty, the draft's own files are replaced, others kept.
    writeFileSync(join(draft, "NOTES.md"), "mine\n");
    const again = await run(["import", account, "--draft-spec", draft, "--quiet"]);
    assert.equal(again.result, 0);
    assert.equal(readFileSync(join(draft, "NOTES.md"), "utf8"), "mine\n");
  });

  it("usage reads the logs, reports per principal, and writes verified proposals", async () => {
    const proposals = join(dir, "proposals");
    const r = await run([
      "usage",
      join(dir, "trail"),
      "--account-file",
      account,
      "--active-only",
      "--proposals",
      proposals,
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(r.result, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      records: number;
      principals: Array<{ id: string; proposal?: { verified: { requests: number; allowed: number } } }>;
    };
    assert.equal(report.records, 1500);
    const withProposal = report.principals.filter((p) => p.proposal);
    assert.ok(withProposal.length > 3);
    for (const p of withProposal) assert.equal(p.proposal!.verified.allowed, p.proposal!.verified.requests, p.id);
    assert.ok(existsSync(join(proposals, `${withProposal[0].id.replace(/[^A-Za-z0-9._-]+/g, "_")}.json`)));
    const bad = await run(["usage", join(dir, "nothing-here")]);
    assert.equal(bad.result, 2);
  });
});
