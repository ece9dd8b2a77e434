// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
/**
 * Policy documents: JSON text that is random, IAM-shaped with hostile values and keys, or a valid
 * policy with a few edits, parsed for every policy kind and, when it parses, checked by the rules.
 */
import fc from "fast-check";
import { checkDocument } from "../../../src/analysis/checks/index.js";
import { parsePolicy } from "../../../src/policy/index.js";
import type { PolicyKind } from "../../../src/policy/types.js";
import { bytes, type FuzzTarget, mutated, PROTO_KEYS, type Tree, toJson, tree } from "./harness.js";

const ELEMENTS = [
  "Version",
  "Id",
  "Statement",
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
  "AWS",
  "Service",
  "Federated",
  "CanonicalUser",
];
const OPERATORS = [
  "StringEquals",
  "StringLike",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "ArnLike",
  "ArnNotEquals",
  "IpAddress",
  "NotIpAddress",
  "DateLessThan",
  "DateGreaterThanEquals",
  "NumericLessThan",
  "NumericEquals",
  "Bool",
  "BoolIfExists",
  "Null",
  "BinaryEquals",
  "ForAllValues:StringLike",
  "ForAnyValue:StringEquals",
  "stringequals",
  "StringEqualsIfExists",
];
const KEYS = ["aws:SourceIp", "aws:PrincipalTag/team", "s3:prefix", "aws:CurrentTime", "aws:username", "s3:max-keys"];

/** Strings a policy holds: wildcards, ARNs, variables, numbers, dates and CIDRs that are almost right. */
export const iamString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "*",
    "Allow",
    "Deny",
    "2012-10-17",
    "2008-10-17",
    "s3:GetObject",
    "s3:Get*",
    "iam:PassRole",
    "*:*",
    "s3:?et*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::123456789012:role/x",
    "arn:aws:*:*:*:*",
    "arn:aws:s3:::b/${aws:username}/*",
    "${aws:PrincipalTag/team, 'none'}",
    "${*}${?}${$}",
    "${",
    "sagemaker.amazonaws.com",
    "10.0.0.0/8",
    "10.0.0.0/8 ",
    "::1/128",
    "2024-02-30T00:00:00Z",
    "2024-02-29",
    "1e400",
    "-0",
    "NaN",
    "true",
    "TRUE",
    "",
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.array(fc.constantFrom("a", "*", "?", ":", "/", "$", "{", "}"), { maxLength: 30 }).map((xs) => xs.join("")),
);

const key = fc.oneof(fc.constantFrom(...ELEMENTS, ...OPERATORS, ...KEYS, ...PROTO_KEYS), fc.string({ maxLength: 8 }));
const leaf: fc.Arbitrary<Tree> = fc.oneof(iamString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** A statement-shaped tree: mostly the right elements, values of any shape. */
const statement: fc.Arbitrary<Tree> = fc
  .array(fc.tuple(fc.constantFrom(...ELEMENTS, ...PROTO_KEYS), tree(key, leaf, 3)), { maxLength: 7 })
  .chain((entries) =>
    fc
      .record({
        Effect: fc.constantFrom("Allow", "Deny"),
        Action: fc.oneof(iamString, fc.array(iamString, { maxLength: 3 })),
        Resource: fc.oneof(iamString, fc.array(iamString, { maxLength: 3 })),
        Condition: fc.option(
          fc
            .array(
              fc.tuple(
                fc.constantFrom(...OPERATORS, ...PROTO_KEYS),
                fc
                  .array(
                    fc.tuple(
                      fc.constantFrom(...KEYS, ...PROTO_KEYS),
                      fc.oneof(iamString as fc.Arbitrary<Tree>, fc.array(iamString, { maxLength: 3 })),
                    ),
                    { maxLength: 3 },
                  )
                  .map((e) => ({ entries: e }) as Tree),
              ),
              { maxLength: 3 },
            )
            .map((e) => ({ entries: e }) as Tree),
          { nil: undefined },
        ),
      })
      .map((r) => {
        const base: Array<[string, Tree]> = [
          ["Effect", r.Effect],
          ["Action", r.Action],
          ["Resource", r.Resource],
        ];
        if (r.Condition) base.push(["Condition", r.Condition]);
        return { entries: [...base, ...entries] };
      }),
  );

const shaped: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("2012-10-17", "2008-10-17", "x"), fc.array(statement, { maxLength: 5 }), fc.boolean())
  .map(([version, statements, single]) =>
    toJson({
      entries: [
        ["Version", version],
        ["Statement", single && statements.length > 0 ? statements[0] : statements],
      ],
    }),
  );

const VALID = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Read",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:List*"],
        Resource: ["arn:aws:s3:::data/*", "arn:aws:s3:::data"],
        Condition: {
          StringLike: { "s3:prefix": ["home/${aws:username}/*"] },
          IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
        },
      },
      { Effect: "Deny", NotAction: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" },
    ],
  },
  null,
  2,
);

/** Big inputs: many statements, long strings, deep nesting (each at most about 1 MB). */
const big: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 100, max: 3000 }).map((n) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: Array.from({ length: n }, (_, i) => ({
        Effect: "Allow",
        Action: `s3:Get${i % 7 === 0 ? "*" : "Object"}`,
        Resource: `arn:aws:s3:::b/${"x".repeat(i % 13)}*`,
      })),
    }),
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  fc.integer({ min: 1000, max: 500_000 }).map((n) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${"a*".repeat(n / 2)}b` }],
    }),
  ),
  fc.integer({ min: 1000, max: 900_000 }).map((n) => `{"Version":"${"9".repeat(n)}"}`),
);

const KINDS: PolicyKind[] = ["identity", "resource", "trust", "boundary", "scp", "rcp", "session"];

/** `large`: include inputs up to 1 MB (the long run); CI keeps to small ones. */
export function policyTarget(opts: { large: boolean }): FuzzTarget<{ text: string; kind: PolicyKind }> {
  const texts = [
    { arbitrary: shaped, weight: 4 },
    { arbitrary: mutated(fc.constant(VALID)), weight: 3 },
    { arbitrary: fc.json(), weight: 1 },
    { arbitrary: fc.string(), weight: 1 },
  ];
  if (opts.large) texts.push({ arbitrary: big, weight: 1 });
  return {
    name: "policy parser and rules",
    arbitrary: fc.record({ text: fc.oneof(...texts), kind: fc.constantFrom(...KINDS) }),
    size: (i) => bytes(i.text),
    run({ text, kind }) {
      const r = parsePolicy(text, { file: "fuzz.json", kind });
      if (r.document) checkDocument(r.document, { kind, file: "fuzz.json", sourceMap: r.sourceMap });
    },
  };
}
