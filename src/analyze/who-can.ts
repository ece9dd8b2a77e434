import type { AccessModel } from "../model/types.js";
import { PrincipalAccess } from "./principal-access.js";
import type { WhoCanEntry, WhoCanResult } from "./types.js";

/**
 * Every principal of the model allowed to perform `action` on `resource` — unconditionally, or
 * under conditions the request must satisfy — with the allow statements that decided it. Each
 * principal is evaluated as a normal signed-in session of its own (see `principalContext`).
 */
export function whoCan(model: AccessModel, query: { action: string; resource: string }): WhoCanResult {
  const principals: WhoCanEntry[] = [];
  const ids = model.principals.map((p) => p.id).sort();
  for (const id of ids) {
    const access = new PrincipalAccess(model, id);
    const status = access.classify(query.action, query.resource);
    if (status === "Denied") continue;
    const { statements, conditions } = access.explainAllow(query.action, query.resource);
    const p = access.principal;
    const entry: WhoCanEntry = { principal: id, kind: p.kind, status, statements };
    if (p.team) entry.team = p.team;
    if (p.persona) entry.persona = p.persona;
    if (status === "Conditional" && conditions) entry.conditions = conditions;
    principals.push(entry);
  }
  return { action: query.action, resource: query.resource, principals, evaluated: ids.length };
}
