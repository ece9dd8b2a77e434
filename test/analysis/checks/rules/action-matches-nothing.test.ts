import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { matchesNothing } from "../../../../src/analysis/checks/rules/action-matches-nothing.js";
import { isPattern } from "../../../../src/analysis/checks/util.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("action-matches-nothing"), {
  valid: [{ document: doc(allow(["s3:Get*"], ["arn:aws:s3:::b/*"])) }],
  invalid: [
    {
      document: doc(allow(["s3:Get*Objekt"], ["arn:aws:s3:::b/*"])),
      errors: [{ messageId: "noMatch", data: { pattern: '"s3:Get*Objekt"' }, line: 7, column: 9 }],
    },
  ],
});

// AWS: IAM User Guide, "IAM JSON policy elements: Action" — action names are case-insensitive and
// take the wildcards * (any run of characters) and ? (one character). The rule answers "does the
// pattern match anything" without expanding it: it must agree with the catalog's expansion.
const catalog = getCatalog();
const keys = catalog.allActions().map((a) => a.key);
const edited = fc
  .tuple(
    fc.integer({ min: 0, max: keys.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom("*", "?", "x", "case", "cut")), { maxLength: 4 }),
  )
  .map(([i, edits]) => {
    let p = keys[i];
    for (const [at, len, kind] of edits) {
      const start = at % (p.length + 1);
      if (kind === "*") p = `${p.slice(0, start)}*${p.slice(start + len)}`;
      else if (kind === "?" && start < p.length) p = `${p.slice(0, start)}?${p.slice(start + 1)}`;
      else if (kind === "x") p = `${p.slice(0, start)}x${p.slice(start)}`;
      else if (kind === "cut") p = p.slice(0, start) + p.slice(start + len);
      else p = p.slice(0, start) + p.slice(start, start + len).toUpperCase() + p.slice(start + len).toLowerCase();
    }
    return p;
  });
const patterns = fc.oneof(
  edited,
  fc.constantFrom("*", "*:*", "s3:*", "*:Get*", "s?:Get*", "nosuchservice:Get*", "s3 :Get*", ":Get*", "s3:", "iam:*0"),
  fc.stringMatching(/^[a-z0-9*?:-]{0,12}$/),
);

test("action-matches-nothing: the literal-prefix search agrees with the catalog's expansion", () => {
  fc.assert(
    fc.property(patterns, (pattern) => {
      fc.pre(isPattern(pattern));
      const expanded = catalog.expandActionPattern(pattern).diagnostics.some((d) => d.code === "catalog-no-match");
      assert.equal(matchesNothing(catalog, pattern), expanded, pattern);
    }),
    { numRuns: 3000 },
  );
});

test("action-matches-nothing: no finding for * and a wildcard matching the end of a service's actions", () => {
  assert.equal(matchesNothing(catalog, "*"), false);
  assert.equal(matchesNothing(catalog, "*:*"), false);
  assert.equal(matchesNothing(catalog, "s3:Get*Objekt"), true);
  assert.equal(matchesNothing(catalog, "nosuchservice:Get*"), false);
  const last = catalog.service("s3")!.actions.at(-1)!.key;
  assert.equal(matchesNothing(catalog, `${last.slice(0, -1)}?`), false);
  assert.equal(matchesNothing(catalog, `${last}?`), true);
});
