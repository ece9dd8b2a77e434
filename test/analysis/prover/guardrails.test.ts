import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GLOBAL_SERVICE_ACTIONS, MFA_SETUP_ACTIONS } from "../../../src/activities/guardrails.js";
import { guardrailProperties, type PropertyDefinition } from "../../../src/analysis/prover/guardrails.js";
import { type PropertyResult, teamResources } from "../../../src/analysis/prover/isolation.js";
import { proveModel, proveProperties } from "../../../src/analysis/prover/properties.js";
import { proveNever } from "../../../src/analysis/prover/prove.js";
import { loadSpecModel } from "../../../src/compile/load.js";
import { compileActions } from "../../../src/engine/compile.js";
import { simulate } from "../../../src/engine/index.js";
import { policySetForPrincipal } from "../../../src/model/policy-set.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";
import { compileWildcard } from "../../../src/policy/wildcard.js";
import { ALICE, allow, deny, identity } from "./cases.js";

/**
 * The guardrail properties `prove` derives from a spec: proven on the example, violated (with a
 * request the engine allows, inside the property) on copies whose compiled policies are wider
 * than the guardrails say. Every violation is replayed through the engine: if the engine
 * disagrees with a counterexample, these tests fail.
 */
const loaded = loadSpecModel("examples/ai-platform");
const MODEL = loaded.model!;
const SPEC = loaded.spec!;
const DEFS = guardrailProperties(SPEC, MODEL);
const def = (id: string): PropertyDefinition => DEFS.find((d) => d.id === id)!;
const T = { timeoutMs: 60_000 };
const NO_VARS = { variable: () => undefined };
const like = (pattern: string, value: string) => compileWildcard(pattern, {}).test(value, NO_VARS);

/** A copy of the model whose policies (by id prefix) have their statements rewritten. */
function mutate(model: AccessModel, prefix: string, edit: (st: Statement) => Statement | undefined): AccessModel {
  return {
    ...model,
    policies: model.policies.map((p) => {
      if (!p.id.startsWith(prefix)) return p;
      const document: PolicyDocument = structuredClone(p.document);
      document.Statement = document.Statement.map(edit).filter((s): s is Statement => s !== undefined);
      return { ...p, document };
    }),
  };
}

/** Rewrites text in every statement (a widening as a reviewer would write it). */
const replaceAll = (from: string, to: string) => (st: Statement) =>
  JSON.parse(JSON.stringify(st).replaceAll(from, to)) as Statement;

/** The one violated property, its request replayed through the engine under the mutated model. */
function violated(model: AccessModel, results: PropertyResult[]): PropertyResult["counterexample"] & {} {
  assert.equal(results.length, 1);
  const [r] = results;
  assert.equal(r.status, "violated", `${r.name}: ${r.reason ?? ""}`);
  const req = r.counterexample!.request;
  assert.equal(simulate(policySetForPrincipal(model, r.principal), req).decision, "Allowed", JSON.stringify(req));
  return r.counterexample!;
}

async function prove(model: AccessModel, id: string, principal: string): Promise<PropertyResult[]> {
  return proveProperties(model, [def(id)], { ...T, ids: [principal] });
}

describe("prove: guardrail properties of the example", () => {
  test("every guardrail property is proven for every principal it applies to", { timeout: 900_000 }, async () => {
    assert.deepEqual(
      DEFS.map((d) => d.id),
      [
        "guardrail/regions",
        "guardrail/mfa",
        "guardrail/instance-types",
        "guardrail/bedrock-models",
        "guardrail/model-approval",
      ],
    );
    const results = await proveProperties(MODEL, DEFS, T);
    for (const r of results) assert.equal(r.status, "proven", `${r.name}: ${r.reason ?? ""}`);
    const count = (id: string) => results.filter((r) => r.property === id).length;
    // MFA: the four IAM users, not the execution roles; approval: all but nlp/dan (mlops).
    assert.equal(count("guardrail/mfa"), 4);
    assert.equal(count("guardrail/regions"), 6);
    assert.deepEqual(
      results.filter((r) => r.property === "guardrail/model-approval").map((r) => r.principal),
      ["nlp/carol", "nlp/execution-role", "vision/alice", "vision/bob", "vision/execution-role"],
    );
  });
});

