import assert from "node:assert/strict";
import { test } from "node:test";
import { decideForPrincipal, modelHasUnknowns } from "../../src/model/decide.js";
import type { AccessModel, PolicyUnknown } from "../../src/model/types.js";
import { PROGRAM_ACCOUNT, type ProgramPolicy, programModel } from "../helpers/program-model.js";

// Unknown is not denied: a decision that depends on what capture could not see is Unknown; one that
// does not (an explicit Deny elsewhere, an action the unknown part cannot match) is decided.
const A = PROGRAM_ACCOUNT;
const model = (policies: ProgramPolicy[]): AccessModel => programModel(policies);
const whole = (reason: string): PolicyUnknown => ({ whole: true, reasons: [reason] });
const decide = (m: AccessModel, action: string, resource = "*", context = {}) =>
  decideForPrincipal(m, "fn", action, resource, context);

test("a fully known model decides as the engine does", () => {
  const m = model([{ id: "p", statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] }]);
  assert.equal(modelHasUnknowns(m), false);
  assert.equal(decide(m, "s3:GetObject").decision, "Allowed");
  assert.equal(decide(m, "s3:PutObject").decision, "ImplicitlyDenied");
  assert.equal(decide(m, "s3:PutObject").unknown, undefined);
});

test("an unknown managed policy makes every decision Unknown, with its reason, except explicit denies", () => {
  const m = model([
    { id: "known", statements: [{ Effect: "Deny", Action: ["iam:*"], Resource: ["*"] }] },
    { id: "legacy", statements: [], unknown: whole("legacy is not defined in this program") },
  ]);
  assert.equal(modelHasUnknowns(m), true);
  const d = decide(m, "s3:PutObject");
  assert.equal(d.decision, "Unknown");
  assert.deepEqual(d.unknown, ["legacy is not defined in this program"]);
  assert.equal(decide(m, "iam:CreateUser").decision, "ExplicitlyDenied");
});

test("an unknown Resource in an Allow matters only for the actions that statement names", () => {
  const m = model([
    {
      id: "p",
      statements: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] },
        { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["*"] },
      ],
      unknown: {
        whole: false,
        reasons: ["bucket from stack reference"],
        statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
      },
    },
  ]);
  assert.equal(decide(m, "s3:GetObject", "arn:aws:s3:::b/k").decision, "Unknown");
  assert.equal(decide(m, "logs:PutLogEvents").decision, "Allowed");
  assert.equal(decide(m, "s3:PutObject", "arn:aws:s3:::b/k").decision, "ImplicitlyDenied");
});

test("an unknown value in a Deny's condition: Unknown where the Deny could apply", () => {
  const m = model([
    {
      id: "p",
      statements: [
        { Effect: "Allow", Action: ["ec2:*"], Resource: ["*"] },
        {
          Effect: "Deny",
          Action: ["ec2:RunInstances"],
          Resource: ["*"],
          Condition: { StringNotEquals: { "aws:RequestedRegion": ["*"] } },
        },
      ],
      unknown: {
        whole: false,
        reasons: ["region from a parameter"],
        statements: [{ index: 1, elements: [], conditions: [["StringNotEquals", "aws:RequestedRegion"]] }],
      },
    },
  ]);
  assert.equal(decide(m, "ec2:RunInstances").decision, "Unknown");
  assert.equal(decide(m, "ec2:DescribeInstances").decision, "Allowed");
});

test("an unknown permissions boundary: Unknown where identity policies allow, denied where they do not", () => {
  const m = model([
    { id: "p", statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] },
    { id: "edge", statements: [], unknown: whole("boundary outside the program"), boundary: true },
  ]);
  assert.equal(decide(m, "s3:GetObject").decision, "Unknown");
  assert.equal(decide(m, "s3:PutObject").decision, "ImplicitlyDenied");
});

test("assuming a role the program does not create: its trust policy is unknown", () => {
  const m = model([{ id: "p", statements: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["*"] }] }]);
  const d = decide(m, "sts:AssumeRole", `arn:aws:iam::${A}:role/elsewhere`);
  assert.equal(d.decision, "Unknown");
  assert.match(String(d.unknown?.[0]), /trust policy is not known/);
  // A model compiled from a spec describes every role it names: no change there.
  assert.equal(
    decide({ ...m, source: { kind: "spec", path: "s" } }, "sts:AssumeRole", `arn:aws:iam::${A}:role/elsewhere`)
      .decision,
    "ImplicitlyDenied",
  );
});
