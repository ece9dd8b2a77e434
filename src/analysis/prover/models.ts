/**
 * "No new access" between two versions of an AccessModel, exactly: for every principal of the new
 * version, over all actions, resources and contexts, does the new version allow a request the old
 * one did not? Two questions per principal:
 * - `access`: what the principal may do — its identity policies, permissions boundary and SCPs
 *   (guardrail Denies included), with every context key free except those fixed by who the
 *   principal is (its ARN, account, type, user name and tags). Removing a region or MFA guardrail is
 *   new access here, since the region and MFA are free.
 * - `trust` (roles): who may assume it — the trust policy, over named and outsider callers
 *   (`proveTrustNoNewAccess`).
 * A principal that did not exist before is compared with one that may do nothing.
 */

import { principalUnknowns, unknownVariants } from "../../model/decide.js";
import {
  findPolicy,
  findPrincipal,
  policySetForPrincipal,
  principalContext,
  requestPrincipalArn,
} from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import { setOwn } from "../../policy/own.js";
import type { PolicySet } from "../../policy/policy-set.js";
import type { PolicyDocument } from "../../policy/types.js";
import { type Counterexample, type ProofStatus, type ProveOptions, proveNoNewAccess } from "./prove.js";
import { overall } from "./status.js";
import { proveTrustNoNewAccess } from "./trust.js";

/** Context keys a session chooses (free in the proof): every other key of the principal's context is pinned. */
const FREE_KEYS = new Set(["aws:multifactorauthpresent", "aws:securetransport", "aws:requestedregion"]);

export interface ExactPrincipalResult {
  /** The principal's id in the model (`vision/alice`). */
  id: string;
  /** `access`: what the principal may do; `trust`: who may assume the role. */
  question: "access" | "trust";
  status: ProofStatus;
  /** One engine-confirmed counterexample per violated action class. */
  findings: Counterexample[];
  reason?: string;
  queries: number;
  ms: number;
}

export interface ExactDiff {
  /** `violated` if any principal's is, else `unknown` if any is, else `proven`. */
  status: ProofStatus;
  /** Only the principals whose policies changed (sorted by id, access before trust). */
  principals: ExactPrincipalResult[];
}

export interface ExactDiffOptions {
  /** Per solver query (default 5,000 ms). */
  timeoutMs?: number;
  /** Only these principal ids (a shard); default: every principal of the new version. */
  ids?: readonly string[];
  /** Counterexamples per principal question (default 5; each one violated action class). */
  maxFindings?: number;
  /** Called after each principal. */
  onPrincipal?: (done: number, total: number) => void;
}

/** The principal ids of the new version, sorted: what `proveModelNoNewAccess` considers. */
export function exactDiffIds(after: AccessModel): string[] {
  return after.principals.map((p) => p.id).sort();
}

/** The principal's own context keys (who it is), without those a session chooses. */
export function pinnedContext(model: AccessModel, id: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(principalContext(model, id))) {
    if (!FREE_KEYS.has(k.toLowerCase())) setOwn(out, k, v);
  }
  return out;
}

function setKey(set: PolicySet): string {
  return JSON.stringify(set);
}

function trustDoc(model: AccessModel | undefined, id: string): PolicyDocument | undefined {
  const p = model ? findPrincipal(model, id) : undefined;
  return p?.trustPolicy && model ? findPolicy(model, p.trustPolicy)?.document : undefined;
}

