import type { Catalog } from "../../../catalog/catalog.js";
import { compilePolicySet } from "../../../engine/index.js";
import type { Evaluator } from "../../../engine/types.js";
import type { PolicySet } from "../../../policy/policy-set.js";
import type { NamedPolicy, PolicyDocument, Statement } from "../../../policy/types.js";
import type { GrantStatement, RiskOracle } from "./analysis.js";
import type { Context } from "./contexts.js";

/**
 * A `RiskOracle` over the engine: requests are decided with the principal's whole policy set
 * (identity policies, boundary, SCPs, and the resource's policy where there is one), compiled
 * once per distinct set.
 */
export interface PolicySetSource {
  catalog: Catalog;
  /** The ARN requests carry (a user's ARN, a role's session ARN). */
  requestPrincipal: string;
  account: string;
  partition: string;
  /** The policy set deciding `action` on `resource`, and a key equal for equal sets. */
  policySet(action: string, resource: string): { set: PolicySet; key: string };
}

/** Whether an Action-element pattern names `action` (case-insensitive glob). */
function actionMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < a.length) {
    if (i < p.length && p[i] === "*") {
      star = i++;
      mark = j;
    } else if (i < p.length && (p[i] === "?" || p[i] === a[j])) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === "*") i++;
  return i === p.length;
}

/** Whether a statement's `Action`/`NotAction` covers `action`. */
export function statementNames(st: Statement, action: string): boolean {
  if (st.Action) return st.Action.some((p) => actionMatches(p, action));
  if (st.NotAction) return !st.NotAction.some((p) => actionMatches(p, action));
  return false;
}

function allPolicies(set: PolicySet): NamedPolicy[] {
  return [
    ...set.identityPolicies,
    ...(set.permissionBoundaries ?? []),
    ...(set.scps ?? []).flat(),
    ...(set.rcps ?? []).flat(),
    ...(set.sessionPolicy ? [set.sessionPolicy] : []),
    ...(set.resourcePolicy ? [set.resourcePolicy] : []),
  ];
}

/**
 * Services whose resource policy must allow too, with the policy AWS gives by default: a KMS
 * key's default key policy delegates to IAM; a role outside the model is assumed to trust its
 * account (the identity side then decides).
 */
function withDefaultResourcePolicy(set: PolicySet, action: string, account: string, partition: string): PolicySet {
  if (set.resourcePolicy) return set;
  const a = action.toLowerCase();
  const root = `arn:${partition}:iam::${account}:root`;
  const allow = (act: string): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: [root] }, Action: [act], Resource: ["*"] }],
  });
  if (a.startsWith("kms:"))
    return { ...set, resourcePolicy: { name: "(default key policy)", document: allow("kms:*") } };
  if (a.startsWith("sts:assumerole"))
    return { ...set, resourcePolicy: { name: "(trust policy)", document: allow("sts:AssumeRole*") } };
  return set;
}

export function engineOracle(src: PolicySetSource): RiskOracle {
  const evaluators = new Map<string, Evaluator | null>();
  const grantCache = new Map<string, GrantStatement[]>();
  const statementCache = new Map<string, Statement[]>();
  const typeCache = new Map<string, Map<string, readonly string[]>>();
  const identity = src.policySet("", "").set;
  // Services some Allow statement names: an action of another service has no grant (fast reject).
  let allowServices: Set<string> | "all" = new Set();
  for (const p of identity.identityPolicies) {
    for (const st of p.document.Statement) {
      if (st.Effect !== "Allow" || allowServices === "all") continue;
      if (!st.Action) allowServices = "all";
      else
        for (const a of st.Action) {
          const svc = a.slice(0, Math.max(0, a.indexOf(":"))).toLowerCase();
          if (a === "*" || svc === "" || svc.includes("*") || svc.includes("?")) allowServices = "all";
          else if (allowServices !== "all") allowServices.add(svc);
        }
    }
  }
  const NONE: GrantStatement[] = [];

  const evaluatorFor = (action: string, resource: string): Evaluator | null => {
    const { set, key } = src.policySet(action, resource);
    const full = withDefaultResourcePolicy(set, action, src.account, src.partition);
    const k = full === set ? key : `${key}|${full.resourcePolicy?.name}`;
    let ev = evaluators.get(k);
    if (ev === undefined) {
      // A set that does not compile (an unknown operator) allows nothing here; `unknown-operator` says why.
      ev = compilePolicySet(full).evaluator ?? null;
      evaluators.set(k, ev);
    }
    return ev;
  };

  return {
    allowed(action: string, resource: string, context: Context): boolean {
      const ev = evaluatorFor(action, resource);
      if (!ev) return false;
      const r = ev.evaluate({
        principal: src.requestPrincipal,
        action,
        resource,
        resourceAccount: src.account,
        context,
      });
      return r.decision === "Allowed";
    },
    grants(action: string): GrantStatement[] {
      const key = action.toLowerCase();
      if (allowServices !== "all" && !allowServices.has(key.slice(0, key.indexOf(":")))) return NONE;
      let hit = grantCache.get(key);
      if (!hit) {
        hit = [];
        for (const p of identity.identityPolicies) {
          p.document.Statement.forEach((statement, index) => {
            if (statement.Effect === "Allow" && statementNames(statement, action))
              hit?.push({ statement, policy: p.name ?? "", index });
          });
        }
        grantCache.set(key, hit);
      }
      return hit;
    },
    statements(action: string): Statement[] {
      const key = action.toLowerCase();
      let hit = statementCache.get(key);
      if (!hit) {
        hit = allPolicies(identity).flatMap((p) => p.document.Statement.filter((st) => statementNames(st, action)));
        statementCache.set(key, hit);
      }
      return hit;
    },
    requiredTypes(action: string): ReadonlyMap<string, readonly string[]> {
      const key = action.toLowerCase();
      let hit = typeCache.get(key);
      if (!hit) {
        hit = new Map();
        for (const rt of src.catalog.action(action)?.resourceTypes ?? [])
          if (rt.required && rt.arnFormats.length > 0) hit.set(`${rt.service}:${rt.name}`, rt.arnFormats);
        typeCache.set(key, hit);
      }
      return hit;
    },
    formats(type: string): readonly string[] {
      const [service, name] = type.split(":");
      return src.catalog.resourceType(service, name)?.arnFormats ?? [];
    },
  };
}
