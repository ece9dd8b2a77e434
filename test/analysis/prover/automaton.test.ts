/**
 * The prover's string automata against the engine's matchers: patterns converted to programs accept
 * exactly what the engine matches (ARN-aware and plain, with and without case), and `explore`
 * lists every reachable signature once, each with a witness that has it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  accepts,
  type CharSet,
  explore,
  literal,
  member,
  type Program,
  type Signature,
  Unsupported,
} from "../../../src/analysis/prover/automaton.js";
import { arnProgram, globProgram, pattern as parsePattern } from "../../../src/analysis/prover/programs.js";
import { compileWildcard } from "../../../src/policy/wildcard.js";

const noVars = { variable: () => undefined };
/** The engine's matchers: the one wildcard module. */
const compileArnMatcher =
  (text: string) =>
  (s: string, vars = noVars) =>
    compileWildcard(text, { arn: true }).test(s, vars);
const compileMatcher =
  (text: string, wildcards: boolean, ci: boolean) =>
  (s: string, vars = noVars) =>
    compileWildcard(text, { wildcards, ignoreCase: ci }).test(s, vars);
const resolve = () => ({ fixed: undefined });

const patternText = fc
  .array(fc.constantFrom("a", "b", ":", "/", "*", "?", "arn:", "A"), { maxLength: 9 })
  .map((xs) => xs.join(""));
const part = fc.array(fc.constantFrom("a", "b", "/", "*", "?", "A"), { maxLength: 3 }).map((xs) => xs.join(""));
/** ARN-shaped patterns (and subjects): five colons, wildcards in the parts. */
const arnText = fc.tuple(part, part, part, part, part).map((ps) => `arn:${ps.join(":")}`);
const subject = fc
  .array(fc.constantFrom("a", "b", ":", "/", "A", "x", "arn:"), { maxLength: 10 })
  .map((xs) => xs.join(""));

describe("programs match as the engine does", () => {
  it("ARN-aware patterns (Resource, ArnLike)", () => {
    fc.assert(
      fc.property(fc.oneof(patternText, arnText), fc.oneof(subject, arnText), (text, s) => {
        const p = parsePattern(text, { wildcards: true, variables: false });
        const prog = arnProgram(p, resolve);
        const expected = compileArnMatcher(text)(s, noVars);
        assert.equal(prog === null ? false : accepts(prog, s), expected, `${text} vs ${s}`);
      }),
      { numRuns: 3000 },
    );
  });

  it("plain and case-insensitive patterns (StringLike, StringEqualsIgnoreCase)", () => {
    fc.assert(
      fc.property(patternText, subject, fc.boolean(), (text, s, ci) => {
        const p = parsePattern(text, { wildcards: !ci, variables: false });
        const prog = globProgram(p, resolve, ci)!;
        assert.equal(accepts(prog, s), compileMatcher(text, !ci, ci)(s, noVars), `${text} vs ${s} (ci ${ci})`);
      }),
      { numRuns: 3000 },
    );
  });

  it("an unresolvable variable matches nothing", () => {
    const p = parsePattern(`arn:aws:s3:::b/\${aws:username}/*`, { wildcards: true, variables: true });
    assert.equal(arnProgram(p, resolve), null);
    const q = arnProgram(p, () => ({ fixed: "alice" }))!;
    assert.ok(accepts(q, "arn:aws:s3:::b/alice/x"));
    assert.ok(!accepts(q, "arn:aws:s3:::b/bob/x"));
  });

  it("case-insensitive literals fold as the engine does (the Kelvin sign is a k)", () => {
    const prog = literal("k", true);
    assert.ok(accepts(prog, "K"));
    assert.ok(accepts(prog, "\u212a"));
    assert.equal(compileMatcher("k", false, true)("\u212a", noVars), true);
  });
});