describe("guardrailProperties: only what the compiler applies", () => {
  test("no MFA property without IAM users (roles carry no MFA key), no region property without a region list", () => {
    const roles = guardrailProperties({ ...SPEC, identity: "iam-roles" }, MODEL).map((d) => d.id);
    assert.ok(!roles.includes("guardrail/mfa"), roles.join(" "));
    const noMfa = guardrailProperties({ ...SPEC, guardrails: { ...SPEC.guardrails, requireMfa: false } }, MODEL);
    assert.ok(!noMfa.some((d) => d.id === "guardrail/mfa"));
    const anyRegion = guardrailProperties({ ...SPEC, guardrails: { ...SPEC.guardrails, allowedRegions: [] } }, MODEL);
    assert.ok(!anyRegion.some((d) => d.id === "guardrail/regions"));
  });

  test("an empty instance-type list allows none: any type present violates; no approved model: any invoke", () => {
    const g = { ...SPEC.guardrails, ec2InstanceTypes: [], bedrock: { models: [] } };
    const defs = guardrailProperties({ ...SPEC, guardrails: g }, MODEL);
    const ec2 = defs.find((d) => d.id === "guardrail/instance-types")!.checks[3];
    assert.deepEqual(ec2.condition, { Null: { "ec2:InstanceType": ["false"] } });
    const bedrock = defs.find((d) => d.id === "guardrail/bedrock-models")!;
    assert.equal(bedrock.checks[0].notResource, undefined);
    assert.equal(bedrock.title, "invokes no Bedrock model");
  });
});

