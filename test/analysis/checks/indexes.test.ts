/**
 * The indexes that make the pairwise checks linear (issue 14): each must answer exactly what
 * comparing every pair answers. Property tests against brute-force references over small
 * alphabets (so that prefixes, equal entries and covering pairs are common).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { listNames, StatementIndex } from "../../../src/analysis/checks/action-index.js";
import { PrefixIndex, unionSorted } from "../../../src/analysis/checks/prefix-index.js";
import { redundantStatement } from "../../../src/analysis/checks/rules/redundant-statement.js";
import { checkDocument } from "../../../src/analysis/checks/runner.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";
import { ACTION_PATTERN, covers, matches, RESOURCE_PATTERN } from "../../../src/policy/wildcard.js";

const word = fc.stringMatching(/^[ab*?]{0,4}$/);

describe("PrefixIndex", () => {
  test("prefixes(s) finds exactly the numbers filed under a prefix of s; exact(s) those under s", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), word, (keys, s) => {
        const ix = new PrefixIndex();
        for (const [n, k] of keys.entries()) ix.add(k, n);
        const lists: number[][] = [];
        const size = ix.prefixes(s, lists);
        const got = unionSorted(lists);
        const want = keys.flatMap((k, n) => (s.startsWith(k) ? [n] : []));
        assert.deepEqual(got, want);
        assert.equal(size, want.length);
        const exact: number[][] = [];
        ix.exact(s, exact);
        assert.deepEqual(
          unionSorted(exact),
          keys.flatMap((k, n) => (k === s ? [n] : [])),
        );
      }),
      { numRuns: 500 },
    );
  });
});

const action = fc.oneof(
  fc.constantFrom("*", "s3:*", "s3:Get*", "s3:GetObject", "S3:getobject", "s3:?etObject", "s*:Get*", "iam:PassRole"),
  fc.tuple(fc.constantFrom("s3", "iam", "S3"), fc.stringMatching(/^[gGeE*?]{0,4}$/)).map(([s, a]) => `${s}:${a}`),
);
const statementArb = fc.record(
  { Action: fc.array(action, { minLength: 1, maxLength: 3 }), notAction: fc.boolean() },
  { requiredKeys: ["Action", "notAction"] },
);

describe("StatementIndex", () => {
  test("naming(a) is the statements whose Action/NotAction covers a, in order", () => {
    fc.assert(
      fc.property(fc.array(statementArb, { maxLength: 10 }), action, (raw, asked) => {
        const statements = raw.map((r) => (r.notAction ? { NotAction: r.Action } : { Action: r.Action }));
        const ix = new StatementIndex(statements);
        // The reference matches each entry afresh (no index, nothing compiled ahead).
        const names = (list: string[]) => list.some((p) => matches(p, asked, ACTION_PATTERN));
        const want = statements.filter((st) => (st.Action ? names(st.Action) : !names(st.NotAction!)));
        assert.deepEqual(ix.naming(asked), want);
        assert.deepEqual(
          want.map((st) => (st.Action ? listNames(st.Action, asked) : !listNames(st.NotAction!, asked))),
          want.map(() => true),
        );
      }),
      { numRuns: 1000 },
    );
  });

  test("naming(a) is the statements whose Action/NotAction covers a, for patterns with literal ends", () => {
    // Prefixes and suffixes (`iam:*0`, `*Object`, `*:Get*`), and characters whose lower case is
    // longer (`İ`), depends on the neighbours (`Σ`) or is ASCII (the Kelvin sign).
    const entry = fc
      .stringMatching(/^[gGeEtT0*?:\u03a3\u0130\u212a]{0,5}$/)
      .chain((tail) => fc.constantFrom(`s3:${tail}`, `iam:${tail}`, tail, `*${tail}`, `${tail}*`));
    const asked = fc
      .stringMatching(/^[gGeEtT0:\u03a3\u0130\u212a]{0,5}$/)
      .chain((tail) => fc.constantFrom(`s3:${tail}`, `iam:${tail}`, tail, `S3:Get${tail}`));
    const st = fc.record({ Action: fc.array(entry, { minLength: 1, maxLength: 3 }), notAction: fc.boolean() });
    fc.assert(
      fc.property(fc.array(st, { maxLength: 12 }), asked, (raw, a) => {
        const statements = raw.map((r) => (r.notAction ? { NotAction: r.Action } : { Action: r.Action }));
        const names = (list: string[]) => list.some((p) => matches(p, a, ACTION_PATTERN));
        const want = statements.filter((s) => (s.Action ? names(s.Action) : !names(s.NotAction!)));
        assert.deepEqual(new StatementIndex(statements).naming(a), want);
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  test("a NotAction statement is tested only for the actions its entries' prefixes and suffixes fit", () => {
    // n statements of `NotAction: [s3:Get<i>*, iam:*<i>]` (issue 14's hostile policy), asked about
    // IAM actions that end with no digit: no list is read (before: every statement's, for each).
    const reads = (n: number) => {
      let count = 0;
      const statements = Array.from({ length: n }, (_, i) => ({
        NotAction: new Proxy([`s3:Get${i}*`, `iam:*${i}`], {
          get(target, key, receiver) {
            if (key === "length") count++;
            return Reflect.get(target, key, receiver);
          },
        }),
      }));
      const ix = new StatementIndex(statements);
      count = 0;
      for (let i = 0; i < 100; i++)
        assert.equal(ix.naming(`iam:Action${String.fromCharCode(65 + (i % 26))}`).length, n);
      assert.equal(ix.naming("iam:Action7").length, n - 1);
      return count;
    };
    const small = reads(100);
    const big = reads(200);
    assert.ok(small <= 10, `only the statements a suffix fits are read (${small})`);
    assert.ok(big <= small, `${small} -> ${big} reads for twice the statements`);
  });

  test("a NotAction statement is tested only for the actions its entries' literal prefixes start", () => {
    // n NotAction statements of n services, asked about an action of each service and of none:
    // each statement's list is read for its own service's action only (before: for every action).
    const reads = (n: number) => {
      let count = 0;
      const statements = Array.from({ length: n }, (_, i) => ({
        NotAction: new Proxy([`svc${i}:Get*`, `svc${i}:List*`], {
          get(target, key, receiver) {
            if (key === "length") count++;
            return Reflect.get(target, key, receiver);
          },
        }),
      }));
      const ix = new StatementIndex(statements);
      count = 0;
      for (let i = 0; i < 100; i++) {
        assert.equal(ix.naming(`svc${i}:GetThing`).length, n - 1);
        assert.equal(ix.naming(`svc${i}:PutThing`).length, n);
        assert.equal(ix.naming(`other${i}:GetThing`).length, n);
      }
      return count;
    };
    const small = reads(100);
    const big = reads(200);
    assert.ok(small >= 200, `each statement is read for its own service's actions (${small})`);
    assert.ok(big <= small, `${small} -> ${big} reads for twice the statements`);
  });
});

/**
 * redundant-statement by its definition, every pair compared: statement i is reported as covered
 * by the first k whose effect and principal are i's, whose condition is absent or i's, and whose
 * actions and resources cover all of i's (a mutual cover is reported on the later one only).
 */
