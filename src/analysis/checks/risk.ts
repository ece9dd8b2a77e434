import type { Grant, PrincipalContext, ProbeOptions, Report } from "./types.js";

/**
 * Helpers shared by the risk rules: an escalation method is a set of requests that must all be
 * allowed; a finding points at the statement that grants the method's first request.
 */
export interface Step {
  action: string;
  /** Request context (e.g. `iam:PassedToService`). */
  context?: Record<string, string>;
  /** A resource of someone else's (e.g. another user's SageMaker profile); default: the probe ARN. */
  resource?: (p: PrincipalContext["principal"]) => string;
}

export interface Method {
  /** Short name, e.g. `iam:CreatePolicyVersion`. */
  name: string;
  steps: Step[];
  /** What an attacker does with it. */
  how: string;
}

export function passRole(service: string): Step {
  return { action: "iam:PassRole", context: { "iam:PassedToService": service } };
}

function probeOptions(step: Step, ctx: PrincipalContext): ProbeOptions | undefined {
  if (!step.context && !step.resource) return undefined;
  const o: ProbeOptions = {};
  if (step.context) o.context = step.context;
  if (step.resource) o.resource = step.resource(ctx.principal);
  return o;
}

export function where(grant: Grant | undefined): Partial<Report> {
  if (!grant) return {};
  const r: Partial<Report> = { policy: grant.policy, statement: grant.statement };
  if (grant.file !== undefined) r.file = grant.file;
  if (grant.line !== undefined) r.line = grant.line;
  if (grant.column !== undefined) r.column = grant.column;
  return r;
}

/** One report per method whose every step the principal is allowed. */
export function methodReports(ctx: PrincipalContext, methods: readonly Method[]): Report[] {
  const out: Report[] = [];
  for (const m of methods) {
    if (!m.steps.every((s) => ctx.access.allows(s.action, probeOptions(s, ctx)))) continue;
    const first = m.steps[0];
    const grant = ctx.access.grants(first.action, probeOptions(first, ctx))?.[0];
    out.push({ message: `${m.name}: ${m.how}`, ...where(grant) });
  }
  return out;
}

/**
 * The allowed ones among `actions`, grouped by the statement that allows them: one report per
 * statement, `describe(actions)` saying what they are.
 */
export function groupedReports(
  ctx: PrincipalContext,
  actions: readonly string[],
  describe: (allowed: string[]) => string,
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
  return [...groups.values()].map((g) => ({ message: describe(g.actions), ...where(g.grant) }));
}
