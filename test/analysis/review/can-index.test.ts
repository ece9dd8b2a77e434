import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { principalCan, withoutSubsumed } from "../../../src/analysis/review/can.js";
import { CoversMemo, covers, PrincipalAccess } from "../../../src/analysis/review/principal-access.js";
import { ResourcePrefixIndex } from "../../../src/analysis/review/resource-index.js";
import type { AccessEntry } from "../../../src/analysis/review/types.js";
import type { Statement } from "../../../src/policy/types.js";
import { model, policy, user } from "./fixtures.js";

/**
 * `can` drops an entry another entry of the same action already says (withoutSubsumed), and asks
 * about Deny patterns inside a grant (addNarrowerPatterns). Both used to compare every pattern of
 * an action with every other — a role with a 1 MB inline policy did not finish in a minute — and
 * now look only at the patterns whose literal prefix begins the pattern's own. The answers must be
 * exactly those of the scan: these tests keep the scan as a reference and compare on patterns
 * where a prefix index could go wrong (`b-1` and `b-10`, `?` and `*` where the prefixes part,
 * `*` in the ARN's first parts, policy variables).
 */

const pieces = ["arn:aws:s3:::b-1", "arn:aws:s3:::b-10", "arn:aws:s3:::b-1?", "arn:aws:s3:::b-*", "arn:aws:s3:::*"];
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
const tails = ["", "/*", "/x", "/x/*", "/?", "*", "/${aws:username}/*", "/x?y"];
const resource = fc.oneof(
  fc.constant("*"),
  fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...tails)).map(([a, b]) => a + b),
  fc.constantFrom("arn:aws:s3:*:*:b-1/x", "arn:*:s3:::b-1/x", "arn:aws:s3:::b-1/x*y"),
);

/** The reference: every entry of the action, in order. */
function scanWithoutSubsumed(entries: readonly AccessEntry[]): AccessEntry[] {
  const same = (a: AccessEntry, b: AccessEntry) =>
    a.status === b.status && JSON.stringify(a.conditions ?? null) === JSON.stringify(b.conditions ?? null);
  return entries.filter(
    (e) =>
      !entries.some(
        (w) =>
          w !== e &&
          w.action === e.action &&
          w.resource !== e.resource &&
          !w.except &&
          same(w, e) &&
          covers(w.resource, e.resource),
      ),
  );
}

const entry = fc.record({
  action: fc.constantFrom("s3:GetObject", "s3:PutObject"),
  resource,
  status: fc.constantFrom("Allowed" as const, "Conditional" as const),
  conditional: fc.boolean(),
  excepted: fc.boolean(),
});