function bruteForce(doc: PolicyDocument): Array<[number, number]> {
  const sts = doc.Statement;
  const coversSt = (o: Statement, i: Statement) =>
    o.Effect === i.Effect &&
    !!o.Action &&
    !!i.Action &&
    !!o.Resource &&
    !!i.Resource &&
    !o.NotPrincipal &&
    !i.NotPrincipal &&
    JSON.stringify(o.Principal ?? null) === JSON.stringify(i.Principal ?? null) &&
    (!o.Condition || JSON.stringify(o.Condition) === JSON.stringify(i.Condition ?? null)) &&
    i.Resource.every((r) => o.Resource!.some((x) => x === "*" || x === r || covers(x, r, RESOURCE_PATTERN))) &&
    i.Action.every((a) => o.Action!.some((x) => x.toLowerCase() === a.toLowerCase() || covers(x, a, ACTION_PATTERN)));
  const out: Array<[number, number]> = [];
  sts.forEach((st, i) => {
    const by = sts.findIndex((o, k) => k !== i && coversSt(o, st) && (k < i || !coversSt(st, o)));
    if (by >= 0) out.push([i, by]);
  });
  return out;
}

const resource = fc.oneof(
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
  fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x", "arn:aws:s3:::*", "arn:aws:s3:::b/${aws:username}"),
  fc.stringMatching(/^[bx*?/]{0,4}$/).map((s) => `arn:aws:s3:::${s}`),
);
const fullStatement: fc.Arbitrary<Statement> = fc
  .record({
    Effect: fc.constantFrom("Allow", "Deny"),
    Action: fc.array(action, { minLength: 1, maxLength: 3 }),
    Resource: fc.array(resource, { minLength: 1, maxLength: 2 }),
    cond: fc.constantFrom(0, 0, 1, 2),
  })
  .map(({ Effect, Action, Resource, cond }) => {
    const st: Statement = { Effect: Effect as "Allow" | "Deny", Action, Resource };
    if (cond > 0) st.Condition = { StringEquals: { "aws:PrincipalTag/team": [`t${cond}`] } };
    return st;
  });

