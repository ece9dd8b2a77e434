import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDocument } from "yaml";
import { indexAliases, yamlNestingProblem } from "../../../src/input/files/yaml-limits.js";

test("nesting: flow brackets, indentation and `- ` indicators count; quotes and comments do not", () => {
  assert.deepEqual(yamlNestingProblem(`a: ${"[".repeat(300)}${"]".repeat(300)}`), { line: 1, column: 260, depth: 257 });
  assert.equal(yamlNestingProblem(`a: ${"[".repeat(200)}${"]".repeat(200)}`), undefined);
  assert.equal(yamlNestingProblem(`x: 1\n${"- ".repeat(300)}x`)?.line, 2);
  const indented = Array.from({ length: 300 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
  assert.equal(yamlNestingProblem(indented)?.line, 258);
  assert.equal(
    yamlNestingProblem(`a: "${"[".repeat(1000)}"\nb: '${"{".repeat(1000)}'' ['\n# ${"[".repeat(1000)}\n`),
    undefined,
  );
  assert.equal(yamlNestingProblem("a: [1, [2, [3]]]\nb:\n  - - x\n"), undefined);
  assert.equal(yamlNestingProblem(`a: [${"[".repeat(10)}`, 5)?.depth, 6);
});

test("aliases: resolved in one pass, and their expansion counted", () => {
  const n = 20_000;
  const text = `suppress:\n  - &s { rule: iam-user-for-human, reason: "x" }\n${"  - *s\n".repeat(n)}`;
  const doc = parseDocument(text);
  const t0 = performance.now();
  const index = indexAliases(doc);
  const ms = performance.now() - t0;
  assert.equal(index.targets.size, n);
  assert.ok([...index.targets.values()].every((t) => t?.anchor === "s"));
  // Root map, its pair's key and list, the anchored map (1 + 2 × 2 scalars) once written and n times aliased.
  assert.equal(index.expanded, 1 + 1 + 1 + 5 * (n + 1));
  assert.equal(index.overLimit, undefined);
  assert.ok(ms < 60_000, `${ms} ms`); // a bound against hangs only; the benchmark measures time
});

/** `l0: &l0 [x × 10]`, then each `li: &li [*l(i-1) × 10]`: level i expands to about 10^(i+1) nodes. */
function laughs(levels: number): string {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return lines.join("\n");
}

test("aliases: billion laughs is over the limit, named at the first alias that crosses it", () => {
  const text = laughs(9);
  const index = indexAliases(parseDocument(text));
  assert.ok(index.expanded > 2_000_000);
  // Level i's list is 1 + 10 × (level i-1's): 11, 111, …, 1,111,111 for l5. The aliases of l1 to l5
  // add 10 × (11 + 111 + 1,111 + 11,111 + 111,111) = 1,234,450 nodes; l6's first *l5 adds 1,111,111 more.
  const at = index.overLimit as { source: string; range: [number, number] } | undefined;
  assert.equal(at?.source, "l5");
  assert.equal(at?.range[0], text.indexOf("l6: &l6 [") + "l6: &l6 [".length);
  const small = indexAliases(parseDocument(laughs(3)));
  assert.equal(small.overLimit, undefined);
  assert.equal(small.aliasNodes, 10 * (11 + 111 + 1111));
  assert.equal(small.expanded, 1 + 4 + 11 + 3 + small.aliasNodes); // the map, its 4 keys, l0 and its 10 scalars, 3 lists of aliases
});

test("aliases: counting is linear, however far the aliases expand (10^41 nodes)", () => {
  const doc = parseDocument(laughs(40));
  const t0 = performance.now();
  const index = indexAliases(doc, 2_000_000);
  assert.equal(index.expanded, 2_000_001, "saturated");
  assert.equal(index.aliasNodes, 2_000_001, "saturated");
  assert.equal((index.overLimit as { source: string } | undefined)?.source, "l5");
  assert.ok(performance.now() - t0 < 5_000, "a bound against exponential work only");
});

test("aliases: to nothing defined before, and inside the node they name", () => {
  const text = "a: *later\nb: &later 1\nc: &self [1, *self]\nd: &x 1\ne: &x 2\nf: *x\n";
  const index = indexAliases(parseDocument(text));
  // Each alias with where its target starts: none for *later, the list for *self, the second &x.
  const resolved = [...index.targets].map(([alias, target]) => [
    (alias as { source: string }).source,
    target?.range ? text.slice(target.range[0], target.range[0] + 3) : undefined,
  ]);
  assert.deepEqual(resolved, [
    ["later", undefined],
    ["self", "[1,"],
    ["x", "2\nf"],
  ]);
  assert.equal(index.cycles.length, 1);
});
