import { createEvaluator } from "../engine/index.js";
import type { EvaluationResult } from "../engine/types.js";
import type { AccessRequest } from "../policy/policy-set.js";
import { isTrustPolicyAction } from "../policy/trust.js";
import type { PolicyDocument, Statement } from "../policy/types.js";
import { findPrincipal, identityPolicyIds, policySetForPrincipal, requestFor } from "./policy-set.js";
import type { AccessModel, ModelPolicy } from "./types.js";

/**
 * Deciding a request for a principal of a model that capture could not see completely. Unknown is
 * not denied: where a policy that takes part in the decision is unknown — its whole document (an
 * AWS managed policy not in the offline copy, a value computed by the cloud, a component whose
 * children are invisible) or some of its statements (unknown marks: another stack's outputs, a
 * parameter's value) — the request is decided twice: once with every unknown part as permissive as
 * it could be (unknown Allows grant everything they could, unknown Denies deny nothing) and once as
 * restrictive as it could be (unknown Allows grant nothing, unknown Denies deny everything they
 * could). IAM's evaluation is monotone in each statement, so the true decision lies between the
 * two: when they agree, it is that decision; when they differ, it is `Unknown`, with the reasons of
 * the unknown policies that took part.
 */
export type ModelDecision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Unknown";

export interface PrincipalDecision {
  decision: ModelDecision;
  /** The engine's result (the permissive variant's, when unknown parts took part). */
  result: EvaluationResult;
  /** Why the decision is `Unknown`: what could not be seen, naming the program's resources. */
  unknown?: string[];
}

type Variant = "permissive" | "restrictive";

const variants = new WeakMap<AccessModel, Map<Variant, AccessModel>>();

/** The reasons a policy is not fully known (empty when it is). */
export function policyUnknownReasons(p: ModelPolicy): string[] {
  return p.unknown?.reasons ?? [];
}

/** What capture could not see of the policies that apply to a principal (its own, its groups', its boundary). */
export function principalUnknowns(model: AccessModel, principalId: string): string[] {
  // The reasons by policy id, made once per model: a model without unknown parts (every spec)
  // answers at once, not with a pass over every policy for every principal (750 × 2,000).
  const byId = unknownReasonsById(model);
  if (byId.size === 0) return [];
  const principal = findPrincipal(model, principalId);
  if (!principal) return [];
  const ids = new Set(identityPolicyIds(model, principal));
  if (principal.boundary) ids.add(principal.boundary);
  const reasons = [...ids].flatMap((id) => byId.get(id) ?? []);
  return [...new Set(reasons)].sort();
}

const reasonsById = new WeakMap<AccessModel, Map<string, string[]>>();

/** The reasons of the model's policies that have some, by policy id (a repeated id's reasons together). */
function unknownReasonsById(model: AccessModel): Map<string, string[]> {
  let byId = reasonsById.get(model);
  if (!byId) {
    byId = new Map();
    for (const p of model.policies) {
      const reasons = policyUnknownReasons(p);
      if (reasons.length > 0) byId.set(p.id, [...(byId.get(p.id) ?? []), ...reasons]);
    }
    reasonsById.set(model, byId);
  }
  return byId;
}

/**
 * The part of a policy capture saw: without its statements holding unknown values (whose `*`
 * stands for "not known", not "everything"). Undefined when the whole document is unknown.
 */
export function knownPart(p: ModelPolicy): ModelPolicy | undefined {
  if (p.unknown?.whole) return undefined;
  const skip = new Set((p.unknown?.statements ?? []).map((s) => s.index));
  if (skip.size === 0) return p;
  return { ...p, document: { ...p.document, Statement: p.document.Statement.filter((_, i) => !skip.has(i)) } };
}

/**
 * The model as far as capture saw it: each policy reduced to its known part (an unknown document to
 * no statement), keeping what is unknown about it. Rules that look for risky access read this, so
 * a value standing for "not known" is never read as "everything".
 */
