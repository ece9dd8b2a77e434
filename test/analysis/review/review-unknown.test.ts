import assert from "node:assert/strict";
import { test } from "node:test";
import { principalCan } from "../../../src/analysis/review/can.js";
import { accessMatrix } from "../../../src/analysis/review/matrix.js";
import type { AccessMatrix } from "../../../src/analysis/review/types.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { Statement } from "../../../src/policy/types.js";
import { renderCanText, renderMatrixCsv, renderMatrixText } from "../../../src/report/review-text.js";
import { type ProgramPolicy, programModel } from "../../helpers/program-model.js";

// The matrix and `can` never show "denied" — nor "held" — where capture did not see what decides
// it: a cell counts what the principal holds whatever the unknown parts are, `unknown` what it may
// hold beyond that, and its status is Unknown when the best it reaches depends on them; `can` lists
// the certain access, and what may be held apart.
const model = (policies: ProgramPolicy[]): AccessModel => programModel(policies, { app: "all", known: ["logs"] });
const logs: Statement = { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["*"] };
const cellOf = (m: AccessMatrix, principal: string, capability: string) =>
  m.rows.find((r) => r.principal === principal)!.cells[m.capabilities.findIndex((c) => c.id === capability)];

test("an Allow whose resource capture could not see: its actions are Unknown, not denied", () => {
  const m = accessMatrix(
    model([
      { id: "logs", statements: [logs] },
      {
        id: "data",
        statements: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["*"] }],
        unknown: {
          whole: false,
          reasons: ["data.policy: bucket from stack reference shared/dev"],
          statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
        },
      },
    ]),
  );
  const read = cellOf(m, "app", "service:s3:Read");
  assert.deepEqual(read, { status: "Unknown", allowed: 0, conditional: 0, total: read.total, unknown: 1 });
  assert.equal(cellOf(m, "app", "service:s3:Write").status, "Unknown");
  // What the unknown part cannot touch is decided.
  assert.deepEqual(cellOf(m, "app", "service:logs:Write"), cellOf(m, "known", "service:logs:Write"));
  assert.equal(cellOf(m, "app", "service:logs:Write").status, "Allowed");
  assert.equal(cellOf(m, "app", "service:logs:Write").unknown, undefined);
  // A principal that holds none of the unknown policies is fully known.
  assert.equal(cellOf(m, "known", "service:s3:Read").status, "Denied");
  assert.deepEqual(
    m.rows.map((r) => [r.principal, r.unknown]),
    [
      ["app", ["data.policy: bucket from stack reference shared/dev"]],
      ["known", undefined],
    ],
  );
  const text = renderMatrixText(m);
  assert.match(text, /app: data\.policy: bucket from stack reference shared\/dev/);
  assert.match(text, /\?1/);
  assert.match(renderMatrixCsv(m), /Unknown 0\/\d+ \(1 unknown\)/);
});

test("a wholly unknown policy: it could grant or deny anything, so every column is Unknown", () => {
  const m = accessMatrix(
    model([
      { id: "logs", statements: [logs, { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["*"] }] },
      { id: "legacy", statements: [], unknown: { whole: true, reasons: ["legacy is not defined in this program"] } },
    ]),
  );
  // Even s3:ListBucket, granted by a known policy, is not certain: the unknown one may deny it.
  const list = cellOf(m, "app", "service:s3:List");
  assert.equal(list.status, "Unknown");
  assert.equal(list.allowed, 0);
  assert.equal(list.unknown, list.total);
  assert.equal(cellOf(m, "known", "service:s3:List").status, "Allowed");
  const read = cellOf(m, "app", "service:s3:Read");
  assert.equal(read.status, "Unknown");
  assert.equal(read.unknown, read.total);
  assert.equal(cellOf(m, "known", "service:s3:Read").status, "Denied");
});

test("an unknown Deny: what it could deny is Unknown, never counted as held", () => {
  const m = accessMatrix(
    model([
      { id: "logs", statements: [logs] },
      {
        id: "guard",
        statements: [{ Effect: "Deny", Action: ["logs:PutLogEvents"], Resource: ["*"] }],
        unknown: {
          whole: false,
          reasons: ["guard.policy: log group from a component output"],
          statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
        },
      },
    ]),
  );
  const write = cellOf(m, "app", "service:logs:Write");
  assert.deepEqual(write, { status: "Unknown", allowed: 0, conditional: 0, total: write.total, unknown: 1 });
  assert.equal(cellOf(m, "known", "service:logs:Write").status, "Allowed");
});

test("can: lists what is held whatever the unknown parts are, and apart what may be held", () => {
  const m = model([
    { id: "logs", statements: [logs] },
    {
      id: "data",
      statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }],
      unknown: {
        whole: false,
        reasons: ["data.policy: bucket from stack reference shared/dev"],
        statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
      },
    },
  ]);
  const r = principalCan(m, "app");
  // The `*` standing for the unknown bucket is never listed as held.
  assert.deepEqual(r.services, ["logs"]);
  assert.deepEqual(r.unknown, ["data.policy: bucket from stack reference shared/dev"]);
  assert.deepEqual(
    r.mayHold?.map((g) => [g.service, g.lines.map((l) => l.actions)]),
    [["s3", [["GetObject"]]]],
  );
  assert.match(renderCanText(r), /May hold, depending on what capture could not see[\s\S]*\? GetObject/);
  const known = principalCan(m, "known");
  assert.equal(known.unknown, undefined);
  assert.equal(known.mayHold, undefined);
  assert.deepEqual(known.groups, r.groups);
});
