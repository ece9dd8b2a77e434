import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliAccount, cliAccount, run } from "./cli-fixture.js";

describe("CLI: review commands on an imported account", () => {
  let fixture: CliAccount;
  let dir: string;
  let account: string;
  before(() => {
    fixture = cliAccount({});
    dir = fixture.dir;
    account = fixture.account;
  });
  after(() => fixture.remove());

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

  it("plan takes --account-file: its header names the imported account and how its people sign in, not an identity mode", async () => {
    const plan = await run(["plan", "--account-file", account]);
    assert.equal(plan.result, 0, plan.stderr);
    const header = plan.stdout.split("\n")[0];
    assert.match(
      header,
      /^Planning the imported account 111122223333 from \S+account\.json \(as exported: \d+ IAM users, \d+ Identity Center permission-set roles; aws, us-east-1\):$/,
    );
    assert.doesNotMatch(header, /identity-center|iam-users/);
    assert.match(plan.stdout, /aws:iam\/group:Group +group\.Admins/);
  });

  it("prove takes --account-file: teams from tags and /teams/ paths, isolation proven or violated with a request", async () => {
    const out = join(dir, "prove.json");
    const prove = await run(["prove", "--account-file", account, "--format", "json", "--out", out, "--quiet"]);
    assert.equal(prove.result, 1, prove.stderr); // the generated account shares an ECR grant across teams on purpose
    const result = JSON.parse(readFileSync(out, "utf8")) as {
      properties: Array<{ status: string; principal?: string; name?: string; counterexample?: { action: string } }>;
    };
    const statuses = new Set(result.properties.map((p) => p.status));
    assert.ok(result.properties.length > 0, "an imported account with teams has isolation properties");
    assert.ok(statuses.has("proven"), JSON.stringify([...statuses]));
    assert.ok(statuses.has("violated"), JSON.stringify([...statuses]));
    const text = await run(["prove", "--account-file", account, "--quiet"]);
    assert.equal(text.result, 1, text.stderr);
    assert.match(text.stdout, /proven +isolation: user\/\S+ never acts on (nlp|vision)'s resources/);
    assert.match(text.stdout, /violated isolation: [\s\S]*counterexample: \S+ on arn:aws:/);
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
});
