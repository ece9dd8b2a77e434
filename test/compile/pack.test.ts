import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  executionRoleStatements,
  guardrailStatements,
  personaStatements,
  teamPersonas,
} from "../../src/activities/index.js";
import {
  mergeStatements,
  packStatements,
  sortStatements,
  statementJson,
  statementSize,
  withSharedMergeKeys,
} from "../../src/compile/pack.js";
import { canonicalJson } from "../../src/policy/canonical.js";
import { PolicyQuotas, policySize } from "../../src/policy/size.js";
import type { Statement } from "../../src/policy/types.js";
import { exampleSpec, teamContext } from "../activities/fixture.js";

const allow = (Action: string[], Resource: string[], Condition?: Statement["Condition"], Sid?: string): Statement => ({
  ...(Sid ? { Sid } : {}),
  Effect: "Allow",
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** Every (effect, action, resource, condition) a list of statements grants: what packing must preserve. */
function atoms(statements: Statement[]): Set<string> {
  const out = new Set<string>();
  for (const s of statements) {
    const cond = JSON.stringify(
      Object.fromEntries(
        Object.entries(s.Condition ?? {})
          .sort()
          .map(([op, keys]) => [
            op,
            Object.fromEntries(
              Object.entries(keys)
                .sort()
                .map(([k, v]) => [k, [...v].sort()]),
            ),
          ]),
      ),
    );
    for (const a of s.Action ?? [`not:${(s.NotAction ?? []).join(",")}`]) {
      for (const r of s.Resource ?? [`not:${(s.NotResource ?? []).join(",")}`])
        out.add(`${s.Effect}|${a}|${r}|${cond}`);
    }
  }
  return out;
}

describe("statementJson and statementSize", () => {
  // Written directly for speed: they must stay exactly canonical.ts's text and policySize's count.
  const text = fc.oneof(fc.string(), fc.constantFrom("a", "1", "10", "s3:GetObject", " x\ty ", "\u00e9", "😀", "*"));
  const list = fc.array(text, { maxLength: 4 });
  const statement = fc.record(
    {
      Sid: text,
      Effect: fc.constantFrom("Allow", "Deny"),
      Action: list,
      NotAction: list,
      Resource: list,
      NotResource: list,
      Condition: fc.dictionary(text, fc.dictionary(text, list, { maxKeys: 3 }), { maxKeys: 3 }),
      Principal: fc.constantFrom("*", { AWS: ["arn:aws:iam::123456789012:root"] }),
    },
    { requiredKeys: ["Effect"] },
  ) as fc.Arbitrary<Statement>;

  test("equal canonicalJson's statement text and policySize's count for any statement", () => {
    fc.assert(
      fc.property(statement, (s) => {
        const canonical = canonicalJson({ Version: "2012-10-17", Statement: [s] });
        const inner = canonical.slice(canonical.indexOf('"Statement":[') + 13, -2);
        // Sized first: the size is counted from the values, never from the text.
        assert.equal(statementSize(s), policySize(inner));
        assert.equal(statementJson(s), inner);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("mergeStatements", () => {
  test("keeps every statement the activity library builds as it is (already normal: not copied per packing)", () => {
    const spec = exampleSpec();
    let checked = 0;
    for (const team of Object.keys(spec.teams)) {
      const ctx = teamContext(spec, team);
      const g = guardrailStatements(ctx);
      const all = [
        ...teamPersonas(ctx.team).flatMap((p) => personaStatements(ctx, p)),
        ...executionRoleStatements(ctx),
        ...g.boundary,
        ...g.denies,
        ...g.selfService,
      ];
      for (const s of all) {
        assert.equal(mergeStatements([s])[0], s, `${team}: ${s.Sid} was copied`);
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} statements`);
  });

  test("merges the same within one scope of shared merge keys as each on its own", () => {
    const spec = exampleSpec();
    const ctx = teamContext(spec, Object.keys(spec.teams)[0]);
    const denies = guardrailStatements(ctx).denies;
    const inputs = teamPersonas(ctx.team).map((p) => [...personaStatements(ctx, p), ...denies]);
    const alone = inputs.flatMap((xs) => [mergeStatements(xs), mergeStatements(xs, { keepSids: false })]);
    const shared = withSharedMergeKeys(() =>
      inputs.flatMap((xs) => [mergeStatements(xs), mergeStatements(xs, { keepSids: false })]),
    );
    assert.deepEqual(shared, alone);
    assert.deepEqual(
      shared.map((xs) => xs.map(statementJson)),
      alone.map((xs) => xs.map(statementJson)),
    );
  });

  test("merges statements on the same resources and conditions by uniting their actions", () => {
    const merged = mergeStatements([
      allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
      allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
    ]);
    assert.deepEqual(merged, [allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])]);
  });

  test("merges statements with the same actions by uniting their resources", () => {
    const merged = mergeStatements([
      allow(["s3:GetObject"], ["arn:aws:s3:::b/x*"]),
      allow(["s3:GetObject"], ["arn:aws:s3:::a/y*"]),
    ]);
    assert.deepEqual(merged, [allow(["s3:GetObject"], ["arn:aws:s3:::a/y*", "arn:aws:s3:::b/x*"])]);
  });

  test("never merges across different conditions, effects or NotAction", () => {
    const input: Statement[] = [
      allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
      allow(["s3:PutObject"], ["arn:aws:s3:::b/*"], { Bool: { "aws:SecureTransport": ["true"] } }),
      { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["arn:aws:s3:::b/*"] },
      {
        Effect: "Deny",
        NotAction: ["iam:*"],
        Resource: ["*"],
        Condition: { Bool: { "aws:MultiFactorAuthPresent": ["false"] } },
      },
      {
        Effect: "Deny",
        NotAction: ["sts:*"],
        Resource: ["*"],
        Condition: { Bool: { "aws:MultiFactorAuthPresent": ["false"] } },
      },
    ];
    assert.equal(mergeStatements(input).length, 5);
  });

  test("keeps statements with different Sids apart unless told otherwise", () => {
    const input = [
      allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], undefined, "Read"),
      allow(["s3:PutObject"], ["arn:aws:s3:::b/*"], undefined, "Write"),
    ];
    assert.equal(mergeStatements(input).length, 2);
    const merged = mergeStatements(input, { keepSids: false });
    assert.deepEqual(merged, [allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])]);
  });

  test("drops a statement another one already grants, whatever its Sid (the example's mlops had two ListEndpoints)", () => {
    const list = allow(["sagemaker:ListEndpointConfigs", "sagemaker:ListEndpoints"], ["*"], undefined, "EndpointsList");
    const again = allow(["sagemaker:ListEndpoints"], ["*"], undefined, "InferenceListEndpoints");
    assert.deepEqual(mergeStatements([again, list]), [list]);
    // Same on resources; an equal statement under another Sid is kept once (the first in order).
    const some = allow(["s3:GetObject"], ["arn:aws:s3:::b/x"], undefined, "B");
    const all = allow(["s3:GetObject"], ["arn:aws:s3:::b/x", "arn:aws:s3:::b/y"], undefined, "A");
    assert.deepEqual(mergeStatements([some, all]), [all]);
    assert.deepEqual(mergeStatements([some, { ...some, Sid: "A" }]), [{ ...some, Sid: "A" }]);
    // Not covered: other conditions, or a wildcard (no pattern reasoning).
    const cond = allow(["sagemaker:ListEndpoints"], ["*"], { Bool: { "aws:SecureTransport": ["true"] } }, "C");
    assert.equal(mergeStatements([list, cond]).length, 2);
    assert.equal(mergeStatements([allow(["s3:Get*"], ["*"], undefined, "G"), again]).length, 2);
  });

  test("merging reaches a fixpoint: a second round merges what the first made mergeable", () => {
    // a+b merge on resources R1; c has actions {a,b} on R2, so the result then merges with c on actions.
    const input = [allow(["x:A"], ["r1"]), allow(["x:B"], ["r1"]), allow(["x:A", "x:B"], ["r2"])];
    assert.deepEqual(mergeStatements(input), [allow(["x:A", "x:B"], ["r1", "r2"])]);
  });
});

describe("sortStatements", () => {
  test("orders by Sid then canonical JSON, whatever the input order", () => {
    const a = allow(["s3:GetObject"], ["arn:aws:s3:::a/*"], undefined, "B");
    const b = allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], undefined, "A");
    const c = allow(["s3:GetObject"], ["arn:aws:s3:::c/*"]);
    assert.deepEqual(sortStatements([c, a, b]), [b, a, c]);
    assert.deepEqual(sortStatements([a, b, c]), [b, a, c]);
  });
});

describe("packStatements", () => {
  // AWS: IAM User Guide, "IAM and AWS STS quotas" — managed policy 6,144 characters, 10 per group.
  const opts = { maxSize: PolicyQuotas.managedPolicySize, maxPolicies: PolicyQuotas.managedPoliciesPerGroup };

  test("packs many statements into documents within the size quota, preserving every grant", () => {
    const input = Array.from({ length: 300 }, (_, i) =>
      allow(
        [`s3:GetObject`, `s3:PutObject`],
        [`arn:aws:s3:::bucket-${i}/prefix-${i}/*`],
        {
          StringEquals: { "aws:ResourceTag/team": [`team-${i % 7}`] },
        },
        `S${i}`,
      ),
    );
    const packed = packStatements(input, { ...opts, maxPolicies: 100 });
    assert.ok(packed.documents.length > 1, "must need several documents");
    for (const [i, d] of packed.documents.entries()) {
      assert.ok(policySize(d) <= opts.maxSize, `document ${i} is ${policySize(d)}`);
      assert.equal(packed.sizes[i], policySize(d));
    }
    assert.deepEqual(atoms(packed.documents.flatMap((d) => d.Statement)), atoms(input));
  });

  test("first-fit leaves no document that could have taken a later statement, and is deterministic", () => {
    const input = Array.from({ length: 120 }, (_, i) =>
      allow([`s3:GetObject`], [`arn:aws:s3:::b/${"x".repeat(i % 40)}${i}`], undefined, `S${i}`),
    );
    const a = packStatements(input, { ...opts, maxPolicies: 100 });
    const b = packStatements([...input].reverse(), { ...opts, maxPolicies: 100 });
    assert.equal(JSON.stringify(a.documents), JSON.stringify(b.documents));
  });

  test("splits a statement larger than a document by its resources", () => {
    const resources = Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket/some/long/prefix/number/${i}/*`);
    const packed = packStatements([allow(["s3:GetObject"], resources)], { ...opts, maxPolicies: 10 });
    assert.ok(packed.fits);
    assert.ok(packed.documents.length >= 3);
    for (const d of packed.documents) assert.ok(policySize(d) <= opts.maxSize);
    assert.deepEqual(
      new Set(packed.documents.flatMap((d) => d.Statement.flatMap((s) => s.Resource ?? []))),
      new Set(resources),
    );
  });

  test("reports a principal that cannot fit in the allowed number of policies", () => {
    const resources = Array.from({ length: 3000 }, (_, i) => `arn:aws:s3:::bucket/some/long/prefix/number/${i}/*`);
    const packed = packStatements([allow(["s3:GetObject"], resources)], opts);
    assert.equal(packed.fits, false);
    assert.ok(packed.documents.length > opts.maxPolicies);
    assert.ok(packed.totalSize > opts.maxSize * opts.maxPolicies);
  });

  test("a statement that cannot be split and is too large is reported as oversized", () => {
    const huge = allow(["s3:GetObject"], [`arn:aws:s3:::bucket/${"x".repeat(7000)}`]);
    const packed = packStatements([huge], opts);
    assert.equal(packed.fits, false);
    assert.equal(packed.oversized.length, 1);
  });

  test("retries without Sids when Sids keep statements from fitting", () => {
    const input = Array.from({ length: 400 }, (_, i) =>
      allow([`s3:GetObject`], [`arn:aws:s3:::bucket-with-a-long-name/${i}/*`], undefined, `Sid${i}`),
    );
    const tight = { maxSize: opts.maxSize, maxPolicies: 5 };
    assert.ok(packStatements(input, { ...tight, keepSids: true, maxPolicies: 100 }).documents.length > 5);
    const packed = packStatements(input, tight);
    assert.ok(packed.fits);
    assert.ok(packed.documents.every((d) => d.Statement.every((s) => s.Sid === undefined)));
  });

  test("Sids are unique within each document", () => {
    const input = [
      allow(["s3:GetObject"], ["arn:aws:s3:::a/*"], { Bool: { "aws:SecureTransport": ["true"] } }, "Read"),
      allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Bool: { "aws:ViaAWSService": ["true"] } }, "Read"),
      allow(["s3:PutObject"], ["arn:aws:s3:::b/*"], undefined, "Read2"),
    ];
    const packed = packStatements(input, opts);
    const sids = packed.documents[0].Statement.map((s) => s.Sid);
    assert.equal(new Set(sids).size, sids.length);
  });

  test("property: every packed document fits and every grant survives (fast-check)", () => {
    const word = fc.stringMatching(/^[a-z]{1,6}$/);
    const stmt = fc.record({
      sid: fc.option(fc.constantFrom("A", "B", "C"), { nil: undefined }),
      actions: fc.array(
        word.map((w) => `svc:${w}`),
        { minLength: 1, maxLength: 4 },
      ),
      resources: fc.array(
        word.map((w) => `arn:aws:s3:::b/${w}`),
        { minLength: 1, maxLength: 4 },
      ),
      cond: fc.option(fc.constantFrom("x", "y"), { nil: undefined }),
      deny: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 40 }), fc.integer({ min: 300, max: 2000 }), (raw, maxSize) => {
        const input: Statement[] = raw.map((r) => ({
          ...(r.sid ? { Sid: r.sid } : {}),
          Effect: r.deny ? "Deny" : "Allow",
          Action: r.actions,
          Resource: r.resources,
          ...(r.cond ? { Condition: { StringEquals: { "aws:ResourceTag/team": [r.cond] } } } : {}),
        }));
        const packed = packStatements(input, { maxSize, maxPolicies: 1000 });
        for (const d of packed.documents) assert.ok(policySize(d) <= maxSize);
        assert.deepEqual(atoms(packed.documents.flatMap((d) => d.Statement)), atoms(input));
      }),
      { numRuns: 100 },
    );
  });
});
