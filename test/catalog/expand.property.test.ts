import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { getCatalog } from "../../src/catalog/index.js";

// AWS: IAM User Guide, "IAM JSON policy elements: Action" — action names are case-insensitive and
// take the wildcards * (any run of characters) and ? (one character).
const catalog = getCatalog();
const all = catalog.allActions();
const allKeys = all.map((a) => a.key);

/**
 * The oracle, written independently of the catalog's matcher: every letter becomes a two-case
 * character class and every other character a \u{...} escape, so no escaping rule is shared.
 */
function oracle(pattern: string): RegExp {
  let src = "";
  for (const ch of pattern) {
    if (ch === "*") src += "[\\s\\S]*";
    else if (ch === "?") src += "[\\s\\S]";
    else if (ch.toLowerCase() !== ch.toUpperCase()) src += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else src += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  return new RegExp(`^${src}$`, "u");
}

/** Patterns derived from real actions: some characters become ?, some runs become *, random case. */
const derived = fc
  .tuple(
    fc.integer({ min: 0, max: allKeys.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom("*", "?", "case")), { maxLength: 3 }),
  )
  .map(([i, edits]) => {
    let p = allKeys[i];
    for (const [at, len, kind] of edits) {
      const start = at % (p.length + 1);
      if (kind === "*") p = `${p.slice(0, start)}*${p.slice(start + len)}`;
      else if (kind === "?" && start < p.length) p = `${p.slice(0, start)}?${p.slice(start + 1)}`;
      else p = p.slice(0, start) + p.slice(start, start + len).toUpperCase() + p.slice(start + len).toLowerCase();
    }
    return p;
  });

/** Free-form patterns over a small alphabet, on a few real service prefixes (and wildcard ones). */
const freeform = fc
  .tuple(
    fc.constantFrom("s3", "iam", "sagemaker", "ec2", "bedrock", "*", "s?", "*e*", "kms"),
    fc.array(fc.constantFrom("*", "?", "Get", "List", "Create", "o", "e", "Object", "Tag", "s"), { maxLength: 5 }),
  )
  .map(([svc, parts]) => `${svc}:${parts.join("")}`);

test("expansion equals an independent regex over the whole catalog (property)", () => {
  fc.assert(
    fc.property(fc.oneof(derived, freeform), (pattern) => {
      const { actions, diagnostics } = catalog.expandActionPattern(pattern);
      const got = actions.map((a) => a.key);
      const colon = pattern.indexOf(":");
      if (colon <= 0 && pattern !== "*") {
        // A pattern must name a service part ("service:action"); only "*" stands alone.
        assert.deepEqual(got, []);
        assert.equal(diagnostics[0]?.code, "catalog-invalid-action-pattern");
        return;
      }
      const service = pattern.slice(0, colon);
      if (colon > 0 && !/[*?]/.test(service) && !catalog.hasService(service)) {
        assert.deepEqual(got, []);
        assert.equal(diagnostics[0]?.code, "catalog-unknown-service");
        return;
      }
      const re = oracle(pattern);
      const expected = allKeys.filter((k) => re.test(k));
      // Every expanded action matches the pattern, and every matching catalog action is expanded.
      assert.deepEqual(got, expected, pattern);
      assert.equal(diagnostics.length, expected.length === 0 ? 1 : 0, pattern);
    }),
    { numRuns: 400 },
  );
});

test("allActions is sorted by key and unique", () => {
  const lower = allKeys.map((k) => k.toLowerCase());
  assert.deepEqual(lower, [...lower].sort());
  assert.equal(new Set(lower).size, lower.length);
  assert.ok(all.length > 15000);
});
