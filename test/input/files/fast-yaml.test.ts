import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import * as yaml from "yaml";
import { fastParseYaml } from "../../../src/input/files/fast-yaml.js";
import { parseBoundedYaml } from "../../../src/input/files/yaml-limits.js";
import { compareFast } from "./fast-yaml-compare.js";
import { jsonLikeText, specLikeYaml } from "./fast-yaml-gen.js";

/** The fast path reads `text`, exactly as the `yaml` package does. */
function same(text: string): void {
  const r = compareFast(text);
  assert.ok(r.accepted, `the fast path should read ${JSON.stringify(text)}`);
  assert.equal(r.difference, undefined, `${JSON.stringify(text)}: ${r.difference}`);
}

/** The fast path leaves `text` to the `yaml` package. */
function left(text: string): void {
  assert.equal(fastParseYaml(text, yaml), undefined, `the fast path should leave ${JSON.stringify(text)}`);
}

test("fast path: scalars resolve as the package's core schema resolves them", () => {
  const cases: Array<[string, unknown, string]> = [
    ["1e3", 1000, "PLAIN"],
    ["0x1F", 31, "PLAIN"],
    ["0o17", 15, "PLAIN"],
    [".inf", Number.POSITIVE_INFINITY, "PLAIN"],
    ["-.5", -0.5, "PLAIN"],
    ["+1", 1, "PLAIN"],
    ["1_000", "1_000", "PLAIN"],
    ["true", true, "PLAIN"],
    ["True", true, "PLAIN"],
    ["yes", "yes", "PLAIN"],
    ["null", null, "PLAIN"],
    ["Null", null, "PLAIN"],
    ["~", null, "PLAIN"],
    ["", null, "PLAIN"],
    ["12345678901234567890", Number("12345678901234567890"), "PLAIN"],
    ['"a\\u00e9\\n"', "aé\n", "QUOTE_DOUBLE"],
    ['"\\x41\\U0001F600\\/\\ \\_"', "A😀/ \u00a0", "QUOTE_DOUBLE"],
    ["'it''s'", "it's", "QUOTE_SINGLE"],
    ["b #c", "b", "PLAIN"],
    ["a:b", "a:b", "PLAIN"],
    ['"x" # c', "x", "QUOTE_DOUBLE"],
    ["-x", "-x", "PLAIN"],
    ["a#b", "a#b", "PLAIN"],
    ["é 中文 😀", "é 中文 😀", "PLAIN"],
  ];
  for (const [written, value, type] of cases) {
    const text = `k: ${written}\n`;
    same(text);
    const doc = fastParseYaml(text, yaml)?.doc as yaml.Document.Parsed;
    const node = (doc.contents as yaml.YAMLMap).items[0]?.value as yaml.Scalar;
    assert.ok(yaml.isScalar(node), written);
    assert.ok(Object.is(node.value, value), `${written}: ${String(node.value)}`);
    assert.equal(node.type, type, written);
  }
  // A key resolves as a value does (the reader refuses keys that are not names).
  same("1: a\ntrue: b\nnull: c\n__proto__: d\n");
});

test("fast path: collections, ranges, anchors and aliases as the package builds them", () => {
  for (const text of [
    "- - x\n  - y\n- k: v\n  l: w\n-\n- {a: 1, b}\n",
    "a: [a, b,]\nb: {a: 1, b}\nc: [ ]\nd: {}\ne: [ a , b ]\nf: { x: 1 , y: &z 'q' }\ng: [[1] , {a: *z } ]\n",
    'a:\n- 1\n- 2\nb:\n  c:\n    - &x {rule: r, reason: "q"}\n    - *x\n',
    "a:\nb:   \nc:\n\nd: 1\n",
    "-\n",
    "a:",
    "# top\n\na: 1 # x\n\n\n",
    "a: 1\n  \nb:  x  \n   \n",
    "k: &a x\nl: *a\nm: &b\n  n: 1\n",
    "-   x\n-   y: 1\n    z: 2\n",
    // Comment lines: deeper than the collection after a value (in the value's range), at the
    // collection's column when it ends (in its range), less indented (moved to the parent).
    "x:\n  a:\n    - x\n    # c\n  b: 1\n",
    "x:\n  a: 1\n  # c\n\ny: 1\n# d\n",
    "- k: v\n  # c\n- x\n  # e\n",
    "a:\n  - x\n  # c\n# d\n\nb: 1\n# e\n",
    "a:\n  k: x\n    # c\n # d\n\nb: [1]\n   # f\n\n   # g\nc: 2\n",
    "teams:\n  # the first team\n  vision:\n    # its members\n    members: {alice: x}\n",
    // A colon followed by a character that is not a space, `#` or a flow indicator is part of a
    // flow collection's plain scalar (YAML 1.2, ns-plain-char): access tests are written this way.
    "tests:\n  - { principal: t/a, action: s3:GetObject, resource: arn:aws:s3:::b/*, expect: deny }\n",
    "a: {b:1}\nc: [b:1, a::b, http://x.y/z?q=1]\nd: {s3:x: 1, y: a:b:c}\n",
  ]) {
    same(text);
  }
  // The readers' view: a BoundedYaml with the fast path is the one without it.
  const text = readFileSync(new URL("../../../examples/ai-platform/org.yaml", import.meta.url), "utf8");
  const a = parseBoundedYaml(text);
  const b = parseBoundedYaml(text, { fastPath: false });
  assert.deepEqual(a.problems, b.problems);
  assert.deepEqual(a.doc?.toJS(), b.doc?.toJS());
  assert.deepEqual(a.lines.lineStarts, b.lines.lineStarts);
  assert.ok(fastParseYaml(text, yaml), "examples/ai-platform/org.yaml is in the subset");
});

