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
  // One group per statement (policy, then statement index: no key string per action), in the
  // order the groups are first met.
  const groups: { grant?: Grant; actions: string[] }[] = [];
  const byStatement = new Map<string, Map<number, { grant?: Grant; actions: string[] }>>();
  let ungranted: { grant?: Grant; actions: string[] } | undefined;
  for (const a of actions) {
    const opts = options?.(a);
    if (!ctx.access.allows(a, opts)) continue;
    const grant = ctx.access.namedBy(a) ?? ctx.access.grants(a, opts)?.[0];
    let g: { grant?: Grant; actions: string[] } | undefined;
    if (!grant) {
      if (!ungranted) {
        ungranted = { grant, actions: [] };
        groups.push(ungranted);
      }
      g = ungranted;
    } else {
      let inPolicy = byStatement.get(grant.policy);
      if (!inPolicy) {
        inPolicy = new Map();
        byStatement.set(grant.policy, inPolicy);
      }
      g = inPolicy.get(grant.statement);
      if (!g) {
        g = { grant, actions: [] };
        inPolicy.set(grant.statement, g);
        groups.push(g);
      }
    }
    g.actions.push(a);
  }
  return groups.map((g) => ({ messageId, data: describe(g.actions), ...where(g.grant) }));
}
