import { policySize } from "../policy/size.js";
import type { Statement } from "../policy/types.js";
import { mergeStatements, POLICY_VERSION, packedSizeLowerBound } from "./pack.js";

/**
 * Fitting a team's permissions boundary into one managed policy. The boundary is a ceiling — the
 * most the team can ever do — not a grant: the identity policies keep every condition and the
 * guardrail Denies. So when the exact envelope (the union of every Allow the team's principals
 * receive, conditions dropped) is too large, it may be widened, never narrowed, in steps until it
 * fits:
 *
 * 0. the exact envelope, merged;
 * 1. wildcard-only grants (`Resource: "*"`) keep their read verbs as patterns (`sagemaker:List*`);
 * 2. per service, the actions on the team's resources become `<service>:*` on those resources;
 * 3. per service and region, those resources become `arn:<partition>:<service>:<region>:<account>:*`.
 *
 * Identity, credentials and key services (`iam`, `sts`, `kms`, `organizations`) are never widened:
 * their exact actions and resources are kept at every step. S3 resources (bucket and prefix ARNs,
 * which carry no region) keep their prefixes.
 */

export const NEVER_WIDENED = ["iam", "kms", "organizations", "sts"];

const READ_VERBS = ["Describe", "Get", "List", "Search"];

export interface FittedBoundary {
  statements: Statement[];
  /** 0 = exact; 1–3 = the widening step that made it fit (see above). */
  level: number;
  size: number;
}

const serviceOf = (action: string) => action.slice(0, action.indexOf(":")).toLowerCase();
const EMPTY_SIZE = policySize({ Version: POLICY_VERSION, Statement: [] });
const sizeOf = (statements: Statement[]) => policySize({ Version: POLICY_VERSION, Statement: statements });

/** The narrowest envelope of the steps above that fits `maxSize` (the widest one if none does). */
export function fitBoundary(envelope: readonly Statement[], maxSize: number): FittedBoundary {
  const allows = envelope
    .filter((s) => s.Effect === "Allow" && s.Action && s.Resource)
    .map((s) => ({ Effect: "Allow" as const, Action: s.Action!, Resource: s.Resource! }));
  let current: Statement[] = allows;
  let fitted: FittedBoundary | undefined;
  for (let level = 0; level <= 3; level++) {
    if (level === 1) current = widenWildcardOnly(current);
    if (level === 2) current = widenActions(current);
    if (level === 3) current = widenResources(current);
    // A step whose statements cannot fit however they merge (Sids only add to them) is passed
    // over without merging them (a team granted 19,000 datasets): the next one is wider.
    if (level < 3 && EMPTY_SIZE + packedSizeLowerBound(current, maxSize - EMPTY_SIZE) > maxSize) continue;
    const statements = withSids(mergeStatements(current, { keepSids: false }));
    fitted = { statements, level, size: sizeOf(statements) };
    if (fitted.size <= maxSize) return fitted;
  }
  return fitted!;
}

function withSids(statements: Statement[]): Statement[] {
  return statements.map((s, i) => ({ Sid: `Boundary${String(i + 1).padStart(2, "0")}`, ...s }));
}

/** Splits a statement's actions into those we may widen and those we keep exactly. */
function partition(s: Statement): { keep: string[]; widen: string[] } {
  const keep: string[] = [];
  const widen: string[] = [];
  for (const a of s.Action ?? []) (NEVER_WIDENED.includes(serviceOf(a)) ? keep : widen).push(a);
  return { keep, widen };
}

function widenWildcardOnly(statements: Statement[]): Statement[] {
  return statements.map((s) => {
    if (!s.Resource?.includes("*")) return s;
    const { keep, widen } = partition(s);
    const actions = widen.map((a) => {
      const service = a.slice(0, a.indexOf(":"));
      const name = a.slice(a.indexOf(":") + 1);
      const verb = READ_VERBS.find((v) => name.startsWith(v));
      return verb ? `${service}:${verb}*` : a;
    });
    return { ...s, Action: [...keep, ...actions] };
  });
}

function widenActions(statements: Statement[]): Statement[] {
  return statements.flatMap((s) => {
    if (s.Resource?.includes("*")) return [s];
    const { keep, widen } = partition(s);
    const services = [...new Set(widen.map(serviceOf))];
    const out: Statement[] = [];
    if (keep.length > 0) out.push({ ...s, Action: keep });
    for (const svc of services) out.push({ ...s, Action: [`${svc}:*`] });
    return out;
  });
}

function widenResources(statements: Statement[]): Statement[] {
  return statements.map((s) => {
    const actions = s.Action ?? [];
    if (s.Resource?.includes("*") || actions.some((a) => NEVER_WIDENED.includes(serviceOf(a)))) return s;
    const resources = (s.Resource ?? []).map((r) => {
      const parts = r.split(":");
      // arn:partition:service:region:account:resource — S3 ARNs have no region or account.
      if (parts.length < 6 || parts[2] === "s3" || parts[3] === "") return r;
      return `${parts.slice(0, 5).join(":")}:*`;
    });
    return { ...s, Resource: resources };
  });
}
