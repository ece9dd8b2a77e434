import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { JsonArrayStream, locateInElement } from "../../src/input/account/json-stream.js";
import { Utf8Chunks } from "../../src/input/account/read-text.js";

interface Seen {
  key: string;
  index: number;
  text: string;
  line: number;
  column: number;
}

function read(chunks: string[]): { elements: Seen[]; members: Seen[]; errors: string[] } {
  const elements: Seen[] = [];
  const members: Seen[] = [];
  const stream = new JsonArrayStream({
    element: (key, index, text, at) => elements.push({ key, index, text, line: at.line, column: at.column }),
    member: (key, text, at) => members.push({ key, index: -1, text, line: at.line, column: at.column }),
  });
  for (const c of chunks) stream.write(c);
  const errors = stream.end().map((d) => `${d.line}:${d.column} ${d.message}`);
  return { elements, members, errors };
}

describe("JsonArrayStream", () => {
  const text = [
    "{",
    '  "UserDetailList": [',
    '    {"UserName": "a\\"}[", "Tags": [{"Key": "k", "Value": "v"}]},',
    '    {"UserName": "b"}',
    "  ],",
    '  "Empty": [],',
    '  "IsTruncated": false,',
    '  "Marker": "x,}"',
    "}",
  ].join("\n");

  it("hands over each element of each top-level array with where it starts, and the other members", () => {
    const { elements, members, errors } = read([text]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      elements.map((e) => [e.key, e.index, JSON.parse(e.text).UserName, e.line, e.column]),
      [
        ["UserDetailList", 0, 'a"}[', 3, 5],
        ["UserDetailList", 1, "b", 4, 5],
      ],
    );
    assert.deepEqual(
      members.map((m) => [m.key, JSON.parse(m.text), m.line, m.column]),
      [
        ["IsTruncated", false, 7, 18],
        ["Marker", "x,}", 8, 13],
      ],
    );
  });

  it("gives the same result whatever the chunk boundaries (one character at a time)", () => {
    assert.deepEqual(read([...text]), read([text]));
  });

  it("reads a top-level array (JSON exports of records)", () => {
    const { elements, errors } = read(['[{"a":1},\n 2, "three", null]']);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      elements.map((e) => [e.key, e.index, e.text, e.line, e.column]),
      [
        ["", 0, '{"a":1}', 1, 2],
        ["", 1, "2", 2, 2],
        ["", 2, '"three"', 2, 5],
        ["", 3, "null", 2, 14],
      ],
    );
  });

  it("reports a truncated text where it ends, naming the element it was in", () => {
    const cut = text.slice(0, text.indexOf('{"UserName": "b"') + 8);
    const { errors, elements } = read([cut]);
    assert.equal(elements.length, 1);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0],
      /^4:13 invalid JSON: the text ends inside element 1 of "UserDetailList": it looks truncated/,
    );
  });

  it("reports structural errors at the offending character and stops", () => {
    assert.match(read(['{"A": [1 2]}']).errors[0], /^1:10 .*unexpected character "2", expected ',' or '\]'/);
    assert.match(read(['{"A": [1],\n "A": []}']).errors[0], /^2:2 .*the key "A" appears twice/);
    assert.match(read(["{} x"]).errors[0], /^1:4 .*expected the end of the text/);
    assert.match(read([""]).errors[0], /before any JSON value/);
    assert.match(read(['{"A" [1]}']).errors[0], /^1:6 .*expected ':'/);
  });

  it("skips a byte-order mark", () => {
    const { elements, errors } = read(["\ufeff", '{"L": [1]}']);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      elements.map((e) => [e.text, e.column]),
      [["1", 8]],
    );
  });

  it("locates positions inside an element in the file", () => {
    assert.deepEqual(locateInElement({ line: 3, column: 5, offset: 0 }, 1, 4), { line: 3, column: 8 });
    assert.deepEqual(locateInElement({ line: 3, column: 5, offset: 0 }, 2, 4), { line: 4, column: 4 });
  });

  it("agrees with JSON.parse on arbitrary documents split at arbitrary points (property)", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.array(value, { maxLength: 5 }), value), {
          maxKeys: 4,
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (doc, cuts, pretty) => {
          fc.pre(!Object.hasOwn(doc, "__proto__"));
          const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of [...points, text.length]) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          const { elements, members, errors } = read(chunks);
          assert.deepEqual(errors, []);
          const rebuilt: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(doc)) if (Array.isArray(v)) rebuilt[k] = [];
          for (const e of elements) (rebuilt[e.key] as unknown[])[e.index] = JSON.parse(e.text);
          for (const m of members) rebuilt[m.key] = JSON.parse(m.text);
          assert.deepEqual(rebuilt, JSON.parse(text));
          // Every element starts where the scanner says it does.
          const lines = text.split("\n");
          for (const e of [...elements, ...members]) {
            assert.ok(lines[e.line - 1].slice(e.column - 1).startsWith(e.text.split("\n")[0]));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("UTF-8 chunks (read-text.ts)", () => {
  it("decodes as TextDecoder does: BOM dropped, a character split across chunks joined, bad bytes as U+FFFD", () => {
    const text = '\ufeff{"name": "Zoë — 数据 🚀"}';
    const bytes = Buffer.from(text, "utf8");
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const second of [cut, Math.min(bytes.length, cut + 1)]) {
        const chunks = new Utf8Chunks();
        const out =
          chunks.decode(bytes.subarray(0, cut)) +
          chunks.decode(bytes.subarray(cut, second)) +
          chunks.decode(bytes.subarray(second)) +
          chunks.end();
        assert.equal(out, new TextDecoder("utf-8").decode(bytes), `cut at ${cut}/${second}`);
        assert.equal(out.charCodeAt(0), 0x7b);
      }
    }
    const bad = Buffer.from([0x7b, 0xff, 0x7d]);
    const chunks = new Utf8Chunks();
    assert.equal(chunks.decode(bad) + chunks.end(), new TextDecoder("utf-8").decode(bad));
    // A byte-order mark only counts at the start.
    const later = new Utf8Chunks();
    assert.equal(later.decode(Buffer.from("a")) + later.decode(Buffer.from("\ufeffb")) + later.end(), "a\ufeffb");
  });
});
