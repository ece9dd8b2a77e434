import assert from "node:assert/strict";
import { test } from "node:test";
import { dropCoveredStatements, split, statementSize, uniqueSids } from "../../src/compile/pack.js";
import { policySize } from "../../src/policy/size.js";
import type { ConditionBlock, Statement } from "../../src/policy/types.js";
import { Random } from "../helpers/random.js";

/**
 * Packing is linear in the statements it packs (a team granted thousands of datasets, 1 MB of
 * guardrail model patterns): covered statements are found by index, pieces sized from their
 * values, repeated Sids numbered without counting from 2 each time. Each is compared here with the
 * plain version it replaced, kept as the reference, on inputs where they could differ: groups
 * small and large, lists that nest, equal statements, values with white space (sized by
 * `policySize`), a single value too large (split by actions next), Sids that look like counters.
 */

const EMPTY = policySize({ Version: "2012-10-17", Statement: [] });

function referenceSplit(s: Statement, maxSize: number): Statement[] {
  if (EMPTY + statementSize({ ...s }) <= maxSize) return [s];
  for (const field of ["Resource", "Action", "NotResource"] as const) {
    const values = s[field];
    if (field === "NotResource" || !values || values.length < 2) continue;
    const half = Math.ceil(values.length / 2);
    return [
      ...referenceSplit({ ...s, [field]: values.slice(0, half) }, maxSize),
      ...referenceSplit({ ...s, [field]: values.slice(half) }, maxSize),
    ];
  }
  return [s];
}

function referenceUniqueSids(statements: Statement[]): Statement[] {
  const used = new Set<string>();
  return statements.map((s) => {
    if (s.Sid === undefined) return s;
    let sid = s.Sid;
    for (let n = 2; used.has(sid); n++) sid = `${s.Sid}${n}`;
    used.add(sid);
    return sid === s.Sid ? s : { ...s, Sid: sid };
  });
}

/** The original: every pair of a group compared (statements here differ only in `on`). */
function referenceDropCovered(statements: Statement[], on: "Action" | "Resource"): Statement[] {
  const dropped = new Set<Statement>();
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    const covered = statements.some((t, j) => {
      if (j === i || dropped.has(t)) return false;
      const values = new Set(t[on]);
      const subset = (s[on] ?? []).every((v) => values.has(v));
      return subset && ((s[on] ?? []).length < values.size || j < i);
    });
    if (covered) dropped.add(s);
  }
  return statements.filter((s) => !dropped.has(s));
}

test("split: pieces sized from their values are the pieces of halving and writing each", () => {
  const r = new Random(11);
  for (let round = 0; round < 60; round++) {
    const n = 1 + r.int(400);
    // Now and then a value with white space or a surrogate pair (sized by `policySize`, not by length).
    const odd = r.chance(0.3) ? r.pick([" ", "\t", "\u{1F600}", '"']) : "";
    const value = (i: number) =>
      r.chance(0.02)
        ? `arn:aws:s3:::b-${i}/${"x".repeat(r.int(3000))}*`
        : `arn:aws:s3:::b-${i}/p${r.chance(0.1) ? odd : ""}${r.int(99)}*`;
    const s: Statement = {
      Sid: "Read",
      Effect: "Allow",
      Action: Array.from({ length: 1 + r.int(60) }, (_, i) => `s3:Get${i}Object`),
      Resource: Array.from({ length: n }, (_, i) => value(i)),
      ...(r.chance(0.3) ? { Condition: { StringLike: { "s3:prefix": [r.chance(0.5) ? "a b/*" : "ab/*"] } } } : {}),
    };
    const maxSize = r.pick([700, 2048, 6144]);
    const pieces = split(s, maxSize);
    assert.deepEqual(pieces, referenceSplit(s, maxSize), `round ${round}`);
    // Each piece's size, known before it was made, is the one measured on a copy of it.
    for (const piece of pieces) assert.equal(statementSize(piece), statementSize({ ...piece }), `round ${round}`);
  }
});

