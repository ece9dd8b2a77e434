/**
 * The prover against the engine on random policy pairs: (a) every counterexample it reports is
 * confirmed by the engine, and (b) when it says `proven`, thousands of random requests find no
 * request the engine allows under the new set and not under the old. `PROVER_FUZZ_RUNS` raises
 * the number of pairs (`npm run fuzz:prover`); CI runs a few.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { proveNoNewAccess } from "../../../src/analysis/prover/index.js";
import { getCatalog } from "../../../src/catalog/index.js";
import { createEvaluator } from "../../../src/engine/index.js";
import type { AccessRequest, PolicySet } from "../../../src/policy/policy-set.js";
import type { Statement } from "../../../src/policy/types.js";
import { ACCOUNT, ALICE, doc } from "./cases.js";

const RUNS = Number(process.env.PROVER_FUZZ_RUNS ?? 12);
const SAMPLES = Number(process.env.PROVER_FUZZ_SAMPLES ?? 3000);

const ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:ListBucket",
  "s3:Get*",
  "s3:*",
  "sagemaker:*",
  "iam:PassRole",
  "*",
];
const RESOURCES = [
  "arn:aws:s3:::b/a/*",
  "arn:aws:s3:::b/*",
  "arn:aws:s3:::b",
  "arn:aws:s3:::*",
  "*",
  `arn:aws:sagemaker:*:${ACCOUNT}:training-job/v-*`,
  "arn:aws:sagemaker:us-east-1:*:*",
  `arn:aws:iam::${ACCOUNT}:role/r*`,
  `arn:aws:s3:::b/\${aws:username}/*`,
];
const CONDITIONS: Statement["Condition"][] = [
  { StringEquals: { "aws:RequestedRegion": ["us-east-1"] } },
  { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } },
  { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
  { Bool: { "aws:MultiFactorAuthPresent": ["true"] } },
  { NumericLessThan: { "s3:max-keys": ["10"] } },
  { NumericGreaterThanEquals: { "s3:max-keys": ["10"] } },
  { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
  { NotIpAddress: { "aws:SourceIp": ["10.1.0.0/16"] } },
  { StringLike: { "aws:RequestTag/team": ["v*"] } },
  { StringEqualsIgnoreCase: { "aws:RequestTag/team": ["VISION"] } },
  { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
  { "ForAnyValue:StringEquals": { "aws:TagKeys": ["owner"] } },
  { Null: { "aws:RequestTag/team": ["true"] } },
  { DateLessThan: { "aws:CurrentTime": ["2026-01-01T00:00:00Z"] } },
  { ArnLike: { "aws:SourceArn": ["arn:aws:sagemaker:*:*:training-job/v-*"] } },
  { StringNotLikeIfExists: { "s3:prefix": ["secret/*"] } },
  { StringNotEquals: { "aws:RequestTag/team": ["nlp"] } },
];

const list = <T>(arb: fc.Arbitrary<T>) => fc.uniqueArray(arb, { minLength: 1, maxLength: 2 });

const statement: fc.Arbitrary<Statement> = fc
  .record({
    effect: fc.constantFrom("Allow" as const, "Allow" as const, "Deny" as const),
    notAction: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    actions: list(fc.constantFrom(...ACTIONS)),
    notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    resources: list(fc.constantFrom(...RESOURCES)),
    conditions: fc.uniqueArray(fc.nat({ max: CONDITIONS.length - 1 }), { minLength: 0, maxLength: 2 }),
  })
  .map((r) => {
    const st: Statement = { Effect: r.effect };
    if (r.notAction) st.NotAction = r.actions;
    else st.Action = r.actions;
    if (r.notResource) st.NotResource = r.resources;
    else st.Resource = r.resources;
    if (r.conditions.length > 0) {
      st.Condition = {};
      for (const i of r.conditions) Object.assign(st.Condition, CONDITIONS[i]);
    }
    return st;
  });

const policySet: fc.Arbitrary<PolicySet> = fc
  .record({
    identity: fc.array(statement, { minLength: 1, maxLength: 3 }),
    boundary: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { freq: 4 }),
    scp: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { freq: 4 }),
  })
  .map((r) => {
    const set: PolicySet = { identityPolicies: [{ name: "p", document: doc(...r.identity) }] };
    if (r.boundary) set.permissionBoundaries = [{ name: "b", document: doc(...r.boundary) }];
    if (r.scp) set.scps = [[{ name: "s", document: doc(...r.scp) }]];
    return set;
  });

/**
 * A new version: the old one with one statement removed, added or replaced, or only its conditions
 * or resources changed; or an unrelated set.
 */