test("fast path: a JSON document, compact or indented, as the package reads it", () => {
  for (const text of [
    "[a, b]\n",
    '{"a":1}',
    '{"a": {"b": [1, "x", null, true, -1.5e3]}, "c": {}, "d": []}\n',
    '{\n  "a": 1,\n  "b": [\n    1,\n    "x"\n  ],\n  "c": {\n    "d": {}\n  }\n}\n',
    '[\n  {\n    "a": [\n      1\n    ]\n  }\n]',
    // Trailing spaces and blank lines end the items, the root and the document as the package
    // ends them (a sequence item at the closing bracket, a mapping value after the line break).
    '["x"  ,\n  "y"  \n  ]  \n',
    '{"k":"v"   \n}',
    "[1]\n\n\n",
    "[1]  \n \n  \n",
    '# c\n\n{"a": 1}\n\n',
    "[a,\n\n b,\n]\n",
  ]) {
    same(text);
  }
  let accepted = 0;
  fc.assert(
    fc.property(jsonLikeText, (text) => {
      const r = compareFast(text);
      if (r.accepted) accepted++;
      assert.equal(r.difference, undefined, `${JSON.stringify(text)}: ${r.difference}`);
    }),
    { numRuns: 1000 },
  );
  // Most are JSON as written (a quarter have noise): the fast path reads most of them.
  assert.ok(accepted > 500, `accepted ${accepted} of 1000`);
});

test("fast path: the limits and checks of parseBoundedYaml work on its documents", () => {
  const dup = "a: 1\nb: 2\na: 3\n";
  assert.ok(fastParseYaml(dup, yaml));
  assert.deepEqual(parseBoundedYaml(dup).problems, parseBoundedYaml(dup, { fastPath: false }).problems);
  assert.equal(parseBoundedYaml(dup).problems[0]?.kind, "duplicate-key");
  const alias = "a: *x\nb: &x 1\n";
  assert.ok(fastParseYaml(alias, yaml));
  assert.deepEqual(parseBoundedYaml(alias).problems, parseBoundedYaml(alias, { fastPath: false }).problems);
  const laughs = `l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
    { length: 6 },
    (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]\n`,
  ).join("")}`;
  assert.ok(fastParseYaml(laughs, yaml));
  const bounded = parseBoundedYaml(laughs);
  assert.equal(bounded.failed, true);
  assert.deepEqual(bounded.problems, parseBoundedYaml(laughs, { fastPath: false }).problems);
  const cycle = "a: &x [*x]\n";
  assert.deepEqual(parseBoundedYaml(cycle).problems, parseBoundedYaml(cycle, { fastPath: false }).problems);
});

test("fast path: leaves everything outside its subset to the package", () => {
  for (const text of [
    "", // empty
    "# only a comment\n",
    "a:\n# before an empty value\nb: 1\n",
    "- a\n# before an empty item\n-\n",
    "a: &x\n  # between an anchor and its node\n  b: 1\n",
    "a:\ty\n",
    "a: 1\r\nb: 2\r\n",
    "\ufeffa: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "a: !!str 1\n",
    "? a\n: 1\n",
    "a: |\n  x\n",
    "a: >\n  x\n",
    "a: b\n  c\n",
    'a: "b\n  c"\n',
    "a: [b,\n  c]\n",
    "<<: *x\n",
    "[a]: 1\n",
    "*a: 1\n",
    "&a k: 1\n",
    "a: b: c\n",
    "a : 1\n",
    "  a: 1\n",
    "a: 1\n b: 2\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\n- b\n",
    "- a\nb: 1\n",
    'a: "\\q"\n',
    'a: "x"y\n',
    'a: "x"#c\n',
    "a: @x\n",
    "a: `x`\n",
    "a: &x\nb: 1\n",
    "a: &x:y 1\n",
    "a: *x:\n",
    "a: {b: 1\n",
    "a: [a:#b]\n",
    "a: [a:]\n",
    "a: {a:,b}\n",
    "a: [b: 1]\n",
    "a: - b\n",
    "just a scalar\n",
    // A root flow collection (JSON) spans lines, but not with a comment, a line break before a
    // `,` or a value, a multi-line scalar, or anything after it.
    "[a, # c\n b]\n",
    '{"a":\n1}\n',
    '{"a":"b"\n,"c":1}\n',
    "[a\n b]\n",
    '["a\n b"]\n',
    "[1]\n[2]\n",
    "[1]\n# c\n",
    "[a\n]: 1\n",
    "[\n\t1]\n",
    `${"k".repeat(1100)}: 1\n`,
    "a: \u0085\n",
    "a: \u2028\n",
  ]) {
    left(text);
  }
});

test("fast path: wherever it accepts a random spec-shaped text, it reads what the package reads", () => {
  let accepted = 0;
  fc.assert(
    fc.property(specLikeYaml, (text) => {
      const r = compareFast(text);
      if (r.accepted) accepted++;
      assert.equal(r.difference, undefined, `${JSON.stringify(text)}: ${r.difference}`);
    }),
    { numRuns: 1500 },
  );
  // The property says something only if the fast path accepts a good share of the texts.
  assert.ok(accepted > 300, `accepted ${accepted} of 1500`);
});