test("uniqueSids: the same Sids as counting from 2 for each repeat", () => {
  const r = new Random(5);
  const sids = ["A", "A2", "A22", "B", "B3", undefined];
  const statements: Statement[] = Array.from({ length: 3000 }, () => {
    const sid = r.pick(sids);
    return { ...(sid ? { Sid: sid } : {}), Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] };
  });
  assert.deepEqual(uniqueSids(statements), referenceUniqueSids(statements));
});

test("dropCovered: the index drops what comparing every pair dropped, small groups and large", () => {
  const r = new Random(3);
  for (let round = 0; round < 80; round++) {
    const on = r.chance(0.5) ? "Resource" : "Action";
    const pool = Array.from({ length: 3 + r.int(30) }, (_, i) =>
      on === "Resource" ? `arn:aws:s3:::b-${i}/*` : `s3:Get${i}Object`,
    );
    const statements: Statement[] = Array.from({ length: 1 + r.int(r.chance(0.5) ? 12 : 60) }, () => {
      const values = [...new Set(r.sample(pool, 1 + r.int(4)))].sort();
      return on === "Resource"
        ? { Effect: "Allow", Action: ["s3:GetObject"], Resource: values }
        : { Effect: "Allow", Action: values, Resource: ["*"] };
    });
    // Equal statements too (of two equal ones the first stays).
    if (statements.length > 2 && r.chance(0.5)) statements.push({ ...statements[r.int(statements.length)] });
    const got = dropCoveredStatements(statements);
    assert.deepEqual(got, referenceDropCovered(statements, on), `round ${round}`);
  }
});

/**
 * The original grouping: per pass, statements keyed by effect, the other list and the condition as
 * JSON, and within each group every pair compared.
 */
function referenceDropCoveredGrouped(statements: Statement[]): Statement[] {
  const dropped = new Set<Statement>();
  for (const on of ["Action", "Resource"] as const) {
    const other = on === "Action" ? "Resource" : "Action";
    const groups = new Map<string, Statement[]>();
    for (const s of statements) {
      if (dropped.has(s) || !s.Action || !s.Resource || s.NotAction || s.NotResource) continue;
      const key = JSON.stringify([s.Effect, s[other], s.Condition ?? null]);
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const group of groups.values()) {
      const kept = referenceDropCovered(group, on);
      for (const s of group) if (!kept.includes(s)) dropped.add(s);
    }
  }
  return statements.filter((s) => !dropped.has(s));
}

test("dropCovered: statements are grouped as keying each by its effect, other list and condition did", () => {
  const r = new Random(23);
  const conditions = (): Array<ConditionBlock | undefined> => [
    undefined,
    { StringEquals: { "aws:ResourceTag/team": ["a"] } },
    { StringEquals: { "aws:ResourceTag/team": ["a"] } },
    { StringEquals: { "aws:ResourceTag/team": ["b"] } },
    { StringEquals: { "aws:ResourceTag/team": ["a", "b"] } },
    { Null: { k: ["true"] }, StringEquals: { "aws:ResourceTag/team": ["a"] } },
    { StringEquals: { "aws:ResourceTag/team": ["a"] }, Null: { k: ["true"] } },
    { StringEquals: { "aws:ResourceTag/team": ["a"], k: ["true"] } },
  ];
  let shared = 0;
  for (let round = 0; round < 300; round++) {
    const actions = Array.from({ length: 2 + r.int(4) }, (_, i) => `s3:Get${i}Object`);
    const resources = Array.from({ length: 2 + r.int(4) }, (_, i) => `arn:aws:s3:::b-${i}/*`);
    const statements: Statement[] = Array.from({ length: 2 + r.int(r.chance(0.5) ? 10 : 70) }, () => ({
      Effect: r.chance(0.8) ? "Allow" : "Deny",
      Action: r.sample(actions, 1 + r.int(3)),
      Resource: r.sample(resources, 1 + r.int(2)),
      ...(() => {
        const c = r.pick(conditions());
        return c ? { Condition: c } : {};
      })(),
    }));
    if (r.chance(0.5)) statements.push({ ...statements[r.int(statements.length)] });
    const got = dropCoveredStatements(statements);
    const expected = referenceDropCoveredGrouped(statements);
    assert.deepEqual(got, expected, `round ${round}`);
    if (got.length < statements.length) shared++;
  }
  assert.ok(shared > 100, `statements dropped in ${shared} rounds`);
});