describe("explore", () => {
  it("lists each reachable signature once, with a witness that has it, and misses none", () => {
    fc.assert(
      fc.property(
        fc.array(patternText, { minLength: 1, maxLength: 4 }),
        fc.array(subject, { maxLength: 30 }),
        (texts, samples) => {
          const programs = texts.flatMap((t) => {
            const p = arnProgram(parsePattern(t, { wildcards: true, variables: false }), resolve);
            return p ? [p] : [];
          });
          const sigs = explore(programs);
          const keys = sigs.map((s) => s.accepts.join());
          assert.equal(new Set(keys).size, keys.length);
          for (const s of sigs) {
            assert.deepEqual(
              programs.map((p) => accepts(p, s.witness)),
              s.accepts,
            );
          }
          for (const s of samples) assert.ok(keys.includes(programs.map((p) => accepts(p, s)).join()), s);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps only the signatures a domain allows", () => {
    const sigs = explore([literal("a"), literal("b")], { keep: (acc) => acc[0] || acc[1] });
    assert.deepEqual(sigs.map((s) => s.witness).sort(), ["a", "b"]);
  });

  it("gives the plain subset construction's signatures, in its order, with its witnesses (remembered or not)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(patternText, arnText), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (texts, wanted) => {
          const programs = texts.flatMap((t) => {
            const p = arnProgram(parsePattern(t, { wildcards: true, variables: false }), resolve);
            return p ? [p] : [];
          });
          const keep = (acc: boolean[]) => acc.some((a, i) => a && wanted[i]);
          const expected = referenceExplore(programs, keep, false);
          assert.deepEqual(explore(programs, { keep }), expected);
          assert.deepEqual(explore(programs, { keep }), expected, "remembered");
          assert.deepEqual(explore(programs), referenceExplore(programs, undefined, false));
          assert.deepEqual(explore(programs, { keep, first: true }), referenceExplore(programs, keep, true));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("still refuses, when remembered, a question past its state budget", () => {
    const programs = [0, 1, 2, 3].map((i) => [
      ...literal(`x${i}`),
      { star: true, set: { neg: true, codes: [] } },
      ...literal("ab"),
      { star: true, set: { neg: true, codes: [] } },
    ]);
    for (let round = 0; round < 2; round++) {
      assert.throws(() => explore(programs, { maxStates: 5 }), Unsupported);
    }
    assert.ok(explore(programs, { maxStates: 10_000 }).length > 1);
  });
});

/** The subset construction written plainly (sets of positions, sorted keys): what `explore` must give. */
function referenceExplore(programs: Program[], keep: ((acc: boolean[]) => boolean) | undefined, first: boolean) {
  const sets: CharSet[] = [];
  for (const p of programs)
    for (const e of p) if (!sets.some((s) => JSON.stringify(s) === JSON.stringify(e.set))) sets.push(e.set);
  const mentioned = [...new Set(sets.flatMap((s) => s.codes))];
  const preferred = "abcdefghijklmnopqrstuvwxyz0123456789-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const other = [...preferred].map((c) => c.charCodeAt(0)).find((c) => !mentioned.includes(c));
  const classes = new Map<string, number[]>();
  for (const c of [...mentioned, ...(other === undefined ? [] : [other])]) {
    const v = sets.map((s) => (member(s, c) ? 1 : 0)).join("");
    classes.set(v, [...(classes.get(v) ?? []), c]);
  }
  const reps = [...classes.values()].map(
    (codes) => [...preferred].map((c) => c.charCodeAt(0)).find((c) => codes.includes(c)) ?? Math.min(...codes),
  );
  const close = (j: number, i: number, into: Set<string>) => {
    for (;;) {
      into.add(`${j}.${i}`);
      if (i === programs[j].length || !programs[j][i].star) return;
      i++;
    }
  };
  const keyOf = (s: Set<string>) => [...s].sort().join(" ");
  const start = new Set<string>();
  for (let j = 0; j < programs.length; j++) close(j, 0, start);
  const states: { set: Set<string>; witness: number[] }[] = [{ set: start, witness: [] }];
  const index = new Set([keyOf(start)]);
  const seen = new Set<string>();
  const out: Signature[] = [];
  for (let s = 0; s < states.length; s++) {
    const acc = programs.map((p, j) => states[s].set.has(`${j}.${p.length}`));
    const k = acc.join();
    if (!seen.has(k) && (!keep || keep(acc))) {
      seen.add(k);
      out.push({ accepts: acc, witness: String.fromCharCode(...states[s].witness) });
      if (first) break;
    }
    for (const rep of reps) {
      const next = new Set<string>();
      for (const pos of states[s].set) {
        const [j, i] = pos.split(".").map(Number);
        if (i < programs[j].length && member(programs[j][i].set, rep)) close(j, programs[j][i].star ? i : i + 1, next);
      }
      if (!index.has(keyOf(next))) {
        index.add(keyOf(next));
        states.push({ set: next, witness: [...states[s].witness, rep] });
      }
    }
  }
  return out;
}
