// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
/**
 * Requests as `simulate --requests` reads them (JSON Lines or an array) with hostile principals,
 * actions, resources and context keys; each valid one decided by an evaluator compiled once.
 */
import fc from "fast-check";
import { createEvaluator } from "../../../src/engine/index.js";
import { parseRequests } from "../../../src/input/policy-files/simulation-input.js";
import type { PolicySet } from "../../../src/policy/policy-set.js";
import { bytes, type FuzzTarget, mutated, PROTO_KEYS, type Tree, toJson } from "./harness.js";
import { iamString } from "./policy.fuzz.js";

const SET: PolicySet = {
  identityPolicies: [
    {
      name: "ml",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:Get*", "sagemaker:*"], Resource: ["arn:aws:s3:::data/*", "*"] },
          {
            Effect: "Deny",
            Action: ["s3:*"],
            Resource: ["*"],
            Condition: {
              StringNotEquals: { "aws:PrincipalTag/team": ["ml"] },
              Bool: { "aws:SecureTransport": ["true"] },
            },
          },
          {
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: ["arn:aws:iam::111122223333:role/${aws:username}-*"],
            Condition: {
              IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] },
              DateLessThan: { "aws:CurrentTime": ["2030-01-01"] },
            },
          },
        ],
      },
    },
  ],
};
const evaluator = createEvaluator(SET);

const principal = fc.oneof(
  fc.constantFrom(
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/r/s",
    "111122223333",
    "anonymous",
    "sagemaker.amazonaws.com",
    "arn:aws:iam::111122223333:root",
    ...PROTO_KEYS,
  ),
  iamString,
);
const contextValue: fc.Arbitrary<Tree> = fc.oneof(
  iamString,
  fc.array(iamString, { maxLength: 3 }),
  fc.integer(),
  fc.constant(null),
);
const request: fc.Arbitrary<Tree> = fc
  .record({
    id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
    principal,
    action: fc.oneof(
      fc.constantFrom("s3:GetObject", "S3:getobject", "s4:GetObject", "s3:GetObjekt", "iam:PassRole"),
      iamString,
    ),
    resource: fc.oneof(
      fc.constantFrom("*", "arn:aws:s3:::data/x", "not-an-arn", "arn:aws:iam::111122223333:role/alice-x"),
      iamString,
    ),
    context: fc.array(
      fc.tuple(
        fc.constantFrom(
          "aws:SourceIp",
          "aws:PrincipalTag/team",
          "aws:SecureTransport",
          "aws:CurrentTime",
          "aws:username",
          ...PROTO_KEYS,
        ),
        contextValue,
      ),
      { maxLength: 4 },
    ),
    extra: fc.array(fc.tuple(fc.constantFrom(...PROTO_KEYS, "resourceAccount", "x"), contextValue), { maxLength: 2 }),
  })
  .map((r) => ({
    entries: [
      ["id", r.id],
      ["principal", r.principal],
      ["action", r.action],
      ["resource", r.resource],
      ["context", { entries: r.context }],
      ...r.extra,
    ] as Array<[string, Tree]>,
  }));

const lines = fc.array(request, { maxLength: 5 }).chain((rs) => fc.constantFrom(rs.map(toJson).join("\n"), toJson(rs)));

export function requestsTarget(): FuzzTarget<string> {
  return {
    name: "request reader and engine",
    arbitrary: fc.oneof(
      { arbitrary: lines, weight: 4 },
      { arbitrary: mutated(lines), weight: 2 },
      { arbitrary: fc.string(), weight: 1 },
    ),
    size: bytes,
    run(text) {
      const { requests } = parseRequests(text, { file: "fuzz.jsonl" });
      for (const r of requests) {
        evaluator.evaluate(r, { explain: true });
      }
    },
  };
}