describe("prove: guardrail properties of mutated copies are violated, with engine-confirmed counterexamples", () => {
  test("a region added only in a policy (eu-west-1 in nlp's region Deny)", { timeout: 900_000 }, async () => {
    const model = mutate(MODEL, "nlp/", (st) =>
      st.Sid === "GuardrailDenyOtherRegions"
        ? { ...st, Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2", "eu-west-1"] } } }
        : st,
    );
    const cx = violated(model, await prove(model, "guardrail/regions", "nlp/carol"));
    // The AWS example SCP: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
    assert.equal(cx.request.context!["aws:RequestedRegion"], "eu-west-1");
    assert.ok(!compileActions(GLOBAL_SERVICE_ACTIONS)(cx.request.action.toLowerCase()), cx.request.action);
  });

  test("the region guardrail removed", { timeout: 900_000 }, async () => {
    const model = mutate(MODEL, "vision/", (st) => (st.Sid === "GuardrailDenyOtherRegions" ? undefined : st));
    const cx = violated(model, await prove(model, "guardrail/regions", "vision/execution-role"));
    assert.ok(!["us-east-1", "us-west-2"].includes(cx.request.context!["aws:RequestedRegion"] as string));
  });

  test("the MFA guardrail removed", { timeout: 900_000 }, async () => {
    const model = mutate(MODEL, "vision/", (st) => (st.Sid === "GuardrailDenyWithoutMfa" ? undefined : st));
    const cx = violated(model, await prove(model, "guardrail/mfa", "vision/alice"));
    // aws:MultiFactorAuthPresent is absent or false without MFA (IAM User Guide, AWS global condition context keys).
    assert.notEqual(cx.request.context!["aws:MultiFactorAuthPresent"], "true");
    assert.ok(!compileActions(MFA_SETUP_ACTIONS)(cx.request.action.toLowerCase()), cx.request.action);
  });

  test("training instance types widened (ml.g5.* to ml.*, in the Deny and the Allow)", {
    timeout: 900_000,
  }, async () => {
    const model = mutate(MODEL, "nlp/", replaceAll('"ml.g5.*"', '"ml.*"'));
    const cx = violated(model, await prove(model, "guardrail/instance-types", "nlp/carol"));
    const types = ([] as string[]).concat(cx.request.context!["sagemaker:InstanceTypes"] ?? []);
    assert.ok(
      types.some((t) => !SPEC.guardrails.trainingInstanceTypes.some((p) => like(p, t))),
      `${cx.request.action} ${JSON.stringify(types)}`,
    );
  });

  test("a Bedrock model widened to every foundation model (policies and boundary)", { timeout: 900_000 }, async () => {
    const model = mutate(
      MODEL,
      "nlp/",
      replaceAll("foundation-model/amazon.titan-embed-text-v2:0", "foundation-model/*"),
    );
    const cx = violated(model, await prove(model, "guardrail/bedrock-models", "nlp/carol"));
    const approved = SPEC.guardrails.bedrock!.models;
    assert.match(cx.request.resource, /:foundation-model\//);
    const model1 = cx.request.resource.slice(cx.request.resource.indexOf("foundation-model/") + 17);
    assert.ok(!approved.some((m) => like(m, model1)), model1);
  });

  test("a data scientist given approval (the Null check on sagemaker:ModelApprovalStatus dropped)", {
    timeout: 900_000,
  }, async () => {
    const model = mutate(MODEL, "vision/data-scientist/", (st) => {
      if (st.Sid !== "ModelsUpdateTeamVersions") return st;
      const { Null: _dropped, ...rest } = st.Condition!;
      return { ...st, Condition: rest };
    });
    const cx = violated(model, await prove(model, "guardrail/model-approval", "vision/alice"));
    // Approval is UpdateModelPackage with ModelApprovalStatus (SageMaker Developer Guide, "Update the approval status of a model").
    assert.equal(cx.request.action, "sagemaker:UpdateModelPackage");
    const status = cx.request.context!["sagemaker:ModelApprovalStatus"];
    assert.ok(status !== undefined && status !== "PendingManualApproval", String(status));
  });

  test("the mlops persona may approve: the property does not apply to nlp/dan", async () => {
    const results = await proveProperties(MODEL, [def("guardrail/model-approval")], { ...T, ids: ["nlp/dan"] });
    assert.deepEqual(results, []);
  });
});

describe("prove: isolation of a mutated copy", () => {
  test("vision's team-named resources (vision--*) widened to *: vision/alice acts on nlp's", {
    timeout: 900_000,
  }, async () => {
    const model = mutate(MODEL, "vision/", replaceAll("vision--*", "*"));
    const report = await proveModel(model, { ...T, ids: ["vision/alice"] });
    const iso = report.properties.filter((p) => p.property === "isolation/nlp");
    const cx = violated(model, iso);
    // The request acts on one of nlp's own resources (teamResources of the mutated model).
    const nlp = teamResources(model)
      .get("nlp")!
      .flatMap((g) => g.resources);
    assert.ok(
      nlp.some((r) => compileWildcard(r, { arn: true }).test(cx.request.resource, NO_VARS)),
      cx.request.resource,
    );
    assert.match(cx.request.resource, /nlp--/);
  });
});

describe("property patterns: notAction, notResource and condition", () => {
  const set = identity(
    allow("*", "*"),
    deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } } }),
  );
  test("a condition on the request's context restricts the requests considered", async () => {
    const r = await proveNever(
      set,
      { action: "s3:GetObject", condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } } },
      { principal: ALICE, ...T },
    );
    assert.equal(r.status, "proven", r.reason);
    const open = await proveNever(
      set,
      { action: "s3:GetObject", condition: { StringLike: { "aws:RequestedRegion": ["us-*"] } } },
      { principal: ALICE, ...T },
    );
    assert.equal(open.status, "violated");
    assert.equal(open.counterexample!.request.context!["aws:RequestedRegion"], "us-east-1");
    assert.equal(simulate(set, open.counterexample!.request).decision, "Allowed");
  });

  test("notResource and notAction exclude requests", async () => {
    const bucket = identity(allow("s3:GetObject", "arn:aws:s3:::b/public/*"));
    const outside = await proveNever(
      bucket,
      { action: "s3:*", notResource: "arn:aws:s3:::b/public/*" },
      { principal: ALICE, ...T },
    );
    assert.equal(outside.status, "proven", outside.reason);
    const inside = await proveNever(
      bucket,
      { action: "s3:*", notResource: "arn:aws:s3:::b/public/x*" },
      { principal: ALICE, ...T },
    );
    assert.equal(inside.status, "violated");
    assert.ok(!like("arn:aws:s3:::b/public/x*", inside.counterexample!.request.resource));
    assert.equal(simulate(bucket, inside.counterexample!.request).decision, "Allowed");
    const except = await proveNever(
      bucket,
      { action: "s3:*", notAction: "s3:GetObject" },
      { principal: ALICE, hypotheticalActions: false, ...T },
    );
    assert.equal(except.status, "proven", except.reason);
  });
});
