import assert from "node:assert/strict";
import { test } from "node:test";
import {
  certainOverflow,
  dropCoveredStatements,
  FirstFit,
  mergeStatements,
  normalizeStatement,
  packedSizeLowerBound,
  packStatements,
  sortStatements,
  split,
  statementSize,
  uniqueSids,
} from "../../src/compile/pack.js";
import { policySize } from "../../src/policy/size.js";
import type { ConditionBlock, Statement } from "../../src/policy/types.js";
import { Random } from "../helpers/random.js";

/**
 * What makes packing cheap when a principal cannot fit its quota (a team granted 19,000 datasets,
 * 1 MB of guardrail model patterns): first-fit asks a tree for the first bin with room, and the
 * retry without Sids is skipped when a lower bound on what it must write already exceeds the
 * quota. Each is held equal to the plain version on random inputs.
 */

/** Random statements: shared and repeated values, conditions, Sids that repeat, a NotAction now and then. */
function randomStatements(r: Random, n: number): Statement[] {
  const actions = Array.from({ length: 12 }, (_, i) => `s3:Get${i}Object`);
  const resources = Array.from({ length: 40 }, (_, i) => `arn:aws:s3:::b-${i}/${"p".repeat(r.int(80))}*`);
  resources.push("arn:aws:s3:::with space/*", 'arn:aws:s3:::quote"d/*');
  const conditions: Array<ConditionBlock | undefined> = [
    undefined,
    { StringLike: { "s3:prefix": ["a/*", "b/*"] } },
    { Bool: { "aws:SecureTransport": ["true"] } },
  ];
  return Array.from({ length: n }, () => {
    const s: Statement = {
      ...(r.chance(0.8) ? { Sid: `S${r.int(n)}` } : {}),
      Effect: r.chance(0.85) ? "Allow" : "Deny",
      ...(r.chance(0.05)
        ? { NotAction: r.sample(actions, 1 + r.int(3)) }
        : { Action: r.sample(actions, 1 + r.int(4)) }),
      // Unsorted, and now and then a value twice: normalizing is part of packing.
      Resource: [
        ...r.sample(resources, 1 + r.int(r.chance(0.1) ? 30 : 3)),
        ...(r.chance(0.1) ? ["arn:aws:s3:::b-0/*"] : []),
      ],
    };
    const c = r.pick(conditions);
    if (c) s.Condition = c;
    return s;
  });
}

test("FirstFit: the first bin with room, as scanning every bin finds it", () => {
  const r = new Random(7);
  for (let round = 0; round < 50; round++) {
    const fit = new FirstFit();
    const rooms: number[] = [];
    for (let k = 0; k < 400; k++) {
      const need = 1 + r.int(100);
      const scanned = rooms.findIndex((room) => room >= need);
      const i = fit.first(need);
      assert.equal(i, scanned === -1 ? rooms.length : scanned, `round ${round}, step ${k}`);
      const room = i < rooms.length ? rooms[i] - need : 100 - need;
      rooms[i] = room;
      fit.set(i, room);
    }
  }
});

test("packedSizeLowerBound: never more than the statements a packing without Sids writes", () => {
  const r = new Random(13);
  for (let round = 0; round < 150; round++) {
    const statements = randomStatements(r, 1 + r.int(60));
    const maxSize = r.pick([400, 1000, 6144]);
    const pieces = mergeStatements(statements, { keepSids: false }).flatMap((s) => split(s, maxSize));
    const written = pieces.reduce((n, s) => n + statementSize(s), 0);
    const bound = packedSizeLowerBound(statements);
    assert.ok(bound <= written, `round ${round}: ${bound} > ${written}`);
    // And close enough to matter: at least the distinct values' share.
    assert.ok(bound > 0);
  }
});

