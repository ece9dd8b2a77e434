import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliAccount, cliAccount, run } from "./cli-fixture.js";

describe("CLI: usage on an imported account", () => {
  let fixture: CliAccount;
  let dir: string;
  let account: string;
  before(() => {
    fixture = cliAccount({ trail: true });
    dir = fixture.dir;
    account = fixture.account;
  });
  after(() => fixture.remove());

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
