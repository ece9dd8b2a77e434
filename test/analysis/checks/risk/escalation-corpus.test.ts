import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { ESCALATION_METHODS, escalationMethod } from "../../../../src/analysis/checks/risk/methods.js";
import { CORPUS_DIR, caseModel, corpusDocument, loadManifest } from "./escalation-corpus.js";

/**
 * The corpus says what the risk analysis must find; this test keeps the corpus itself honest:
 * every file is used and parses, every expected id is a method of the catalog, and every method
 * has the cases the issue asks for — a positive on `*`, a positive scoped to named resources, a
 * positive behind a realistic condition, a negative that a Deny removes and one that a condition
 * (or the resource) removes.
 */
const manifest = loadManifest();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [relative(CORPUS_DIR, p)];
  });
}

describe("escalation corpus", () => {
  test("every case's files exist and parse; every file belongs to a case", () => {
    const used = new Set<string>(["manifest.json"]);
    for (const c of manifest.cases) {
      for (const f of c.policies) {
        corpusDocument(f);
        used.add(f);
      }
      if (c.boundary) {
        corpusDocument(c.boundary, "boundary");
        used.add(c.boundary);
      }
      for (const f of c.scps ?? []) {
        corpusDocument(f, "scp");
        used.add(f);
      }
      if (c.resourcePolicy) {
        assert.ok(c.policyKind && c.resource, c.id);
        corpusDocument(c.resourcePolicy, c.policyKind);
        used.add(c.resourcePolicy);
      }
    }
    for (const f of files(CORPUS_DIR)) assert.ok(used.has(f), `${f} is in no case`);
    for (const f of used) assert.ok(existsSync(join(CORPUS_DIR, f)), f);
  });

  test("case ids are unique and expected ids are methods of the catalog", () => {
    const ids = manifest.cases.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of manifest.cases) {
      for (const id of c.expect) assert.ok(escalationMethod(id), `${c.id}: unknown method ${id}`);
      assert.deepEqual([...c.expect].sort(), c.expect, `${c.id}: expect is sorted`);
      if (c.method) assert.ok(escalationMethod(c.method), c.id);
    }
  });

  test("positives expect their method, negatives do not", () => {
    for (const c of manifest.cases) {
      if (!c.method) continue;
      if (c.kind === "positive") assert.ok(c.expect.includes(c.method), c.id);
      else assert.ok(!c.expect.includes(c.method) && c.removedBy, c.id);
    }
  });

  test("every method has a star, a scoped and a conditional positive, and negatives by Deny and by condition", () => {
    const missing: string[] = [];
    for (const m of ESCALATION_METHODS) {
      const mine = manifest.cases.filter((c) => c.method === m.id);
      const has = (pred: (v: string) => boolean) => mine.some((c) => pred(c.variant));
      if (!has((v) => v === "star")) missing.push(`${m.id}: star`);
      if (!has((v) => v === "scoped")) missing.push(`${m.id}: scoped`);
      if (!has((v) => v.startsWith("conditional:"))) missing.push(`${m.id}: conditional`);
      if (!has((v) => v.startsWith("deny-") || v === "boundary" || v === "scp")) missing.push(`${m.id}: Deny`);
      if (!has((v) => v.startsWith("condition:"))) missing.push(`${m.id}: condition`);
    }
    assert.deepEqual(missing, []);
  });

  test("the corpus covers every way a path is removed and every limiting condition", () => {
    const variants = new Set(manifest.cases.map((c) => c.variant.replace(/:.*/, "")));
    for (const v of ["deny-same-action", "deny-service", "deny-other-policy", "boundary", "scp", "deny-not-action"])
      assert.ok(variants.has(v), v);
    const conditions = new Set(manifest.cases.flatMap((c) => c.conditions ?? []));
    for (const k of ["aws:MultiFactorAuthPresent", "aws:SourceIp", "aws:SourceVpce", "aws:RequestedRegion"])
      assert.ok(conditions.has(k), k);
    const external = manifest.cases.filter((c) => c.variant.startsWith("external:"));
    const scopes = new Set(
      external.flatMap((c) => (c.expectExternal ?? []).map((e) => e.principal.replace(/:.*/, ""))),
    );
    assert.deepEqual([...scopes].sort(), ["*", "account", "federated", "service"]);
    const limits = new Set(external.flatMap((c) => (c.expectExternal ?? []).flatMap((e) => e.conditions)));
    for (const k of ["aws:PrincipalOrgID", "aws:SourceVpce", "aws:SourceIp"]) assert.ok(limits.has(k), k);
    assert.ok(external.some((c) => c.kind === "negative"));
  });

  test("a case with a principal builds a model with its policies, boundary and SCPs", () => {
    const c = manifest.cases.find((x) => x.boundary !== undefined && x.principal !== undefined);
    const s = manifest.cases.find((x) => (x.scps?.length ?? 0) > 0);
    assert.ok(c && s);
    const m = caseModel(c, manifest.account);
    assert.equal(m.principals[0].boundary, "boundary");
    assert.equal(m.principals[0].arn, `arn:aws:iam::${manifest.account}:${c.principal?.kind}/${c.principal?.name}`);
    assert.deepEqual(caseModel(s, manifest.account).scps, [["scp1"]]);
  });
});