test("packedSizeLowerBound with a limit: past the limit exactly when the bound is, else the bound", () => {
  const r = new Random(19);
  let stopped = 0;
  for (let round = 0; round < 300; round++) {
    const statements = randomStatements(r, 1 + r.int(60));
    const bound = packedSizeLowerBound(statements);
    const limit = r.int(bound * 2 + 1);
    const got = packedSizeLowerBound(statements, limit);
    if (bound > limit) {
      assert.ok(got > limit && got <= bound, `round ${round}: ${got} for ${bound} past ${limit}`);
      if (got < bound) stopped++;
    } else assert.equal(got, bound, `round ${round}`);
  }
  assert.ok(stopped > 50, `stopped early in ${stopped} rounds`);
});

const EMPTY = policySize({ Version: "2012-10-17", Statement: [] });

/** One packing as it was written before: merge, split, unique Sids, first-fit scanning every bin. */
function referencePackOnce(statements: Statement[], maxSize: number, keepSids: boolean) {
  const pieces = uniqueSids(mergeStatements(statements, { keepSids }).flatMap((s) => split(s, maxSize)));
  const bins: Array<{ statements: Statement[]; size: number }> = [];
  const oversized: Statement[] = [];
  let totalSize = EMPTY;
  for (const s of pieces) {
    const size = statementSize(s);
    totalSize += size + (totalSize > EMPTY ? 1 : 0);
    if (EMPTY + size > maxSize) {
      oversized.push(s);
      continue;
    }
    const bin = bins.find((b) => b.size + size + (b.statements.length > 0 ? 1 : 0) <= maxSize);
    if (bin) {
      bin.size += size + (bin.statements.length > 0 ? 1 : 0);
      bin.statements.push(s);
    } else bins.push({ statements: [s], size: EMPTY + size });
  }
  return {
    documents: bins.map((b) => ({ Version: "2012-10-17", Statement: b.statements })),
    sizes: bins.map((b) => b.size),
    oversized,
    totalSize,
  };
}

/** `packStatements` as it was: pack keeping Sids; if that does not fit, pack without and keep whichever fits. */
function referencePack(statements: Statement[], maxSize: number, maxPolicies: number) {
  const fits = (p: { oversized: Statement[]; documents: unknown[] }) =>
    p.oversized.length === 0 && p.documents.length <= maxPolicies;
  const kept = referencePackOnce(statements, maxSize, true);
  if (fits(kept)) return { ...kept, fits: true };
  const merged = referencePackOnce(statements, maxSize, false);
  return fits(merged) ? { ...merged, fits: true } : { ...kept, fits: false };
}

test("packStatements: the same result as packing with Sids, then without, whether or not the bound decides", () => {
  const r = new Random(17);
  let skipped = 0;
  for (let round = 0; round < 200; round++) {
    const statements = randomStatements(r, 1 + r.int(80));
    const maxSize = r.pick([500, 1500, 6144]);
    const maxPolicies = r.pick([1, 2, 3, 10]);
    const got = packStatements(statements, { maxSize, maxPolicies });
    assert.deepEqual(got, referencePack(statements, maxSize, maxPolicies), `round ${round}`);
    if (packedSizeLowerBound(statements) > maxPolicies * (maxSize - 39)) skipped++;
  }
  assert.ok(skipped > 20, `the bound decided in ${skipped} rounds`);
});

test("certainOverflow: only when packing would run out of documents, and never more than it needs", () => {
  const r = new Random(23);
  let decided = 0;
  let undecided = 0;
  for (let round = 0; round < 200; round++) {
    const statements = randomStatements(r, 1 + r.int(120));
    const maxSize = r.pick([300, 500, 1500, 6144]);
    const maxPolicies = r.pick([1, 2, 3, 10]);
    const overflow = certainOverflow(statements, { maxSize, maxPolicies });
    const packed = referencePack(statements, maxSize, maxPolicies);
    if (!overflow) {
      if (!packed.fits) undecided++;
      continue;
    }
    decided++;
    // Refused without packing only where packing fails for lack of documents, no statement too large.
    assert.equal(packed.fits, false, `round ${round}`);
    assert.deepEqual(packed.oversized, [], `round ${round}`);
    assert.ok(overflow.policies > maxPolicies, `round ${round}`);
    // The least it names is never more than either packing (with or without Sids) uses.
    for (const keepSids of [true, false]) {
      const p = referencePackOnce(statements, maxSize, keepSids);
      assert.ok(
        overflow.policies <= p.documents.length,
        `round ${round}: ${overflow.policies} > ${p.documents.length}`,
      );
      const written = p.documents.reduce((n, d) => n + d.Statement.reduce((m, s) => m + statementSize(s), 0), 0);
      assert.ok(overflow.size <= written, `round ${round}: ${overflow.size} > ${written}`);
    }
  }
  assert.ok(decided > 20, `decided in ${decided} rounds`);
  assert.ok(undecided > 5, `left to packing in ${undecided} failing rounds`);
});

