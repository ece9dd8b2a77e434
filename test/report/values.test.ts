import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValueTable } from "../../src/report/html/values.js";
import { reportValue } from "./report-values.js";

/** A page holding only `table`'s values, as the report inlines them. */
const page = (table: ValueTable) => `<script type="application/json" id="report-values">${table.json()}</script>`;

describe("the report's shared values", () => {
  test("the script rebuilds each value as JSON.stringify sees it, hostile keys and text included", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x", "10": 1, "2": [1, null]}');
    const values: unknown[] = [
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] },
      hostile,
      ["</script><script>alert(1)</script>", "<!--", "\u2028", "\\", '"'],
      { a: undefined, b: [undefined, 1.5, -0, true, false], c: {} },
      // biome-ignore lint/suspicious/noSparseArray: a hole is written as null, as JSON.stringify writes it
      [1, , 3],
      [],
      "",
    ];
    const table = new ValueTable();
    const refs = values.map((v) => table.ref(v));
    const html = page(table);
    assert.ok(!table.json().includes("<"), "nothing in the table can end its script element");
    for (const [i, v] of values.entries()) {
      assert.equal(JSON.stringify(reportValue(html, refs[i]!)), JSON.stringify(v), `value ${i}`);
    }
    assert.deepEqual(Object.keys(reportValue(html, refs[1]!) as object), ["2", "10", "__proto__", "constructor"]);
  });

  test("equal values share one entry, however many times and wherever they appear", () => {
    const statement = () => ({
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: ["arn:aws:s3:::b/*"],
    });
    const table = new ValueTable();
    const one = table.ref({ Statement: [statement()] });
    const size = table.entries.length;
    for (let i = 0; i < 100; i++) assert.equal(table.ref({ Statement: [statement()] }), one);
    assert.equal(table.entries.length, size, "a hundred copies add nothing");
    // Different values stay apart: key order, array order, types.
    const distinct = [{ a: 1, b: 2 }, { b: 2, a: 1 }, [1, 2], [2, 1], ["1", "2"], { a: "1", b: 2 }, 1, "1", true, null];
    assert.equal(new Set(distinct.map((v) => table.ref(v))).size, distinct.length);
  });
});
