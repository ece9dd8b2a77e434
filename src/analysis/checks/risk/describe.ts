/**
 * How an escalation finding names what it found: one finding per principal and rule, listing each
 * method with its concrete targets ("role/admin", "its own user") and the conditions it relies on.
 */
import type { Report } from "../types.js";
import type { MethodResult, MethodTarget } from "./analysis.js";
import { PROBE_WITNESS_NAME } from "./witness.js";

/** The resource part of an ARN (`role/admin`, `function:etl`), or the ARN itself. */
function resourcePart(arn: string): string {
  const parts = arn.split(":");
  return parts.length >= 6 ? parts.slice(5).join(":") : arn;
}

/** The type word of an ARN's resource part (`role`, `user`, `function`), for "any role". */
function typeWord(arn: string): string {
  const r = resourcePart(arn);
  const m = /^([A-Za-z-]+)[/:]/.exec(r);
  if (m) return m[1];
  const service = arn.split(":")[2];
  return service === "s3" ? "bucket" : (service ?? "resource");
}

/** How a target reads in a finding. */
export function describeTarget(t: MethodTarget): string {
  if (t.self) return `its own ${typeWord(t.arn)} (self-escalation)`;
  if (t.pattern === "*" && t.arn.includes(PROBE_WITNESS_NAME)) return `any ${typeWord(t.arn)}`;
  // `arn:aws:iam::111122223333:role/*`: every resource of the type.
  if (/^[A-Za-z-]+[/:]\*$/.test(resourcePart(t.pattern))) return `any ${typeWord(t.arn)}`;
  // A wildcard pattern stands for every resource it matches: name the pattern, not the witness.
  if (t.pattern !== "*" && /[*?]/.test(t.pattern) && !t.pattern.includes("${")) return resourcePart(t.pattern);
  return resourcePart(t.arn);
}

/** One method, as a finding lists it: `iam-attach-role-policy (iam:AttachRolePolicy) on role/admin`. */
export function describeMethod(r: MethodResult, maxTargets = 3): string {
  const targets = r.targets.map(describeTarget);
  const unique = [...new Set(targets)];
  let on = "";
  if (unique.length > 0) {
    const shown = unique.slice(0, maxTargets).join(", ");
    on = ` on ${shown}${unique.length > maxTargets ? ` and ${unique.length - maxTargets} more` : ""}`;
  }
  const when = r.conditions.length > 0 ? ` [only with ${r.conditions.join(", ")}]` : "";
  return `${r.method.id} (${r.method.title})${on}${when}`;
}

/**
 * The one report of a principal's escalation methods, at the statement that grants the first
 * method's first step; `undefined` when there are none.
 */
export function escalationReport(
  results: readonly MethodResult[],
  messageId: string,
  locate: (policy: string, statement: number) => Partial<Report>,
): Report | undefined {
  if (results.length === 0) return undefined;
  const first = results[0];
  const list = results.map((r) => describeMethod(r)).join("; ");
  const n = results.length;
  const r: Report = {
    messageId,
    data: { count: n === 1 ? "1 method" : `${n} methods`, methods: list },
    details: { methods: results.map((x) => x.method.id) },
  };
  if (first.grant) Object.assign(r, locate(first.grant.policy, first.grant.index));
  return r;
}
