import type { Grant, MessageData, PrincipalContext, ProbeOptions, Report } from "./types.js";

/** Helpers shared by the risk rules: where a finding points, and grouping allowed actions by statement. */

export function where(grant: Grant | undefined): Partial<Report> {
  if (!grant) return {};
  const r: Partial<Report> = { policy: grant.policy, statement: grant.statement };
  if (grant.file !== undefined) r.file = grant.file;
  if (grant.line !== undefined) r.line = grant.line;
  if (grant.column !== undefined) r.column = grant.column;
  return r;
}

/**
 * The allowed ones among `actions`, grouped by the statement that allows them: one report per
 * statement, of `messageId` with the data `describe(actions)` gives for them.
 */
export function groupedReports(
  ctx: PrincipalContext,
  actions: readonly string[],
  messageId: string,
  describe: (allowed: string[]) => MessageData,
  options?: (action: string) => ProbeOptions | undefined,
): Report[] {
  const groups = new Map<string, { grant?: Grant; actions: string[] }>();
  for (const a of actions) {
    const opts = options?.(a);
    if (!ctx.access.allows(a, opts)) continue;
    const grant = ctx.access.namedBy(a) ?? ctx.access.grants(a, opts)?.[0];
    const key = grant ? `${grant.policy}#${grant.statement}` : "";
    let g = groups.get(key);
    if (!g) {
      g = { grant, actions: [] };
      groups.set(key, g);
    }
    g.actions.push(a);
  }
  return [...groups.values()].map((g) => ({ messageId, data: describe(g.actions), ...where(g.grant) }));
}
