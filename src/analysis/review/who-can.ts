import { type Diagnostic, DiagnosticsError } from "../../diagnostics/index.js";
import { catalogActionCheck, strictCheck } from "../../input/policy-files/simulation-files.js";
import {
  type ActionCheck,
  requestActionProblem,
  requestResourceProblem,
} from "../../input/policy-files/simulation-input.js";
import { decideForPrincipal, modelHasUnknowns } from "../../model/decide.js";
import type { AccessModel } from "../../model/types.js";
import { overlaps, RESOURCE_PATTERN } from "../../policy/wildcard.js";
import { covers, type ModelAccess, modelAccess, type PrincipalAccess } from "./principal-access.js";
import type { AccessException, CellStatus, WhoCanEntry, WhoCanResult } from "./types.js";

/**
 * Every principal of the model allowed to perform `action` on `resource` — unconditionally, or
 * under conditions the request must satisfy — with the allow statements that decided it. Each
 * principal is evaluated as a normal signed-in session of its own (see `principalContext`).
 *
 * A resource with wildcards (`arn:aws:s3:::datasets/*`) asks about *any* resource it matches: a
 * principal allowed on the whole pattern is listed as usual, and one allowed only on narrower
 * patterns its policies name (`datasets/imagenet/*`) is listed with those patterns (`within`) —
 * never left out because the engine, asked about the pattern as one resource, matched nothing.
 */
export function whoCan(model: AccessModel, query: { action: string; resource: string }): WhoCanResult {
  const problems = whoCanQueryProblems(query);
  if (problems.length > 0) throw new DiagnosticsError(problems);
  const principals: WhoCanEntry[] = [];
  const ids = model.principals.map((p) => p.id).sort();
  const shared = modelAccess(model);
  const canonical = canonicalAction(shared, query.action);
  for (const id of ids) {
    const entry = whoCanEntry(shared.principal(id), query, canonical);
    if (entry) principals.push(entry);
  }
  const result: WhoCanResult = { action: query.action, resource: query.resource, principals, evaluated: ids.length };
  return withUnknowns(model, query, result);
}

/**
 * What is wrong with a who-can query, by the request validator every command uses: an action
 * with a wildcard, of an unknown service or that the catalog lacks (a typo would read as "nobody
 * can"), a resource neither an ARN (patterns allowed: who-can asks about each resource they
 * match) nor `*`. Errors only; `checkAction` decides what an action is (the CLI names its code).
 */
export function whoCanQueryProblems(
  query: { action: string; resource: string },
  checkAction: ActionCheck = strictCheck(catalogActionCheck(), "request-unknown-action-asked"),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (typeof query?.action !== "string" || typeof query.resource !== "string") {
    return [
      {
        code: "request-missing-field",
        severity: "error",
        message: "a who-can query needs an action and a resource (strings)",
      },
    ];
  }
  for (const [field, problem] of [
    ["action", requestActionProblem(query.action, checkAction)],
    ["resource", requestResourceProblem(query.resource)],
  ] as const) {
    if (problem) out.push({ ...problem, path: `/${field}` });
  }
  return out;
}

/** The catalog's name of an action (its case), under which `candidates()` keys it. */
export function canonicalAction(shared: ModelAccess, action: string): string {
  return shared.view.actionMeta(action)?.action ?? action;
}

/**
 * One principal's who-can entry, or undefined when it is denied. `granted`, for a resource with
 * wildcards: the principal's candidate patterns for the action, sorted — or any sorted subset
 * holding every one that shares a resource with the asked pattern (the others play no part).
 */
export function whoCanEntry(
  access: PrincipalAccess,
  query: { action: string; resource: string },
  canonical: string,
  granted?: readonly string[],
): WhoCanEntry | undefined {
  const pattern = query.resource !== "*" && /[*?]/.test(query.resource);
  let resource = query.resource;
  let status: CellStatus = access.classify(query.action, resource);
  let within: string[] | undefined;
  let overlapping: string[] | undefined;
  if (!pattern) granted = [];
  else granted ??= [...(access.candidates().get(canonical)?.resources ?? [])].sort();
  const parts = granted
    .filter((r) => r !== query.resource && covers(query.resource, r))
    .map((r) => ({ r, s: access.classify(query.action, r) }));
  let except: AccessException[] | undefined;
  if (status !== "Denied") {
    // Allowed on the pattern, but a narrower Deny (or boundary) takes part of it away.
    const denied = parts.filter((x) => x.s === "Denied");
    if (denied.length > 0) {
      except = denied.map((x) => access.exception(query.action, x.r));
    }
  } else if (pattern) {
    const inside = parts.filter((x) => x.s !== "Denied");
    if (inside.length > 0) {
      within = inside.map((x) => x.r);
      resource = within[0];
      status = inside.some((x) => x.s === "Allowed") ? "Allowed" : "Conditional";
    } else {
      // Granted on a pattern that neither lies inside the asked one nor covers it, but shares
      // resources with it: `bucket/a*` against `bucket/*b` (both match `bucket/ab`).
      const across = granted
        .filter(
          (r) =>
            !covers(query.resource, r) && !covers(r, query.resource) && overlaps(r, query.resource, RESOURCE_PATTERN),
        )
        .map((r) => ({ r, s: access.classify(query.action, r) }))
        .filter((x) => x.s !== "Denied");
      if (across.length > 0) {
        overlapping = across.map((x) => x.r);
        resource = overlapping[0];
        status = across.some((x) => x.s === "Allowed") ? "Allowed" : "Conditional";
      }
    }
  }
  if (status === "Denied") return undefined;
  const { statements, conditions } = access.explainAllow(query.action, resource);
  const p = access.principal;
  const entry: WhoCanEntry = { principal: access.principalId, kind: p.kind, status, statements };
  if (p.team) entry.team = p.team;
  if (p.persona) entry.persona = p.persona;
  if (status === "Conditional" && conditions) entry.conditions = conditions;
  if (within) entry.within = within;
  if (overlapping) entry.overlapping = overlapping;
  if (except) entry.except = except;
  return entry;
}

/** Principals whose answer depends on what capture could not see move from `principals` to `unknown`. */
export function withUnknowns(
  model: AccessModel,
  query: { action: string; resource: string },
  result: WhoCanResult,
): WhoCanResult {
  if (!modelHasUnknowns(model)) return result;
  const unknown: NonNullable<WhoCanResult["unknown"]> = [];
  for (const p of [...model.principals].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const d = decideForPrincipal(model, p.id, query.action, query.resource);
    if (d.decision === "Unknown") unknown.push({ principal: p.id, kind: p.kind, reasons: d.unknown ?? [] });
  }
  if (unknown.length === 0) return result;
  const ids = new Set(unknown.map((u) => u.principal));
  return { ...result, principals: result.principals.filter((p) => !ids.has(p.principal)), unknown };
}