/** The (statement, covering statement) pairs redundant-statement reports for `doc`, as numbers. */
function redundantPairs(doc: PolicyDocument): number[][] {
  return checkDocument(doc, { kind: "identity", rules: [redundantStatement] }).map((f) => {
    const m = /statement (\d+) is already covered by statement (\d+)/.exec(f.message);
    assert.ok(m, f.message);
    return [Number(m[1]), Number(m[2])];
  });
}

describe("redundant-statement, indexed", () => {
  test("reports what comparing every pair reports", () => {
    fc.assert(
      fc.property(fc.array(fullStatement, { maxLength: 12 }), (list) => {
        const doc: PolicyDocument = { Version: "2012-10-17", Statement: list };
        assert.deepEqual(redundantPairs(doc), bruteForce(doc));
      }),
      { numRuns: 1500 },
    );
  });

  test("reports what comparing every pair reports when statements repeat (answered from the first copy)", () => {
    fc.assert(
      fc.property(
        fc.array(fullStatement, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 14 }),
        (pool, picks) => {
          // Copies, not shared objects: equal JSON, as a parsed policy has.
          const list = picks.map((n) => structuredClone(pool[n % pool.length]));
          const doc: PolicyDocument = { Version: "2012-10-17", Statement: list };
          assert.deepEqual(redundantPairs(doc), bruteForce(doc));
        },
      ),
      { numRuns: 1500 },
    );
  });

  test("60,000 statements take seconds, not the hours of comparing every pair", () => {
    const n = 60_000;
    const Statement: Statement[] = Array.from({ length: n }, (_, i) => ({
      Effect: "Allow",
      Action: [`s3:Get${i}*`, `ec2:Put${i}`],
      Resource: [`arn:aws:s3:::bucket-${i}/*`],
    }));
    // The last statement is covered by the first: the index must still find that pair.
    Statement.push({ Effect: "Allow", Action: ["s3:Get0x"], Resource: ["arn:aws:s3:::bucket-0/y"] });
    const t = performance.now();
    const f = checkDocument({ Version: "2012-10-17", Statement }, { kind: "identity", rules: [redundantStatement] });
    const ms = performance.now() - t;
    assert.deepEqual(
      f.map((x) => x.message),
      [`statement ${n} is already covered by statement 0`],
    );
    // Comparing every pair took over 300 s; the index takes about 1 s on an idle machine.
    assert.ok(ms < 60_000, `${ms} ms`);
  });
});

describe("listNames", () => {
  // Short lists (under four entries) are read by their entries' literal ends, longer ones through
  // an index by service: both must answer what matching each entry answers (action names ignore case).
  const entry = fc.stringMatching(/^[aA]{0,2}[:*?]?[bB*?]{0,3}$/);
  const action = fc.stringMatching(/^[aA]{0,2}:?[bB]{0,3}$/);
  test("some entry matches the action, as IAM matches the Action element, for short and long lists", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 7 }), action, (list, asked) => {
        const want = list.some((p) => p === "*" || matches(p, asked, ACTION_PATTERN));
        assert.equal(listNames(list, asked), want);
        // Asked again (what the list holds once read must not change the answer).
        assert.equal(listNames(list, asked), want);
      }),
      { numRuns: 2000 },
    );
  });
});
