import { getCatalog } from "../../catalog/index.js";
import { compilePolicySet } from "../../engine/index.js";
import { requestFor } from "../../model/policy-set.js";
import { canonicalJson } from "../../policy/canonical.js";
import { parsePolicy } from "../../policy/parse.js";
import { PolicyQuotas, policySize } from "../../policy/size.js";
import type { ConditionBlock, PolicyDocument, Statement } from "../../policy/types.js";
import type { PrincipalAccess } from "../review/principal-access.js";
import { covers } from "../review/principal-access.js";
import { patternText } from "./resources.js";

/**
 * A least-privilege policy from what a principal used: each action it called, on the resources
 * the records show (generalized to prefixes past a few dozen), grouped into one statement per
 * service and resource list. It never reaches past today's access:
 * - a resource pattern wider than every one of today's grants for the action is cut back to the
 *   grants inside it;
 * - an action whose records name no resource gets today's granted resources for it (or `*` for
 *   an action that takes no resource);
 * - a grant that holds today only under conditions keeps those conditions;
 * - a part of a proposed pattern that today's policies deny outright (a Deny of `bucket/secret/*`
 *   inside a grant of `bucket/*`, reached when used objects generalize to `bucket/*`) is denied by
 *   the proposal too, in a Deny statement of its own.
 * It is then checked: it must parse as a policy, and the engine must allow every used (action,
 * resource) under it (conditions taken as met: they were, since the calls succeeded).
 */
export interface UsedAction {
  action: string;
  /** Exact ARNs and `prefix*` patterns seen. */
  resources: string[];
  /** Calls whose records named no resource. */
  unknownResource: number;
}

export interface Proposal {
  document: PolicyDocument;
  /** Size as IAM counts it; over 6,144 it does not fit one managed policy. */
  size: number;
  /** Every used (action, resource) but those left out (see `notes`), decided under the proposal. */
  verified: { requests: number; allowed: number; failures: Array<{ action: string; resource: string }> };
  notes: string[];
}

export function proposePolicy(access: PrincipalAccess | undefined, used: readonly UsedAction[]): Proposal {
  const notes: string[] = [];
  const excluded = new Set<string>();
  /** The requests the proposal must allow: each used resource, or for calls with none recorded, what the proposal grants instead. */
  const checks: Array<{ action: string; resource: string }> = [];
  const denied = new Map<string, string[]>();
  const granted = access ? grantsByAction(access, denied) : undefined;
  const rows: Array<{ action: string; resources: string[]; conditions?: ConditionBlock[] }> = [];
  for (const u of [...used].sort((a, b) => (a.action < b.action ? -1 : 1))) {
    const today = granted?.get(u.action) ?? [];
    let resources = [...u.resources];
    // The request each used resource stands for: its escapes (`${*}`) read back.
    for (const r of u.resources) checks.push({ action: u.action, resource: patternText(r) });
    if (u.unknownResource > 0 || resources.length === 0) {
      if (takesNoResource(u.action)) {
        resources.push("*");
        checks.push({ action: u.action, resource: "*" });
      } else if (today.length > 0) {
        resources.push(...today);
        for (const r of today) checks.push({ action: u.action, resource: r });
        notes.push(`${u.action}: CloudTrail names no resource for ${u.unknownResource} calls; kept today's resources`);
      } else {
        resources.push("*");
        checks.push({ action: u.action, resource: "*" });
        notes.push(`${u.action}: CloudTrail names no resource and no grant is known; the proposal uses "*"`);
      }
    }
    if (granted) {
      const cut: string[] = [];
      for (const r of resources) {
        if (r === "*" && takesNoResource(u.action)) cut.push(r);
        else if (today.some((g) => covers(g, r))) cut.push(r);
        else {
          const inside = today.filter((g) => covers(r, g));
          if (inside.length > 0) cut.push(...inside);
          else {
            excluded.add(`${u.action}\u0000${patternText(r)}`);
            notes.push(
              `${u.action} on ${r}: used, but not granted by the principal's own policies (a resource policy or another account's grant); left out`,
            );
          }
        }
      }
      resources = cut;
    }
    resources = [...new Set(resources)].sort();
    if (resources.length === 0) continue;
    const conditions = access ? conditionsToday(access, u.action, resources) : undefined;
    rows.push({ action: u.action, resources, ...(conditions ? { conditions } : {}) });
  }
  // One statement per (service, resources, conditions).
  const groups = new Map<
    string,
    { service: string; actions: string[]; resources: string[]; conditions?: ConditionBlock[] }
  >();
  for (const r of rows) {
    const service = r.action.slice(0, r.action.indexOf(":"));
    const key = JSON.stringify([service, r.resources, r.conditions ?? []]);
    let g = groups.get(key);
    if (!g) {
      g = { service, actions: [], resources: r.resources, ...(r.conditions ? { conditions: r.conditions } : {}) };
      groups.set(key, g);
    }
    g.actions.push(r.action);
  }
  const statements: Statement[] = [];
  const perService = new Map<string, number>();
  const carveOuts = new Map<string, { service: string; actions: string[]; resources: string[] }>();
  for (const r of rows) {
    const inside = (denied.get(r.action) ?? []).filter((d) => r.resources.some((p) => p !== d && covers(p, d)));
    if (inside.length === 0) continue;
    const service = r.action.slice(0, r.action.indexOf(":"));
    const key = JSON.stringify([service, inside]);
    const c = carveOuts.get(key) ?? { service, actions: [], resources: inside };
    c.actions.push(r.action);
    carveOuts.set(key, c);
  }
  for (const g of [...groups.values()].sort((a, b) => (a.actions[0] < b.actions[0] ? -1 : 1))) {
    const n = (perService.get(g.service) ?? 0) + 1;
    perService.set(g.service, n);
    const sid = `${pascal(g.service)}Used${n}`;
    // A conditional grant with several alternative conditions: one statement per alternative.
    for (const [i, c] of (g.conditions ?? [undefined]).entries()) {
      statements.push({
        Sid: g.conditions && g.conditions.length > 1 ? `${sid}${String.fromCharCode(97 + i)}` : sid,
        Effect: "Allow",
        Action: [...g.actions].sort(),
        Resource: g.resources,
        ...(c ? { Condition: c } : {}),
      });
    }
  }
  for (const c of [...carveOuts.values()].sort((a, b) => (a.actions[0] < b.actions[0] ? -1 : 1))) {
    const n = (perService.get(`deny ${c.service}`) ?? 0) + 1;
    perService.set(`deny ${c.service}`, n);
    statements.push({
      Sid: `${pascal(c.service)}DeniedToday${n}`,
      Effect: "Deny",
      Action: [...c.actions].sort(),
      Resource: c.resources,
    });
  }
  const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  const size = policySize(document);
  if (size > PolicyQuotas.managedPolicySize) {
    notes.push(
      `${size} characters: more than one managed policy holds (${PolicyQuotas.managedPolicySize}); split it by service`,
    );
  }
  return { document, size, verified: verify(access, document, checks, excluded, notes), notes };
}

