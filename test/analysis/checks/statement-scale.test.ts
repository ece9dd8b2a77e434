/**
 * Checking one policy costs its distinct patterns, not its statements times the catalog (issue 14:
 * any policy of 1 MB in under 2 s). The work is counted, not timed: every catalog action a rule
 * touches reads its `key` (or `wildcardOnly`), and a counting catalog counts those reads. A document of n statements
 * that each name the whole catalog (`"Action": "*"`, or a NotAction) is checked at n and 2n; a
 * per-statement pass over the catalog doubles the count.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { namedActions } from "../../../src/analysis/checks/effective.js";
import { checkDocument } from "../../../src/analysis/checks/runner.js";
import { type Catalog, getCatalog } from "../../../src/catalog/index.js";
import type { ActionInfo } from "../../../src/catalog/types.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";
import { doc, rule } from "./rules/build.js";

/** The process catalog, with every `key` read of the actions it hands out counted. */
function countingCatalog(): { catalog: Catalog; reads: () => number } {
  const base = getCatalog();
  let reads = 0;
  const wrapped = new Map<ActionInfo, ActionInfo>();
  const wrap = (a: ActionInfo): ActionInfo => {
    let w = wrapped.get(a);
    if (!w) {
      w = Object.create(a) as ActionInfo;
      for (const field of ["key", "wildcardOnly"] as const)
        Object.defineProperty(w, field, {
          get() {
            reads++;
            return a[field];
          },
        });
      wrapped.set(a, w);
    }
    return w;
  };
  const catalog = Object.create(base) as Catalog;
  catalog.allActions = () => base.allActions().map(wrap);
  catalog.expandActionPattern = (p, where) => {
    const r = base.expandActionPattern(p, where);
    return { ...r, actions: r.actions.map(wrap) };
  };
  catalog.action = (name) => {
    const a = base.action(name);
    return a && wrap(a);
  };
  return { catalog, reads: () => reads };
}

function reads(make: (i: number) => Statement, n: number, run: (c: Catalog, d: PolicyDocument) => unknown): number {
  const { catalog, reads } = countingCatalog();
  run(catalog, doc(...Array.from({ length: n }, (_, i) => make(i))));
  return reads();
}

/** The count at 2n is within 20% of the count at n: the repeated statements add (nearly) nothing. */
function assertFlat(what: string, make: (i: number) => Statement, run: (c: Catalog, d: PolicyDocument) => unknown) {
  const small = reads(make, 20, run);
  const big = reads(make, 40, run);
  assert.ok(small > 1000, `${what}: the catalog was not read (${small})`);
  assert.ok(big <= small * 1.2, `${what}: ${small} -> ${big} key reads for twice the statements`);
}

describe("one policy's checks grow with its distinct patterns, not statements x catalog", () => {
  const star = (): Statement => ({ Effect: "Allow", Action: ["*"], Resource: ["*"] });
  const starAnd = (i: number): Statement => ({ Effect: "Allow", Action: ["*", `s3:Get${i}*`], Resource: ["*"] });
  const notAction = (i: number): Statement => ({ Effect: "Allow", NotAction: [`s3:Get${i}*`], Resource: ["*"] });

  it('namedActions: "Action": "*" in every statement', () => {
    assertFlat("Action *", star, (c, d) => namedActions(c, d));
  });

  it("namedActions: a different NotAction in every statement", () => {
    assertFlat("NotAction", notAction, (c, d) => namedActions(c, d));
  });

  it("namedActions: the first statement naming an action is still the one recorded", () => {
    const d = doc(
      { Effect: "Deny", Action: ["s3:*"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] },
      { Effect: "Allow", NotAction: ["s3:*"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:Get*"], Resource: ["*"] },
      { Effect: "Allow", NotAction: ["ec2:*"], Resource: ["*"] },
      { Effect: "Allow", NotAction: ["s3:*"], Resource: ["*"] },
    );
    const m = namedActions(getCatalog(), d);
    assert.equal(m.get("s3:GetObject"), 1);
    assert.equal(m.get("s3:GetBucketPolicy"), 3);
    assert.equal(m.get("ec2:RunInstances"), 2);
    assert.equal(m.get("s3:PutObject"), 4);
    assert.equal(m.size, getCatalog().allActions().length);
  });

  it('star-resource: "Action": "*" (and "*" with another pattern) in every statement', () => {
    const run = (c: Catalog, d: PolicyDocument) =>
      checkDocument(d, { kind: "identity", catalog: c, rules: [rule("star-resource")] });
    assertFlat("star-resource *", star, run);
    assertFlat("star-resource * and s3:Get<i>*", starAnd, run);
  });

  it("star-resource: each statement still reports its own count and first actions", () => {
    const d = doc(
      { Effect: "Allow", Action: ["s3:GetObject", "s3:ListAllMyBuckets"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject*", "s3:GetObject"], Resource: ["*"] },
      { Effect: "Deny", Action: ["s3:GetObjectAcl"], Resource: ["*"] },
    );
    const f = checkDocument(d, { kind: "identity", rules: [rule("star-resource")] });
    assert.deepEqual(
      f.map((x) => x.message),
      [
        '"Resource": "*" on an action that can be scoped to ARNs: s3:GetObject',
        // s3:GetObjectAcl is denied; s3:ListAllMyBuckets supports no resource-level permissions.
        '"Resource": "*" on 16 actions that can be scoped to ARNs: s3:GetObject, s3:GetObjectAnnotation, s3:GetObjectAttributes, s3:GetObjectLegalHold and 12 more',
      ],
    );
  });

  it("resource-type-mismatch: the same wildcard-service pattern on the same resource in every statement", () => {
    const qmarks = (i: number): Statement => ({
      Effect: "Allow",
      Action: [`*:${"?".repeat((i % 3) + 1)}*`],
      Resource: ["arn:aws:s3:::bucket/?*"],
    });
    const run = (c: Catalog, d: PolicyDocument) =>
      checkDocument(d, { kind: "identity", catalog: c, rules: [rule("resource-type-mismatch")] });
    assertFlat("resource-type-mismatch *:??*", qmarks, run);
  });

  it("redundant-statement: statements differing only in their conditions are not compared pairwise", () => {
    // Each statement's Effect is read once per comparison it takes part in.
    const effectReads = (n: number): number => {
      let reads = 0;
      const statements = Array.from({ length: n }, (_, i) => {
        const st = {
          Action: ["s3:GetObject"],
          Resource: ["*"],
          Condition: { StringEquals: { "aws:PrincipalTag/t": [`v${i}`] } },
        };
        Object.defineProperty(st, "Effect", {
          enumerable: true,
          get() {
            reads++;
            return "Allow";
          },
        });
        return st as unknown as Statement;
      });
      const f = checkDocument(doc(...statements), { kind: "identity", rules: [rule("redundant-statement")] });
      assert.deepEqual(f, []);
      return reads;
    };
    const small = effectReads(200);
    const big = effectReads(400);
    assert.ok(big <= small * 2.5, `${small} -> ${big} Effect reads for twice the statements`);
  });
});
