/**
 * An exact diff's worker thread is sent each principal's part of the two models (`jobForUnit`),
 * not the whole organization: the part holds that principal and what applies to it, and the
 * principal's answer on it is the answer on the whole models.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ExactPrincipalResult, proveModelNoNewAccess } from "../../../src/analysis/prover/models.js";
import { jobForUnit, principalSlice } from "../../../src/analysis/prover/units.js";
import { generateOrgSpec } from "../../helpers/generate-org.js";
import { programModel } from "../../helpers/program-model.js";
import { compiledModel } from "../../helpers/spec-access.js";

const compile = compiledModel;

// Two teams; the new version approves one more model family and adds a member to each team.
const yaml = generateOrgSpec(2, 2);
const changed = generateOrgSpec(2, 3).replace(
  '"amazon.titan-embed-text-v2:0"]',
  '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]',
);
assert.notEqual(changed, yaml);
const [before, after] = [compile(yaml), compile(changed)];

const timeless = (rs: ExactPrincipalResult[]) => rs.map(({ ms: _ms, ...r }) => r);

test("a worker is sent one principal and the policies that apply to it, not the organization", () => {
  const id = "t0/t0-m0";
  const job = jobForUnit({ kind: "diff", before, after, timeoutMs: 1000 }, id);
  assert.equal(job.kind, "diff");
  if (job.kind !== "diff") return;
  assert.deepEqual(
    job.after.principals.map((p) => p.id),
    [id],
  );
  const principal = after.principals.find((p) => p.id === id);
  assert.ok(principal);
  assert.ok(job.after.policies.length > 0);
  assert.ok(job.after.policies.length < after.policies.length / 2, "the other team's policies stay behind");
  assert.ok(job.after.policies.every((p) => !p.id.startsWith("t1/")));
  assert.deepEqual(
    job.after.groups.map((g) => g.id),
    after.groups.filter((g) => principal.groups.includes(g.id)).map((g) => g.id),
  );
  assert.equal(job.timeoutMs, 1000);
  // What every unit shares, sent once when the thread starts: no principal at all.
  const shared = jobForUnit({ kind: "diff", before, after });
  assert.ok(shared.kind === "diff" && shared.before.principals.length === 0 && shared.after.principals.length === 0);
  // `prove` and `tests` units read the whole model (isolation compares teams): sent as they are.
  const prove = { kind: "prove" as const, model: after };
  assert.equal(jobForUnit(prove, id), prove);
});

test("each principal's exact diff on its part of the models is its diff on the whole models", {
  timeout: 900_000,
}, async () => {
  // A member who gains access, a new member (absent before), a role with a trust policy.
  for (const id of ["t0/t0-m0", "t1/t1-m2", "t0/execution-role"]) {
    const whole = await proveModelNoNewAccess(before, after, { ids: [id], timeoutMs: 60_000 });
    const part = await proveModelNoNewAccess(principalSlice(before, id), principalSlice(after, id), {
      ids: [id],
      timeoutMs: 60_000,
    });
    assert.ok(whole.principals.length > 0, `${id}: a question was asked`);
    assert.deepEqual(timeless(part.principals), timeless(whole.principals), id);
  }
});

test("a boundary and what capture could not see travel with the principal", { timeout: 300_000 }, async () => {
  const read = { Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/*"] };
  const write = { Effect: "Allow" as const, Action: ["s3:PutObject"], Resource: ["*"] };
  const policies = (extra: boolean) =>
    programModel(
      [
        { id: "p", statements: extra ? [read, write] : [read] },
        {
          id: "b",
          boundary: true,
          statements: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }],
          unknown: {
            whole: false,
            reasons: ["prefix from config"],
            statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
          },
        },
        { id: "other", statements: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] },
      ],
      { fn: ["p"], admin: "all" },
    );
  const [b, a] = [policies(false), policies(true)];
  // `fn` takes `p` only; `admin` every managed policy and the boundary.
  assert.deepEqual(
    principalSlice(a, "fn").policies.map((p) => p.id),
    ["p"],
  );
  const slice = principalSlice(a, "admin");
  assert.deepEqual(
    slice.policies.map((p) => p.id),
    ["p", "b", "other"],
  );
  const whole = await proveModelNoNewAccess(b, a, { ids: ["admin"], timeoutMs: 60_000 });
  const part = await proveModelNoNewAccess(principalSlice(b, "admin"), slice, { ids: ["admin"], timeoutMs: 60_000 });
  assert.equal(whole.principals[0]?.status, "unknown", JSON.stringify(whole));
  assert.deepEqual(timeless(part.principals), timeless(whole.principals));
});