/**
 * Merging as plainly as it can be written: unite the resources of statements that agree on all
 * else, then the actions, and again, until a whole round changes nothing; then drop what another
 * statement covers and sort.
 */
function referenceMerge(statements: Statement[], keepSids: boolean): Statement[] {
  const mergeable = (s: Statement) => s.Action && s.Resource && !s.NotAction && !s.NotResource;
  let current = statements.map(normalizeStatement);
  const pass = (list: Statement[], on: "Action" | "Resource") => {
    const other = on === "Action" ? "Resource" : "Action";
    const out: Statement[] = [];
    const at = new Map<string, number>();
    for (const s of list) {
      const t: Statement = keepSids || !mergeable(s) ? s : { ...s, Sid: undefined };
      if (!keepSids && mergeable(s)) delete t.Sid;
      if (!mergeable(s)) {
        out.push(t);
        continue;
      }
      const key = JSON.stringify([t.Effect, t.Sid ?? "", t[other], t.Condition ?? null]);
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, out.length);
        out.push(t);
      } else out[i] = { ...out[i], [on]: [...new Set([...(out[i][on] ?? []), ...(t[on] ?? [])])].sort() };
    }
    return out;
  };
  for (;;) {
    const next = pass(pass(current, "Resource"), "Action");
    if (JSON.stringify(next) === JSON.stringify(current)) break;
    current = next;
  }
  return dropCoveredStatements(sortStatements(current));
}

test("mergeStatements: the same statements as merging round after round until nothing changes", () => {
  const r = new Random(29);
  let rounds = 0;
  // Besides the usual random statements, some from three actions and four resources, where a
  // merge of actions often lets resources merge again in the next round.
  const tiny = (n: number): Statement[] =>
    Array.from({ length: n }, () => ({
      ...(r.chance(0.3) ? { Sid: `S${r.int(2)}` } : {}),
      Effect: "Allow" as const,
      Action: r.sample(["s3:GetObject", "s3:PutObject", "s3:ListBucket"], 1 + r.int(2)),
      Resource: r.sample(["arn:aws:s3:::a", "arn:aws:s3:::b", "arn:aws:s3:::c", "arn:aws:s3:::d"], 1 + r.int(2)),
    }));
  for (let round = 0; round < 400; round++) {
    const statements = round % 2 === 0 ? randomStatements(r, 1 + r.int(60)) : tiny(2 + r.int(8));
    for (const keepSids of [true, false]) {
      const got = mergeStatements(statements, { keepSids });
      const want = referenceMerge(statements, keepSids);
      assert.equal(JSON.stringify(got), JSON.stringify(want), `round ${round}, keepSids ${keepSids}`);
      if (got.length < statements.length) rounds++;
    }
  }
  assert.ok(rounds > 100, `merged something in ${rounds} cases`);
});

test("mergeStatements: one statement object listed twice is kept once, as two equal statements are", () => {
  const s: Statement = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };
  assert.deepEqual(mergeStatements([s, s]), [s]);
  assert.deepEqual(dropCoveredStatements([s, { ...s }]), [s]);
  const t: Statement = { Sid: "A", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };
  assert.deepEqual(mergeStatements([t, t]), [
    { Effect: "Allow", Sid: "A", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
  ]);
});
