import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

/** The review commands end to end: output shapes, exit codes, bad input writing nothing. */
function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-review-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the example spec folder with vision also reading the support tickets. */
function widened(): string {
  const dir = join(tmp, "widened");
  if (!existsSync(dir)) {
    cpSync("examples/ai-platform", dir, { recursive: true });
    const file = join(dir, "vision.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "datasets: { imagenet: read,",
        // Cleared for the confidential tickets (README, "Classification"), then granted them.
        "clearance: confidential\n    datasets: { imagenet: read, support-tickets: read,",
      ),
    );
  }
  return dir;
}

describe("who-can and can", () => {
  test("who-can lists the principals with their statements; --fail-on any exits 1", () => {
    const args = ["who-can", "examples/ai-platform", "--action", "s3:GetObject", "--resource"];
    const r = run(...args, "arn:aws:s3:::acme-ai-datasets/support/t1.json", "--format", "json", "--fail-on", "any");
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.principals.map((p: { principal: string }) => p.principal),
      ["nlp/carol", "nlp/dan", "nlp/execution-role"],
    );
    const text = run(...args, "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg");
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^Who can s3:GetObject on arn:aws:s3:::acme-ai-datasets\/imagenet\/a\.jpg: 3 of 6 principals$/m,
    );
    assert.match(text.stdout, /^ {2}vision\/alice +Allowed +user, data-scientist$/m);
  });

  test("a mistyped action, a wildcard, a non-ARN resource or an unknown service is a usage error, not 'nobody'", () => {
    const out = join(tmp, "who.json");
    const typo = run("who-can", "examples/ai-platform", "--action", "s3:GetObjekt", "--resource", "*", "--out", out);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /error request-unknown-action-asked: --action: "s3:GetObjekt" is not in .*did you mean "GetObject"\?/,
    );
    assert.ok(!existsSync(out));
    const wild = run("who-can", "examples/ai-platform", "--action", "s3:Get*", "--resource", "bucket/key");
    assert.equal(wild.code, 2);
    assert.match(wild.stderr, /--action: 's3:Get\*' is not an action \(service:Action, no wildcards\)/);
    assert.match(wild.stderr, /--resource: "bucket\/key" is not an ARN/);
    for (const cmd of [
      ["matrix", "examples/ai-platform", "--service", "s4"],
      ["can", "examples/ai-platform", "--principal", "vision/alice", "--service", "s4"],
    ]) {
      const r = run(...cmd);
      assert.equal(r.code, 2, cmd.join(" "));
      assert.match(r.stderr, /unknown service 's4' in --service\n {2}hint: did you mean "s3"\?/);
    }
    const empty = run("can", "examples/ai-platform", "--principal", "vision/alice", "--service", ",");
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--service needs at least one service/);
  });

  test("can: an unknown principal is invalid input with a suggestion; --program works on the seed", () => {
    const bad = run("can", "examples/ai-platform", "--principal", "vision/alcie");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no principal 'vision\/alcie'.*\n.*vision\/alice/);
    assert.equal(bad.stdout, "");
    const seed = run("can", "--program", "examples/seed", "--principal", "aiUser", "--format", "json");
    assert.equal(seed.code, 0, seed.stderr);
    const can = JSON.parse(seed.stdout);
    assert.deepEqual(can.services, ["s3"]);
    assert.equal(can.actionCount, 2);
  });
});

describe("matrix", () => {
  test("csv: a header and one row per principal; a bad --format is a usage error", () => {
    const r = run("matrix", "examples/ai-platform", "--format", "csv", "--service", "s3,bedrock");
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 7);
    assert.match(lines[0], /^principal,kind,team,persona,activity:bedrock,/);
    assert.ok(lines[0].includes("service:s3:Read") && lines[0].includes("service:bedrock:Read"));
    assert.ok(!lines[0].includes("service:sagemaker"));
    assert.match(
      lines.find((l) => l.startsWith("vision/alice"))!,
      /^vision\/alice,user,vision,data-scientist,Denied 0\/\d+,/,
    );
    const bad = run("matrix", "examples/ai-platform", "--format", "pdf");
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /'--format <format>' argument 'pdf' is invalid. Allowed choices are text, csv, json, html/,
    );
  });
});

