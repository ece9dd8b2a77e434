import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliAccount, cliAccount, run } from "./cli-fixture.js";

describe("CLI: import and draft spec", () => {
  let fixture: CliAccount;
  let dir: string;
  let account: string;
  before(() => {
    fixture = cliAccount({});
    dir = fixture.dir;
    account = fixture.account;
  });
  after(() => fixture.remove());

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
    // A principal the draft leaves out reads as removed, never silently, and the diff says why.
    const diffed = diff.principals as Array<{ id: string; status: string; reason?: string }>;
    const support = diffed.find((p) => p.id === "role/AWSServiceRoleForSupport");
    assert.equal(support?.status, "removed");
    assert.equal(support?.reason, "not adopted by the draft: an AWS service-linked role: AWS owns its policies");
    for (const p of diffed.filter((x) => x.status !== "changed")) {
      assert.match(p.reason ?? "", /^(not adopted by the draft|new in the draft): /, p.id);
    }
    const admin = diffed.find((p) => p.id.startsWith("role/AWSReservedSSO_AdministratorAccess"))!;
    assert.match(
      admin.reason!,
      /^not adopted by the draft: no persona fits .*; its policies are kept in extras\/principals\/\S+\.json$/,
    );
    const kept = diffed.find((p) => p.id === member)!;
    if (kept.reason) assert.match(kept.reason, /kept as extra statements in extras\/vision-/);
    const text = await run(["diff", "--account-file", account, draft, "--quiet"]);
    assert.equal(text.result, 0, text.stderr);
    assert.match(
      text.stdout,
      /role\/AWSServiceRoleForSupport \(removed: \+0 -\d+\)\n {2}why: not adopted by the draft: an AWS service-linked role: AWS owns its policies\n/,
    );
    const markdown = await run(["diff", "--account-file", account, draft, "--format", "markdown", "--quiet"]);
    assert.equal(markdown.result, 0, markdown.stderr);
    assert.match(
      markdown.stdout,
      /<code>role\/AWSServiceRoleForSupport<\/code>: removed, [^\n]*<\/summary>\n\n\*\*Why:\*\* not adopted by the draft: an AWS service-linked role: AWS owns its policies\n/,
    );
    // Into a folder that is not empty, the draft's own files are replaced, others kept.
    writeFileSync(join(draft, "NOTES.md"), "mine\n");
    const again = await run(["import", account, "--draft-spec", draft, "--quiet"]);
    assert.equal(again.result, 0);
    assert.equal(readFileSync(join(draft, "NOTES.md"), "utf8"), "mine\n");
  });
});