export function knownModel(model: AccessModel): AccessModel {
  if (!modelHasUnknowns(model)) return model;
  // A boundary only limits: one whose whole document is unknown is left out here (as no statement
  // it would read as "nothing allowed" and hide every risk of the principal it bounds).
  const unknownWhole = new Set(model.policies.filter((p) => p.unknown?.whole).map((p) => p.id));
  return {
    ...model,
    principals: model.principals.map((p) => {
      if (!p.boundary || !unknownWhole.has(p.boundary)) return p;
      const { boundary: _, ...rest } = p;
      return rest;
    }),
    policies: model.policies.map((p) =>
      p.unknown ? { ...p, document: knownPart(p)?.document ?? { ...p.document, Statement: [] } } : p,
    ),
  };
}

/** Does the model hold anything capture could not see? */
export function modelHasUnknowns(model: AccessModel): boolean {
  // Asked once per principal and query (`can`, the matrix, `who-can`): a pass over every policy
  // each time was 750 × 2,550 calls on a large organization. Remembered per policy list, and
  // asked again if the list grew since (a model being built).
  const policies = model.policies;
  const known = hasUnknowns.get(policies);
  if (known && known.length === policies.length) return known.answer;
  const answer = policies.some((p) => policyUnknownReasons(p).length > 0);
  hasUnknowns.set(policies, { length: policies.length, answer });
  return answer;
}

const hasUnknowns = new WeakMap<readonly ModelPolicy[], { length: number; answer: boolean }>();

type UnknownStatement = NonNullable<NonNullable<ModelPolicy["unknown"]>["statements"]>[number];

/**
 * A statement with unknown parts at its widest: an unknown Action, Resource or Principal matches
 * everything; an unknown NotAction/NotResource/NotPrincipal excludes nothing; a condition key with an
 * unknown value is dropped (always true).
 */
function widest(s: Statement, u: UnknownStatement): Statement {
  const out: Statement = { ...s };
  const has = (e: string) => u.elements.includes(e);
  if (has("Action") || has("NotAction")) {
    delete out.NotAction;
    out.Action = ["*"];
  }
  if (has("Resource") || has("NotResource")) {
    delete out.NotResource;
    out.Resource = ["*"];
  }
  if (has("Principal") || has("NotPrincipal")) {
    delete out.NotPrincipal;
    out.Principal = "*";
  }
  if (s.Condition && u.conditions.length > 0) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [op, keys] of Object.entries(s.Condition)) {
      const kept = Object.fromEntries(
        Object.entries(keys).filter(([k]) => !u.conditions.some(([o, key]) => o === op && key === k)),
      );
      if (Object.keys(kept).length > 0) condition[op] = kept;
    }
    if (Object.keys(condition).length > 0) out.Condition = condition;
    else delete out.Condition;
  }
  return out;
}

/** The document as the variant sees it. */
function variantDocument(p: ModelPolicy, variant: Variant): PolicyDocument {
  const grants = variant === "permissive";
  if (p.unknown?.whole) {
    const anyone = p.policyType === "resource" || p.policyType === "trust" ? { Principal: "*" as const } : {};
    // A boundary or an SCP only ever limits: at its widest it allows everything, at its narrowest nothing.
    if (p.policyType === "boundary" || p.policyType === "scp" || p.policyType === "rcp") {
      return { Version: "2012-10-17", Statement: grants ? [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] : [] };
    }
    return {
      Version: "2012-10-17",
      Statement: [{ Effect: grants ? "Allow" : "Deny", Action: ["*"], Resource: ["*"], ...anyone }],
    };
  }
  const unknown = new Map((p.unknown?.statements ?? []).map((u) => [u.index, u]));
  const statements: Statement[] = [];
  p.document.Statement.forEach((s, i) => {
    const u = unknown.get(i);
    if (!u) {
      statements.push(s);
      return;
    }
    // Allows are widest when permissive, absent when restrictive; Denies the other way round.
    if ((s.Effect === "Allow") === grants) statements.push(widest(s, u));
  });
  return { ...p.document, Statement: statements };
}

