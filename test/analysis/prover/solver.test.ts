import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readOutput } from "../../../src/analysis/prover/prove.js";
import { solver } from "../../../src/analysis/prover/z3.js";

/** The solver handle and how its output is believed. */

describe("solver: the query text reaches Z3 intact", () => {
  it("while the main thread calls into Z3 during a query (the text once lived on the WASM stack)", {
    timeout: 120_000,
  }, async () => {
    // z3-solver's eval_smtlib2_string put the text on the WASM stack and returned while a thread
    // parsed it later; any main-thread call in between overwrote it ("invalid command, '(' expected").
    const z3 = await solver();
    const lines = Array.from({ length: 50 }, (_, i) => `(declare-const v${i} Bool)`);
    const text = [...lines, "(assert v0)", "(assert (not v49))", "(assert (= v0 v49))", "(check-sat)"].join("\n");
    const bad: string[] = [];
    for (let i = 0; i < 150; i++) {
      const answer = z3.run(text);
      // Main-thread use of the WASM stack while the query's thread starts (the query itself starts
      // a few microtasks after run() is called).
      for (let k = 0; k < 4; k++) {
        await null;
        z3.param("memory_max_size");
      }
      const out = await answer;
      if (out !== "unsat\n") bad.push(out.slice(0, 120));
    }
    assert.deepEqual(bad, []);
  });

  it("queries from concurrent callers run one at a time, each with its own answer", { timeout: 120_000 }, async () => {
    const z3 = await solver();
    const q = (n: number) => `(declare-const x Int)\n(assert (= x ${n}))\n(check-sat)\n(get-value (x))`;
    const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => z3.run(q(i))));
    outs.forEach((out, i) => {
      assert.equal(out, `sat\n((x ${i}))\n`);
    });
  });
});

describe("readOutput: a verdict is believed only as Z3's first line", () => {
  it("reads sat, unsat and unknown with what follows", () => {
    assert.deepEqual(readOutput("unsat\n").verdict, "unsat");
    const sat = readOutput("sat\n((x 1))\n");
    assert.equal(sat.verdict, "sat");
    assert.equal(sat.rest.trim(), "((x 1))");
    assert.equal(readOutput("unknown\n").verdict, "unknown");
    // get-value after unsat is an error Z3 always prints: the verdict stands.
    assert.equal(readOutput('unsat\n(error "line 9 column 10: model is not available")\n').verdict, "unsat");
  });

  it("an error or an unsupported command before the verdict is an error, never unsat", () => {
    for (const text of [
      `(error "line 5 column 22: invalid command, '(' expected")\nunsat\n`,
      `unsupported\n; asse line: 108 position: 5\n(error "line 108 column 6: invalid command, '(' expected")\n`,
      "",
      "unsat-ish\n",
    ]) {
      const out = readOutput(text);
      assert.equal(out.verdict, undefined, text);
      assert.ok(out.error, text);
    }
  });
});
