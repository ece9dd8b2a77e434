import assert from "node:assert/strict";
import { test } from "node:test";
import { proveModelNoNewAccess } from "../../../src/analysis/prover/models.js";
import type { AccessModel, PolicyUnknown } from "../../../src/model/types.js";
import { type ProgramPolicy, programModel } from "../../helpers/program-model.js";

// A captured program's model may hold policies capture could not see (issue 15: "Unknown is not
// denied"). The exact diff must never prove "no new access" by reading an unknown part as nothing,
// nor report a gain that only the unknown part's widest reading makes.
const model = (policies: ProgramPolicy[]): AccessModel => programModel(policies);
const read = { Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::data/*`] };

test("an unknown Resource added in the new version: unknown (named), never proven", { timeout: 300_000 }, async () => {
  const before = model([{ id: "p", statements: [read] }]);
  const after = model([
    {
      id: "p",
      statements: [read, { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["*"] }],
      unknown: {
        whole: false,
        reasons: ["bucket from stack reference acme/shared/dev"],
        statements: [{ index: 1, elements: ["Resource"], conditions: [] }],
      },
    },
  ]);
  const r = await proveModelNoNewAccess(before, after, { timeoutMs: 60_000 });
  assert.equal(r.status, "unknown", JSON.stringify(r));
  assert.match(r.principals[0]?.reason ?? "", /stack reference acme\/shared\/dev/);
  assert.deepEqual(r.principals[0]?.findings, []);
});

test("a whole unknown policy in the old version: a real gain is not proven away", { timeout: 300_000 }, async () => {
  // Read as nothing, the old unknown policy would make the new grant "new access" (violated); read
  // at its widest, it may already have granted it. Either way the answer is not "proven".
  const before = model([
    { id: "legacy", statements: [], unknown: { whole: true, reasons: ["legacy is not defined"] } },
  ]);
  const after = model([{ id: "p", statements: [read] }]);
  const r = await proveModelNoNewAccess(before, after, { timeoutMs: 60_000 });
  assert.notEqual(r.status, "proven", JSON.stringify(r));
});

test("unknown parts that cannot widen anything: still proven", { timeout: 300_000 }, async () => {
  const unknownDeny: PolicyUnknown = {
    whole: false,
    reasons: ["region from a parameter"],
    statements: [{ index: 1, elements: [], conditions: [["StringNotEquals", "aws:RequestedRegion"]] }],
  };
  const deny = {
    Effect: "Deny" as const,
    Action: ["s3:*"],
    Resource: ["*"],
    Condition: { StringNotEquals: { "aws:RequestedRegion": ["*"] } },
  };
  const before = model([{ id: "p", statements: [read, deny], unknown: unknownDeny }]);
  const after = model([{ id: "p", statements: [read, deny], unknown: unknownDeny }]);
  const r = await proveModelNoNewAccess(before, after, { timeoutMs: 60_000 });
  assert.equal(r.status, "proven", JSON.stringify(r));
});
