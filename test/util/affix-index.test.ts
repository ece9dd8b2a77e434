/**
 * The affix index is a pre-filter: what it leaves out must be what no pattern filed there can
 * match. IAM matches actions case-insensitively with `*` and `?` anywhere (IAM User Guide, "IAM
 * JSON policy elements: Action"); the checks' matcher (`matches` with `ACTION_PATTERN`) and the
 * engine's (`compileActions`) lower-case differently (piece by piece, the whole string), so both
 * are compared, with characters whose lower case depends on their neighbours (`Σ`) or is longer
 * (`İ`) or ASCII (the Kelvin sign).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compileActions } from "../../src/engine/compile.js";
import { ACTION_PATTERN, matches } from "../../src/policy/wildcard.js";
import { AffixIndex, affixes } from "../../src/util/affix-index.js";

const KELVIN = "\u212a";

describe("affixes", () => {
  test("the lower-cased literal text before the first and after the last wildcard", () => {
    assert.deepEqual(affixes("iam:*Policy"), { prefix: "iam:", suffix: "policy" });
    assert.deepEqual(affixes("S3:Get*Object?Acl"), { prefix: "s3:get", suffix: "acl" });
    assert.deepEqual(affixes("s3:GetObject"), { prefix: "s3:getobject", suffix: "" });
    assert.deepEqual(affixes("*"), { prefix: "", suffix: "" });
    assert.deepEqual(affixes("?3:*"), { prefix: "", suffix: "" });
    assert.deepEqual(affixes("*:GetObject"), { prefix: "", suffix: ":getobject" });
  });

  test("only as far as the text is ASCII", () => {
    assert.deepEqual(affixes("xΣ*aΣ"), { prefix: "x", suffix: "" });
    assert.deepEqual(affixes("aİb*cİd"), { prefix: "ai", suffix: "d" }); // "İ" is "i" and a combining dot
    assert.deepEqual(affixes(`*${KELVIN}`), { prefix: "", suffix: "k" });
  });
});

describe("AffixIndex", () => {
  const pattern = fc.stringMatching(new RegExp(`^[aAbΣσςİiI${KELVIN}kK:*?]{0,6}$`));
  const subject = fc.stringMatching(new RegExp(`^[aAbΣσςİiI${KELVIN}kK:]{0,7}$`));

  test("finds every pattern that matches a string, for the checks' matcher and the engine's", () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 12 }), subject, (patterns, s) => {
        const ix = new AffixIndex();
        for (const [n, p] of patterns.entries()) ix.add(affixes(p), n);
        const lists: number[][] = [];
        const size = ix.find(s.toLowerCase(), lists);
        const found = new Set(lists.flat());
        assert.equal(size, lists.flat().length);
        for (const [n, p] of patterns.entries()) {
          if (matches(p, s, ACTION_PATTERN)) assert.ok(found.has(n), `checks: ${p} matches ${s}`);
          if (compileActions([p])(s.toLowerCase())) assert.ok(found.has(n), `engine: ${p} matches ${s}`);
        }
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  test("finds only what starts and ends the string, without overlap", () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 12 }), subject, (patterns, s) => {
        const ix = new AffixIndex();
        for (const [n, p] of patterns.entries()) ix.add(affixes(p), n);
        const lists: number[][] = [];
        ix.find(s.toLowerCase(), lists);
        const lower = s.toLowerCase();
        const want = patterns.flatMap((p, n) => {
          const { prefix, suffix } = affixes(p);
          const fits =
            lower.startsWith(prefix) && lower.endsWith(suffix) && prefix.length + suffix.length <= lower.length;
          return fits ? [n] : [];
        });
        assert.deepEqual(
          [...new Set(lists.flat())].sort((a, b) => a - b),
          want,
        );
      }),
      { numRuns: 1000, seed: 14 },
    );
  });

  test("an IAM action finds none of 10,000 patterns `iam:*<n>` it does not end with", () => {
    const ix = new AffixIndex();
    for (let i = 0; i < 10_000; i++) ix.add(affixes(`iam:*${i}`), i);
    const lists: number[][] = [];
    assert.equal(ix.find("iam:createuser", lists), 0);
    assert.equal(ix.find("iam:action42", lists), 2);
    assert.deepEqual(lists, [[2], [42]]);
  });
});