describe("diff", () => {
  test("json shape, markdown for a pull request, and --fail-on-new-access", () => {
    const r = run("diff", "examples/ai-platform", widened(), "--format", "json", "--fail-on-new-access", "--no-exact");
    assert.equal(r.code, 1, r.stderr);
    const d = JSON.parse(r.stdout);
    // The sampled diff alone (--no-exact); the exact one is test/analysis/prover/diff-cli.test.ts.
    assert.deepEqual(Object.keys(d), ["newAccess", "principals", "classified"]);
    // The reviewer sees the confidential dataset by name, not only its S3 action lines (issue 13).
    assert.deepEqual(
      d.classified.map(
        (c: { principal: string; dataset: string; access: string }) => `${c.principal} ${c.access} ${c.dataset}`,
      ),
      [
        "vision/alice read support-tickets",
        "vision/bob read support-tickets",
        "vision/execution-role read support-tickets",
      ],
    );
    assert.equal(d.newAccess, true);
    assert.deepEqual(
      d.principals.map((p: { id: string; status: string }) => `${p.id} ${p.status}`),
      ["vision/alice changed", "vision/bob changed", "vision/execution-role changed"],
    );
    const md = run("diff", "examples/ai-platform", widened(), "--format", "markdown");
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^### ai-iam: effective access\n\n⚠️ \*\*New access\*\* for 3 principals\./);
    assert.match(
      md.stdout,
      /^- 🔐 `vision\/alice`: \*\*new read access to confidential dataset `support-tickets`\*\* \(`s3:\/\/acme-ai-datasets\/support\/`\)$/m,
    );
    const text = run("diff", "examples/ai-platform", widened(), "--no-exact");
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^Classified data:\n {2}! vision\/alice: new read access to confidential dataset support-tickets /m,
    );
    assert.match(md.stdout, /<details><summary><code>vision\/alice<\/code>: changed, \+\d+ −\d+ ~1<\/summary>/);
    const same = run("diff", "examples/ai-platform", "examples/ai-platform", "--fail-on-new-access");
    assert.equal(same.code, 0);
    assert.equal(same.stdout, "No change in effective access.\n");
    assert.doesNotMatch(same.stdout, /Classified/);
  });

  test("an invalid spec exits 2 with located diagnostics and writes nothing", () => {
    const broken = join(tmp, "broken.yaml");
    writeFileSync(broken, "version: 1\norganization: acme\nteams: [\n");
    const out = join(tmp, "diff.md");
    const r = run("diff", "examples/ai-platform", broken, "--out", out);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.yaml:\d+:\d+ - error/);
    assert.ok(!existsSync(out));
  });

  test("--base takes the old version from git, for a folder and for a file", () => {
    const repo = join(tmp, "repo");
    cpSync("examples/ai-platform", join(repo, "spec"), { recursive: true });
    cpSync("examples/ai-platform-single.yaml", join(repo, "single.yaml"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: repo,
        stdio: "pipe",
      });
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    const vision = join(repo, "spec", "vision.yaml");
    writeFileSync(
      vision,
      readFileSync(vision, "utf8").replace("bob: ml-engineer", "bob: ml-engineer\n      erin: analyst"),
    );
    const folder = run("diff", "--base", "HEAD", join(repo, "spec"), "--format", "json");
    assert.equal(folder.code, 0, folder.stderr);
    assert.deepEqual(
      JSON.parse(folder.stdout).principals.map((p: { id: string; status: string }) => `${p.id} ${p.status}`),
      ["vision/erin added"],
    );
    const single = join(repo, "single.yaml");
    writeFileSync(single, readFileSync(single, "utf8").replace("    activities: [bedrock]\n", ""));
    const file = run("diff", "--base", "HEAD", single, "--format", "json");
    assert.equal(file.code, 0, file.stderr);
    const d = JSON.parse(file.stdout);
    assert.equal(d.newAccess, false);
    assert.ok(d.principals.length > 0 && d.principals.every((p: { removed: unknown[] }) => p.removed.length > 0));
    const badRev = run("diff", "--base", "no-such-rev", single, "--out", join(repo, "d.json"));
    assert.equal(badRev.code, 2);
    assert.match(badRev.stderr, /single\.yaml - error cli-git: 'no-such-rev' is not a git revision/);
    assert.ok(!existsSync(join(repo, "d.json")));
    // A spec the change adds: at the base it did not exist, so everything it grants is added.
    cpSync(single, join(repo, "new.yaml"));
    const added = run("diff", "--base", "HEAD", join(repo, "new.yaml"), "--format", "json", "--fail-on-new-access");
    assert.equal(added.code, 1, added.stderr);
    const a = JSON.parse(added.stdout);
    assert.equal(a.newAccess, true);
    assert.ok(a.principals.length >= 6);
    for (const p of a.principals) {
      assert.equal(p.status, "added");
      assert.ok(p.added.length > 0 && p.removed.length === 0, p.id);
    }
  });
});

describe("report", () => {
  test("one self-contained HTML file; its path on stdout", () => {
    const out = join(tmp, "out", "report.html");
    const r = run("report", "examples/ai-platform", "--out", out, "--quiet");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${out}\n`);
    const html = readFileSync(out, "utf8");
    assert.match(html, /^<!doctype html>/);
    // Nothing is loaded from elsewhere; the only outside addresses are links a reader may follow
    // (the rules' documentation), which load nothing with the page.
    assert.doesNotMatch(html, /src="(https?:)?\/\//);
    assert.doesNotMatch(html, /<link /);
    for (const m of html.matchAll(/<(\w+)[^>]* href="(https?:)?\/\/[^"]*"/g)) assert.equal(m[1], "a", m[0]);
    assert.match(html, /<a class="rule" href="https:\/\/[^"]+\/checks\.md#[a-z-]+"/);
    assert.match(html, /<tr data-principal="vision\/alice" data-team="vision" data-persona="data-scientist">/);
  });
});