describe("can: indexed comparisons answer as the scan", () => {
  test("ResourcePrefixIndex.possibleCovers returns every added pattern that covers the asked one", () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 25 }), resource, (added, asked) => {
        const index = new ResourcePrefixIndex<string>();
        for (const r of added) index.add(r, r);
        const found = new Set(index.possibleCovers(asked));
        for (const r of added)
          if (covers(r, asked)) assert.ok(found.has(r), `${r} covers ${asked} but was not returned`);
      }),
      { numRuns: 2000 },
    );
  });

  test("adds and questions may alternate (new prefix lengths arriving late)", () => {
    const index = new ResourcePrefixIndex<string>();
    index.add("arn:aws:s3:::b-1/*", "a");
    assert.deepEqual(index.possibleCovers("arn:aws:s3:::b-1/x"), ["a"]);
    index.add("arn:aws:s3:::*", "b");
    index.add("arn:aws:s3:::b-1/x/y/*", "c");
    assert.deepEqual(index.possibleCovers("arn:aws:s3:::b-1/x/y/z").sort(), ["a", "b", "c"]);
    assert.deepEqual(index.possibleCovers("arn:aws:s3:::b-2"), ["b"]);
  });

  test("CoversMemo answers as covers (its one-resource test turns away only pairs covers refuses)", () => {
    const more = fc.oneof(
      resource,
      fc.constantFrom(
        "arn:aws:lambda:*:1:function:f-1*",
        "arn:aws:lambda:*:1:function:f-12*",
        "arn:aws:lambda:us-*:1:function:f-1?",
        "arn:aws:lambda:?s-east-1:1:function:*",
        "arn:aws:lambda:us-east-1:1:function:f-12",
        "arn:aws:lambda:*:*:*",
        "*:*",
        "b-1*",
        "b-?",
        "",
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(more, more), { maxLength: 20 }), (pairs) => {
        const memo = new CoversMemo();
        for (const [a, b] of pairs) assert.equal(memo.covers(a, b), covers(a, b), `${a} covers ${b}`);
      }),
      { numRuns: 2000 },
    );
  });

  test("withoutSubsumed keeps exactly what the scan keeps, in the same order (scanned and indexed actions)", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 90 }), (raw) => {
        const entries: AccessEntry[] = raw.map((e) => ({
          action: e.action,
          resource: e.resource,
          status: e.status,
          ...(e.conditional ? { conditions: [{ Bool: { "aws:SecureTransport": ["true"] } }] } : {}),
          ...(e.excepted ? { except: [{ resource: "arn:aws:s3:::b-1/secret/*", statements: [] }] } : {}),
          service: "s3",
          accessLevel: "Read",
        }));
        assert.deepEqual(withoutSubsumed(entries), scanWithoutSubsumed(entries));
      }),
      { numRuns: 1000 },
    );
  });

  for (const grants of [40, 10]) {
    test(`a Deny narrower than a grant still reads as an exception of the grant, whatever the order (${grants} grants: ${grants > 32 ? "indexed" : "scanned"})`, () => {
      // Many grants of one action on resources that begin one another, and Denies inside some of them.
      const allows: Statement[] = [];
      const denies: Statement[] = [];
      for (let i = 0; i < grants; i++) {
        allows.push({ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::b-${i}/*`] });
        if (i % 3 === 0)
          denies.push({ Effect: "Deny", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::b-${i}/secret/*`] });
      }
      // `b-1?/x` lies inside no grant but `b-1/*` shares its prefix: it must not become a candidate.
      denies.push({ Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b-1?/x"] });
      const one = (statements: Statement[]) =>
        principalCan(model([user("u", "t", { managedPolicies: ["p"] })], [policy("p", statements)]), "u");
      const forward = one([...allows, ...denies]);
      const reversed = one([...denies, ...allows].reverse());
      const excepted = (r: typeof forward) =>
        r.groups
          .flatMap((g) => g.lines)
          .filter((l) => l.except)
          .flatMap((l) => l.resources.map((r) => [r, l.except?.map((x) => x.resource)] as const))
          .sort(([a], [b]) => (a < b ? -1 : 1));
      const want = [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39]
        .filter((i) => i < grants)
        .map((i) => [`arn:aws:s3:::b-${i}/*`, [`arn:aws:s3:::b-${i}/secret/*`]] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      assert.deepEqual(excepted(forward), want);
      assert.deepEqual(excepted(reversed), want);
    });
  }

  test("classify remembers by action class: each answer is a fresh principal access's, asked in any order", () => {
    // Statuses are remembered per (relaxed variant, action class, resource): Allowed, Conditional
    // and Denied must each be what a principal access that remembers nothing answers.
    const statement = fc.record({
      deny: fc.boolean(),
      action: fc.constantFrom("s3:Get*", "s3:GetObject", "s3:*", "s3:Put*", "s3:GetObjectAcl"),
      resource: fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k*", "arn:aws:s3:::c/*"),
      conditional: fc.boolean(),
    });
    const actions = ["s3:GetObject", "s3:GetObjectAcl", "s3:GetBucketPolicy", "s3:PutObject", "s3:ListBucket"];
    const resources = ["arn:aws:s3:::b/k", "arn:aws:s3:::b/x", "arn:aws:s3:::c/k", "arn:aws:s3:::b/*", "*"];
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (list, seed) => {
          const statements: Statement[] = list.map((s) => ({
            Effect: s.deny ? "Deny" : "Allow",
            Action: [s.action],
            Resource: [s.resource],
            ...(s.conditional ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": ["true"] } } } : {}),
          }));
          const build = () => model([user("u", "t", { managedPolicies: ["p"] })], [policy("p", statements)]);
          const remembering = new PrincipalAccess(build(), "u");
          const pairs = actions.flatMap((a) => resources.map((r) => [a, r] as const));
          // A deterministic shuffle, twice over: the second pass answers from memory.
          const order = pairs.map((p, i) => [((i + 1) * (seed + 7919)) % 1009, p] as const).sort(([x], [y]) => x - y);
          for (let pass = 0; pass < 2; pass++)
            for (const [, [a, r]] of order)
              assert.equal(remembering.classify(a, r), new PrincipalAccess(build(), "u").classify(a, r), `${a} ${r}`);
        },
      ),
      { numRuns: 40, seed: 14 },
    );
  });
});
