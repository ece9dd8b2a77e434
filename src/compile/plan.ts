import { identityPolicyIds } from "../model/policy-set.js";
import { type PlannedResource, plannedResources } from "../model/resources.js";
import type { AccessModel, ModelPolicyKind, PrincipalKind } from "../model/types.js";
import { canonicalValue } from "../policy/canonical.js";

/** `ai-iam plan --format json`: what deploying a model creates. */
export interface Plan {
  principals: Array<{
    id: string;
    kind: PrincipalKind;
    team?: string;
    persona?: string;
    groups?: string[];
    /** Every identity policy that applies: attached directly, inline, and through its groups. */
    policies: string[];
    boundary?: string;
  }>;
  /** Documents in canonical form (exactly the JSON IAM receives). */
  policies: Array<{ id: string; name: string; kind: ModelPolicyKind; document: Record<string, unknown>; size: number }>;
  resources: PlannedResource[];
}

/** The plan of a model; every list in the model's (id) order, resources by type then name. */
export function planOf(model: AccessModel): Plan {
  return {
    principals: model.principals.map((p) => ({
      id: p.id,
      kind: p.kind,
      ...(p.team !== undefined ? { team: p.team } : {}),
      ...(p.persona !== undefined ? { persona: p.persona } : {}),
      ...(p.groups.length > 0 ? { groups: [...p.groups] } : {}),
      policies: identityPolicyIds(model, p),
      ...(p.boundary !== undefined ? { boundary: p.boundary } : {}),
    })),
    // A policy whose whole document is unknown is not the plan's to create (nor to show as empty).
    policies: model.policies
      .filter((p) => !p.unknown?.whole)
      .map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        document: canonicalValue(p.document),
        size: p.size,
      })),
    resources: plannedResources(model),
  };
}