/**
 * Today's resource patterns per action that the principal's policies allow (or allow under
 * conditions); those they deny outright (a narrower Deny's pattern among them) into `denied`.
 */
function grantsByAction(access: PrincipalAccess, denied: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [action, c] of access.candidates()) {
    const allowed: string[] = [];
    const no: string[] = [];
    for (const r of c.resources) (access.classify(action, r) === "Denied" ? no : allowed).push(r);
    if (allowed.length > 0) out.set(action, allowed.sort());
    if (no.length > 0) denied.set(action, no.sort());
  }
  return out;
}

function takesNoResource(action: string): boolean {
  const info = getCatalog().action(action);
  return info !== undefined && info.resourceTypes.length === 0;
}

/** The conditions today's access to (action, resources) depends on; undefined when it holds unconditionally. */
function conditionsToday(access: PrincipalAccess, action: string, resources: string[]): ConditionBlock[] | undefined {
  for (const r of resources) {
    if (access.classify(action, r) !== "Conditional") continue;
    const c = access.explainAllow(action, r).conditions;
    if (c && c.length > 0) return c;
  }
  return undefined;
}

function pascal(service: string): string {
  return service
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

function verify(
  access: PrincipalAccess | undefined,
  document: PolicyDocument,
  checks: ReadonlyArray<{ action: string; resource: string }>,
  excluded: ReadonlySet<string>,
  notes: string[],
): Proposal["verified"] {
  const parsed = parsePolicy(canonicalJson(document), { kind: "identity" });
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) notes.push(`the proposal does not parse: ${errors.map((d) => d.message).join("; ")}`);
  // The conditions held when the calls were made: check the grants with them taken as met.
  const relaxed: PolicyDocument = {
    ...document,
    Statement: document.Statement.map(({ Condition: _c, ...s }) => s),
  };
  // A proposal IAM would not read (noted above) allows nothing: every check fails, none throws.
  const { evaluator } = compilePolicySet({ identityPolicies: [{ name: "proposal", document: relaxed }] });
  let requests = 0;
  let allowed = 0;
  const failures: Array<{ action: string; resource: string }> = [];
  for (const { action, resource } of checks) {
    if (excluded.has(`${action}\u0000${resource}`)) continue;
    requests++;
    const request = access
      ? requestFor(access.model, access.principalId, action, resource)
      : { principal: "arn:aws:iam::123456789012:user/usage", action, resource };
    if (evaluator?.evaluate(request).decision === "Allowed") allowed++;
    else failures.push({ action, resource });
  }
  return { requests, allowed, failures };
}
