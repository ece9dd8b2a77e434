import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { principalCan } from "../../../src/analysis/review/can.js";
import { resolveVariables } from "../../../src/analysis/review/variables.js";
import { whoCan } from "../../../src/analysis/review/who-can.js";
import { compileSpec } from "../../../src/compile/index.js";
import { simulate } from "../../../src/engine/index.js";
import { loadSpec } from "../../../src/input/team-spec/index.js";
import { policySetForPrincipal, principalContext, requestFor } from "../../../src/model/policy-set.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { ConditionBlock } from "../../../src/policy/types.js";

/** who-can and can on the example spec agree with the engine's one-request simulation for every reported pair. */
const loaded = loadSpec(join(import.meta.dirname, "../../../examples/ai-platform"));
const model = compileSpec(loaded.spec!).model!;

function decide(
  m: AccessModel,
  id: string,
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
) {
  return simulate(policySetForPrincipal(m, id, { action, resource }), requestFor(m, id, action, resource, context))
    .decision;
}

/** A concrete resource the pattern names: wildcards filled in. */
const concrete = (pattern: string) => (pattern === "*" ? "*" : pattern.replace(/\*/g, "x1").replace(/\?/g, "x"));

/** A request context meeting one condition block (as the report says the access needs). */
function satisfy(block: ConditionBlock, ctx: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [operator, keys] of Object.entries(block)) {
    const set = /^For(All|Any)Values:/.test(operator);
    const op = operator.replace(/^For(All|Any)Values:/, "").replace(/IfExists$/, "");
    for (const [key, values] of Object.entries(keys)) {
      const v = resolveVariables(values[0], ctx);
      let value: string | undefined;
      if (/^(String(Equals|Like)(IgnoreCase)?|Arn(Equals|Like)|Bool)$/.test(op)) value = concrete(v);
      else if (/^Numeric(LessThan|Equals)/.test(op)) value = op.includes("Equals") ? v : String(Number(v) - 1);
      else if (/^NumericGreaterThan/.test(op)) value = op.includes("Equals") ? v : String(Number(v) + 1);
      else if (op === "Null") value = v === "false" ? "x" : undefined;
      if (value !== undefined && !(op === "Null" && key in out)) out[key] = set ? [value] : value;
    }
  }
  return out;
}

describe("review commands agree with simulate on the example spec", () => {
  test("can: every allowed pair is allowed, every conditional pair is allowed once its conditions hold", () => {
    let checked = 0;
    for (const p of model.principals) {
      const ctx = principalContext(model, p.id);
      for (const g of principalCan(model, p.id).groups) {
        for (const line of g.lines) {
          for (const name of line.actions) {
            const action = `${g.service}:${name}`;
            for (const pattern of line.resources) {
              const resource = concrete(pattern);
              const where = `${p.id} ${action} ${resource}`;
              if (line.status === "Allowed") assert.equal(decide(model, p.id, action, resource), "Allowed", where);
              else {
                const extra = satisfy(line.conditions![0], ctx);
                assert.equal(
                  decide(model, p.id, action, resource, extra),
                  "Allowed",
                  `${where} with ${JSON.stringify(extra)}`,
                );
              }
              checked++;
            }
          }
        }
      }
    }
    assert.ok(checked > 500, `checked ${checked} pairs`);
  });

  test("who-can: exactly the principals the engine allows", () => {
    const queries = [
      ...(model.tests ?? []).map((t) => ({ action: t.action, resource: t.resource })),
      { action: "s3:PutObject", resource: "arn:aws:s3:::acme-ai-artifacts/vision/model.tar.gz" },
      {
        action: "sagemaker:CreateTrainingJob",
        // Team vision's jobs are named vision--… (README, "Naming").
        resource: "arn:aws:sagemaker:us-east-1:123456789012:training-job/vision--job-1",
      },
      { action: "iam:PassRole", resource: model.principals.find((p) => p.id === "nlp/execution-role")!.arn },
      { action: "ecr:GetAuthorizationToken", resource: "*" },
    ];
    for (const q of queries) {
      const r = whoCan(model, q);
      assert.equal(r.evaluated, model.principals.length);
      for (const p of model.principals) {
        const entry = r.principals.find((x) => x.principal === p.id);
        const plain = decide(model, p.id, q.action, q.resource);
        if (!entry) assert.notEqual(plain, "Allowed", `${p.id} not listed for ${q.action}`);
        else if (entry.status === "Allowed") assert.equal(plain, "Allowed", `${p.id} ${q.action}`);
        else {
          const extra = satisfy(entry.conditions![0], principalContext(model, p.id));
          assert.equal(decide(model, p.id, q.action, q.resource, extra), "Allowed", `${p.id} ${q.action}`);
        }
        if (entry) assert.ok(entry.statements.some((s) => s.effect === "Allow" && s.layer === "identity"));
      }
    }
    const training = whoCan(model, queries[queries.length - 3]);
    assert.ok(training.principals.length > 0 && training.principals.every((p) => p.status === "Conditional"));
  });
});