/** Does `after` give any principal access (or any caller a role) that `before` did not? */
export async function proveModelNoNewAccess(
  before: AccessModel,
  after: AccessModel,
  opts: ExactDiffOptions = {},
): Promise<ExactDiff> {
  const ids = [...(opts.ids ?? exactDiffIds(after))].sort();
  // What a captured program's model could not see (`model.unknowns`, policies with unknown parts):
  // the new version as permissive and the old as restrictive as they could be, so that `proven`
  // holds whatever the unknown parts are; a gain found this way may be an artefact of the unknown
  // parts, so it is `unknown` (with their names), never `violated`.
  const widest = unknownVariants(after).permissive;
  const narrowest = unknownVariants(before).restrictive;
  const out: ExactPrincipalResult[] = [];
  let done = 0;
  for (const id of ids) {
    const principal = findPrincipal(after, id);
    if (!principal) continue;
    const existed = findPrincipal(before, id) !== undefined;
    const newSet = policySetForPrincipal(widest, id);
    const oldSet: PolicySet = existed ? policySetForPrincipal(narrowest, id) : { identityPolicies: [] };
    const unseen = [...new Set([...principalUnknowns(after, id), ...(existed ? principalUnknowns(before, id) : [])])];
    const context = pinnedContext(after, id);
    const oldContext = existed ? pinnedContext(before, id) : context;
    const sameContext = existed && JSON.stringify(oldContext) === JSON.stringify(context);
    const base: Omit<ProveOptions, "principal"> = {
      timeoutMs: opts.timeoutMs,
      partition: after.partition,
      maxFindings: opts.maxFindings ?? 5,
    };
    // The same documents (unknown parts included: the same unknown value in both) decide alike.
    const unchanged =
      sameContext &&
      setKey(policySetForPrincipal(before, id)) === setKey(policySetForPrincipal(after, id)) &&
      (unseen.length === 0 || JSON.stringify(unknownsOf(before, id)) === JSON.stringify(unknownsOf(after, id)));
    if (!unchanged && !(sameContext && setKey(oldSet) === setKey(newSet))) {
      const r = await proveNoNewAccess(oldSet, newSet, {
        ...base,
        principal: requestPrincipalArn(after, principal),
        resourceAccount: after.account,
        context,
        pinnedPrefixes: ["aws:principaltag/"],
      });
      const answer = unseen.length > 0 ? notSeen(result(id, "access", r), unseen) : result(id, "access", r);
      out.push(sameContext ? answer : readsChanged(answer, oldContext, context, [oldSet, newSet]));
    }
    const newTrust = trustDoc(after, id);
    const oldTrust = trustDoc(before, id);
    if (newTrust && JSON.stringify(newTrust) !== JSON.stringify(oldTrust)) {
      const r = await proveTrustNoNewAccess(oldTrust, newTrust, {
        ...base,
        role: principal.arn,
        account: after.account,
      });
      out.push(result(id, "trust", r));
    }
    opts.onPrincipal?.(++done, ids.length);
  }
  return { status: overall(out.map((r) => r.status)), principals: out };
}

function result(
  id: string,
  question: ExactPrincipalResult["question"],
  r: Awaited<ReturnType<typeof proveNoNewAccess>>,
): ExactPrincipalResult {
  const res: ExactPrincipalResult = {
    id,
    question,
    status: r.status,
    findings: r.findings,
    queries: r.stats.queries,
    ms: r.stats.ms,
  };
  if (r.reason) res.reason = r.reason;
  return res;
}

/** The unknown parts of the policies that apply to a principal, by policy id. */
function unknownsOf(model: AccessModel, id: string): Array<[string, unknown]> {
  const set = policySetForPrincipal(model, id);
  const names = new Set([
    ...set.identityPolicies.map((p) => p.name),
    ...(set.permissionBoundaries ?? []).map((p) => p.name),
  ]);
  return model.policies
    .filter((p) => p.unknown && (names.has(p.id) || names.has(p.name)))
    .map((p): [string, unknown] => [p.id, p.unknown])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Who the principal is changed between the versions (its tags, its path in the ARN: an imported
 * account against a draft spec), and the proof decides both versions as the new one's principal.
 * Where a policy reads a key that changed (`aws:PrincipalTag/team` in a condition or a `${...}`
 * variable), that may hide a gain (an ABAC grant the old tags did not meet) or invent one: the
 * answer is `unknown`, naming the keys, never `proven`.
 */
function readsChanged(
  r: ExactPrincipalResult,
  before: Record<string, string | string[]>,
  after: Record<string, string | string[]>,
  sets: readonly PolicySet[],
): ExactPrincipalResult {
  const lower = (o: Record<string, string | string[]>) =>
    new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), JSON.stringify(v)]));
  const [a, b] = [lower(before), lower(after)];
  const changed = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
  if (changed.length === 0) return r;
  const text = JSON.stringify(sets).toLowerCase();
  const read = changed.filter((k) => text.includes(k));
  if (read.length === 0) return r;
  return {
    ...r,
    status: "unknown",
    findings: [],
    reason: `the principal's ${read.join(", ")} changed and its policies read it: the exact check decides both versions with the new value`,
  };
}

/** A gain found with unknown parts at their widest: `unknown`, naming them (proven stays proven). */
function notSeen(r: ExactPrincipalResult, unseen: readonly string[]): ExactPrincipalResult {
  if (r.status !== "violated") return r;
  return {
    ...r,
    status: "unknown",
    findings: [],
    reason: `the answer depends on what capture could not see: ${unseen.join("; ")}`,
  };
}

export { overall } from "./status.js";
