import { allRules } from "../../../../src/analysis/checks/rules/index.js";
import type { Rule } from "../../../../src/analysis/checks/types.js";
import type { AccessModel, ModelPolicy, ModelPrincipal } from "../../../../src/model/types.js";
import type { PolicyDocument, Statement } from "../../../../src/policy/types.js";

/** Builders for the per-rule tests: documents written as a normalized document would be, and small models. */

export const V = "2012-10-17";
export const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: V, Statement });
export const allow = (Action: string[], Resource: string[] = ["*"], extra: Partial<Statement> = {}): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});
export const deny = (Action: string[], Resource: string[] = ["*"], extra: Partial<Statement> = {}): Statement => ({
  Effect: "Deny",
  Action,
  Resource,
  ...extra,
});

/** The rule with that id. */
export function rule(id: string): Rule {
  const r = allRules.find((x) => x.meta.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

export function principal(
  id: string,
  kind: ModelPrincipal["kind"],
  extra: Partial<ModelPrincipal> = {},
): ModelPrincipal {
  const name = id.replace("/", "-");
  const arn = `arn:aws:iam::111122223333:${kind === "user" ? "user" : "role"}/${name}`;
  return { id, kind, name, arn, tags: {}, groups: [], managedPolicies: [], inlinePolicies: [], ...extra };
}

export function policy(id: string, document: PolicyDocument, extra: Partial<ModelPolicy> = {}): ModelPolicy {
  return { id, name: id.replace("/", "-"), kind: "managed", policyType: "identity", document, size: 0, ...extra };
}

export function model(
  principals: ModelPrincipal[],
  policies: ModelPolicy[],
  groups: AccessModel["groups"] = [],
): AccessModel {
  return {
    source: { kind: "spec", path: "t.yaml" },
    account: "111122223333",
    partition: "aws",
    region: "us-east-1",
    principals,
    groups,
    policies,
    resourcePolicies: [],
  };
}