function variantModel(model: AccessModel, variant: Variant): AccessModel {
  let byVariant = variants.get(model);
  if (!byVariant) {
    byVariant = new Map();
    variants.set(model, byVariant);
  }
  let m = byVariant.get(variant);
  if (!m) {
    m = {
      ...model,
      policies: model.policies.map((p) =>
        policyUnknownReasons(p).length > 0 ? { ...p, document: variantDocument(p, variant) } : p,
      ),
    };
    byVariant.set(variant, m);
  }
  return m;
}

/**
 * The model at the two ends of what capture could not see: `permissive` with every unknown part as
 * permissive as it could be, `restrictive` as restrictive as it could be. Any true decision lies
 * between the two (IAM's evaluation is monotone in each statement); the same model twice when
 * nothing is unknown.
 */
export function unknownVariants(model: AccessModel): { permissive: AccessModel; restrictive: AccessModel } {
  if (!modelHasUnknowns(model)) return { permissive: model, restrictive: model };
  return { permissive: variantModel(model, "permissive"), restrictive: variantModel(model, "restrictive") };
}

const byDocument = new WeakMap<AccessModel, WeakMap<PolicyDocument, ModelPolicy>>();

/** The model's unknown policies that take part in this request's decision. */
function unknownParticipants(model: AccessModel, principalId: string, action: string, resource: string): ModelPolicy[] {
  let docs = byDocument.get(model);
  if (!docs) {
    docs = new WeakMap(model.policies.map((p) => [p.document, p]));
    byDocument.set(model, docs);
  }
  const set = policySetForPrincipal(model, principalId, { action, resource });
  const named = [
    ...set.identityPolicies,
    ...(set.permissionBoundaries ?? []),
    ...(set.scps ?? []).flat(),
    ...(set.resourcePolicy ? [set.resourcePolicy] : []),
  ];
  const out: ModelPolicy[] = [];
  for (const n of named) {
    const p = docs.get(n.document);
    if (p && policyUnknownReasons(p).length > 0) out.push(p);
  }
  return out;
}

/**
 * Decide `action` on `resource` for the model's principal `principalId`, as `simulate` does, with
 * `Unknown` where what capture could not see decides it. Throws for an unknown principal id.
 */
export function decideForPrincipal(
  model: AccessModel,
  principalId: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  opts: { explain?: boolean; rcpServices?: ReadonlySet<string>; request?: AccessRequest } = {},
): PrincipalDecision {
  const request = opts.request ?? requestFor(model, principalId, action, resource, context);
  const decide = (m: AccessModel, trustAnyone = false) => {
    const set = policySetForPrincipal(m, principalId, { action, resource });
    if (trustAnyone) {
      set.resourcePolicy = {
        name: "unknown trust policy",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: ["sts:*"], Resource: ["*"] }],
        },
      };
    }
    return createEvaluator(set, { ...(opts.rcpServices ? { rcpServices: opts.rcpServices } : {}) }).evaluate(request, {
      explain: opts.explain ?? false,
    });
  };
  const reasons = unknownParticipants(model, principalId, action, resource).flatMap(policyUnknownReasons);
  // Assuming a role the program does not create: its trust policy is not in the model.
  const outsideTrust =
    model.source.kind === "program" &&
    isTrustPolicyAction(action) &&
    /^arn:[^:]+:iam::\d{12}:role\//.test(resource) &&
    !model.principals.some((p) => p.arn === resource);
  if (outsideTrust) reasons.push(`${resource} is not created by the program: its trust policy is not known`);
  if (reasons.length === 0) {
    const result = decide(model);
    return { decision: result.decision, result };
  }
  const permissive = decide(variantModel(model, "permissive"), outsideTrust);
  const restrictive = decide(variantModel(model, "restrictive"));
  if (permissive.decision === restrictive.decision) return { decision: permissive.decision, result: permissive };
  return { decision: "Unknown", result: permissive, unknown: [...new Set(reasons)].sort() };
}