const pair: fc.Arbitrary<[PolicySet, PolicySet]> = fc
  .tuple(policySet, policySet, statement, fc.nat(6), fc.nat(9))
  .map(([old, other, st, kind, at]) => {
    if (kind === 0) return [old, other];
    const statements = [...old.identityPolicies[0].document.Statement];
    const i = at % statements.length;
    if (kind === 1 && statements.length > 1) statements.splice(i, 1);
    else if (kind === 2) statements.push(st);
    else if (kind === 3) statements[i] = st;
    else if (kind <= 5) {
      const { Condition: _c, ...rest } = statements[i];
      statements[i] = st.Condition ? { ...rest, Condition: st.Condition } : rest;
    } else {
      const { Resource: _r, NotResource: _n, ...rest } = statements[i];
      statements[i] = { ...rest, ...(st.Resource ? { Resource: st.Resource } : { NotResource: st.NotResource }) };
    }
    return [old, { ...old, identityPolicies: [{ name: "p", document: doc(...statements) }] }];
  });

const REQUEST_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:ListBucket",
  "s3:GetObjectAcl",
  "s3:DeleteObject",
  "sagemaker:CreateTrainingJob",
  "sagemaker:DescribeTrainingJob",
  "iam:PassRole",
  "ec2:DescribeInstances",
];
const REQUEST_RESOURCES = [
  "arn:aws:s3:::b/a/x",
  "arn:aws:s3:::b/c",
  "arn:aws:s3:::b/alice/x",
  "arn:aws:s3:::b",
  "arn:aws:s3:::other/a/x",
  `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/v-1`,
  `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:training-job/n-1`,
  `arn:aws:iam::${ACCOUNT}:role/r1`,
  "*",
];
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

/**
 * The prover's request space: an action acts on resources of its resource types (or on `*` when
 * it has none), as the Service Authorization Reference lists them.
 */
function inSpace(req: AccessRequest): boolean {
  const action = getCatalog().action(req.action)!;
  if (req.resource === "*") return action.resourceTypes.length === 0;
  return getCatalog().resourceTypesForArn(action, req.resource).length > 0;
}

function randomRequest(r: () => number): AccessRequest {
  const context: Record<string, string | string[]> = {};
  const maybe = (key: string, values: (string | string[])[]) => {
    const v = pick([undefined, ...values], r);
    if (v !== undefined) context[key] = v;
  };
  context["aws:RequestedRegion"] = pick(["us-east-1", "us-west-2", "eu-west-1"], r);
  maybe("aws:MultiFactorAuthPresent", ["true", "false"]);
  maybe("s3:max-keys", ["5", "10", "20"]);
  maybe("aws:SourceIp", ["10.1.2.3", "10.2.0.1", "192.168.0.1", "2001:db8::1"]);
  maybe("aws:RequestTag/team", ["vision", "VISION", "nlp"]);
  maybe("aws:TagKeys", [["team"], ["owner"], ["team", "owner"], ["x"]]);
  maybe("aws:CurrentTime", ["2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z"]);
  maybe("aws:SourceArn", [
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/v-1`,
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/n-1`,
  ]);
  maybe("s3:prefix", ["secret/a", "public/a"]);
  return {
    principal: ALICE,
    action: pick(REQUEST_ACTIONS, r),
    resource: pick(REQUEST_RESOURCES, r),
    context,
  };
}

async function check(oldSet: PolicySet, newSet: PolicySet, seed: number): Promise<string> {
  const result = await proveNoNewAccess(oldSet, newSet, { principal: ALICE, timeoutMs: 20_000 });
  const oldEval = createEvaluator(oldSet);
  const newEval = createEvaluator(newSet);
  assert.ok(!result.reason?.includes("not confirmed"), result.reason);
  assert.notEqual(result.status, "unknown", result.reason);
  for (const f of result.findings) {
    assert.equal(newEval.evaluate(f.request).decision, "Allowed");
    assert.notEqual(oldEval.evaluate(f.request).decision, "Allowed");
  }
  if (result.status !== "proven") return result.status;
  let state = seed >>> 0 || 1;
  const r = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < SAMPLES; i++) {
    const req = randomRequest(r);
    if (!inSpace(req)) continue;
    const gained = newEval.evaluate(req).decision === "Allowed" && oldEval.evaluate(req).decision !== "Allowed";
    assert.ok(!gained, `proven, but the engine finds new access: ${JSON.stringify(req)}`);
  }
  return "proven";
}

describe("prover vs engine on random policy pairs", () => {
  it(`agrees on ${RUNS} pairs (counterexamples confirmed, proofs survive ${SAMPLES} random requests)`, async () => {
    let proven = 0;
    let violated = 0;
    await fc.assert(
      fc.asyncProperty(pair, fc.integer(), async ([a, b], seed) => {
        // Both directions: what the new version adds, and what it takes away.
        for (const [oldSet, newSet] of [
          [a, b],
          [b, a],
        ]) {
          const outcome = await check(oldSet, newSet, seed);
          if (outcome === "proven") proven++;
          else violated++;
        }
      }),
      {
        numRuns: RUNS,
        verbose: 1,
        seed: process.env.PROVER_FUZZ_SEED ? Number(process.env.PROVER_FUZZ_SEED) : undefined,
      },
    );
    if (process.env.PROVER_FUZZ_RUNS) console.log(`proven ${proven}, violated ${violated}`);
    assert.equal(proven + violated, 2 * RUNS);
  });
});
