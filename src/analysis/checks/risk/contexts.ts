/**
 * Realistic request contexts for risk probes.
 *
 * A risk holds if *some realistic request* is allowed. The base request is what an attacker with
 * the principal's credentials sends from somewhere ordinary: now, with a recently issued session
 * token, over TLS, without MFA, from a public address, not through a VPC endpoint. A date
 * condition that is always true today (`DateGreaterThan aws:CurrentTime 2020-01-01`) therefore
 * holds, and one that expired never does.
 *
 * When the base request is denied, the conditions of the statements that name the action say what
 * else a request could carry. Keys the attacker chooses freely (request tags, a SageMaker instance
 * type, TLS) are satisfied silently; keys that limit *who or where* (MFA, source IP, VPC endpoint,
 * region, resource tags) are satisfied too, but the risk is then reported with them; keys about
 * the principal itself (its ARN, tags, account) and about time are never changed.
 */
import { setOwn } from "../../../policy/own.js";
import type { ConditionBlock, Statement } from "../../../policy/types.js";

export type Context = Record<string, string | string[]>;

/** The public address a base request comes from (TEST-NET-1, RFC 5737: no policy names it). */
export const BASE_SOURCE_IP = "192.0.2.44";

export interface BaseContextInput {
  now: Date;
  /** The principal's own keys (`aws:username`, `aws:PrincipalTag/...`, `aws:userid`). */
  principalKeys: Context;
}

/** The base request context of a probe. */
export function baseContext(input: BaseContextInput): Context {
  const now = input.now;
  const issued = new Date(now.getTime() - 15 * 60 * 1000);
  return {
    ...input.principalKeys,
    "aws:CurrentTime": now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "aws:TokenIssueTime": issued.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:SecureTransport": "true",
    "aws:MultiFactorAuthPresent": "false",
    "aws:SourceIp": BASE_SOURCE_IP,
    "aws:ViaAWSService": "false",
  };
}

/** How a condition key may be set in a probe. */
export type KeyClass =
  /** Fixed: the principal's identity, the time, what the method itself sends. */
  | "fixed"
  /** The attacker chooses it (request tags, request parameters): satisfied silently. */
  | "attacker"
  /** Limits who, where or on what: satisfied, and the risk reported with it. */
  | "limiting";

const LIMITING = [
  "aws:multifactorauthpresent",
  "aws:multifactorauthage",
  "aws:sourceip",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:vpcsourceip",
  "aws:requestedregion",
  "aws:resourceaccount",
  "aws:resourceorgid",
  "aws:resourceorgpaths",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceorgid",
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
  "aws:viaawsservice",
  "aws:principalisawsservice",
];
const FIXED_PREFIXES = ["aws:principal", "aws:userid", "aws:username", "aws:sourceidentity", "aws:federatedprovider"];
const FIXED = ["aws:currenttime", "aws:epochtime", "aws:tokenissuetime", "aws:ec2instancesourceip"];

/** The class of a condition key; `methodKeys` are set by the escalation method (`iam:PassedToService`). */
export function keyClass(key: string, methodKeys: ReadonlySet<string> = new Set()): KeyClass {
  const k = key.toLowerCase();
  if (methodKeys.has(k)) return "fixed";
  if (FIXED.includes(k) || FIXED_PREFIXES.some((p) => k.startsWith(p))) return "fixed";
  if (LIMITING.includes(k)) return "limiting";
  // Tags of the resource acted on: the attacker cannot choose them.
  if (/(^|:)resourcetag\//.test(k) || k.endsWith(":existingobjecttag") || /:existingobjecttag\//.test(k))
    return "limiting";
  if (k === "aws:securetransport") return "attacker";
  return "attacker";
}

interface KeyCondition {
  operator: string;
  key: string;
  values: string[];
  effect: "Allow" | "Deny";
}

function conditionsOf(statements: readonly Statement[]): KeyCondition[] {
  const out: KeyCondition[] = [];
  for (const st of statements) {
    const block: ConditionBlock | undefined = st.Condition;
    if (!block) continue;
    for (const [operator, keys] of Object.entries(block)) {
      for (const [key, raw] of Object.entries(keys ?? {})) {
        const values = (Array.isArray(raw) ? raw : [raw]).map(String);
        out.push({ operator, key, values, effect: st.Effect });
      }
    }
  }
  return out;
}

/** A string a `*`/`?` glob matches: wildcards filled. */
function globWitness(v: string): string {
  return v.replace(/\*/g, "x").replace(/\?/g, "x");
}

/** The first address of a CIDR (`203.0.113.0/24` → `203.0.113.0`): inside the range. */
function addressOf(cidr: string): string {
  return cidr.split("/")[0].trim();
}

const DIFFERENT = "ai-iam-probe";

/**
 * Values of `key` that make a condition on it true (for an Allow) or false (to escape a Deny).
 * `undefined` in the result means "leave the key out of the request".
 */
function valuesFor(c: KeyCondition): (string | undefined)[] {
  const op = c.operator.replace(/^for(all|any)values?:/i, "").replace(/ifexists$/i, "");
  const lower = op.toLowerCase();
  const wantTrue = c.effect === "Allow";
  const negated = /not/.test(lower) && lower !== "null";
  // For a Deny we want the condition false: flip what the operator must do.
  const match = wantTrue !== negated;
  if (lower === "null") {
    const absent = c.values[0]?.toLowerCase() === "true";
    return absent === wantTrue ? [undefined] : ["x"];
  }
  if (lower === "bool") {
    const v = c.values[0]?.toLowerCase() === "true";
    return [String(wantTrue ? v : !v)];
  }
  if (lower.includes("ipaddress")) return match ? c.values.map(addressOf) : [BASE_SOURCE_IP];
  if (lower.startsWith("numeric") || lower.startsWith("date")) {
    // Values that sit on the right side of the bound.
    return c.values.flatMap((v) => {
      const n = Number(v);
      if (lower.startsWith("numeric") && Number.isFinite(n)) {
        const gt = /greater/.test(lower);
        const lt = /less/.test(lower);
        if (gt) return [String(match ? n + 1 : n - 1)];
        if (lt) return [String(match ? n - 1 : n + 1)];
        return [String(match ? n : n + 1)];
      }
      return [];
    });
  }
  // String and ARN operators.
  if (match) return c.values.map(globWitness);
  return [DIFFERENT];
}

export interface Candidate {
  key: string;
  /** `undefined`: the key is left out of the request. */
  values: (string | undefined)[];
  cls: KeyClass;
}

/**
 * The keys the conditions of `statements` mention that a probe may set, with the values worth
 * trying (those that satisfy an Allow first, then those that escape a Deny). Sorted by key.
 */
export function candidates(statements: readonly Statement[], methodKeys: ReadonlySet<string>): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const conds = conditionsOf(statements);
  // Allows first: their values are the ones a request would carry.
  conds.sort((a, b) => (a.effect === b.effect ? 0 : a.effect === "Allow" ? -1 : 1));
  for (const c of conds) {
    const cls = keyClass(c.key, methodKeys);
    if (cls === "fixed") continue;
    const k = c.key.toLowerCase();
    let cand = byKey.get(k);
    if (!cand) {
      cand = { key: c.key, values: [], cls };
      byKey.set(k, cand);
    }
    for (const v of valuesFor(c)) if (!cand.values.includes(v)) cand.values.push(v);
  }
  return [...byKey.values()].sort((a, b) => (a.key.toLowerCase() < b.key.toLowerCase() ? -1 : 1));
}

function assign(ctx: Context, key: string, value: string | undefined): Context {
  const out: Context = {};
  const k = key.toLowerCase();
  for (const [name, v] of Object.entries(ctx)) if (name.toLowerCase() !== k) setOwn(out, name, v);
  if (value !== undefined) setOwn<string | string[]>(out, key, value);
  // MFA present implies a recent authentication.
  if (k === "aws:multifactorauthpresent" && value === "true" && !("aws:MultiFactorAuthAge" in out))
    out["aws:MultiFactorAuthAge"] = "300";
  return out;
}

export interface ContextSearch {
  /** Whether a request with this context is allowed. */
  allowed(ctx: Context): boolean;
}

/** An allowed context, and the limiting keys it relies on (sorted). */
export interface Satisfied {
  context: Context;
  conditions: string[];
}

/**
 * Some realistic context under which the probe is allowed, or `undefined`. The base context
 * first; then every candidate key set to its first value at once, then each alternative value of
 * each key; then the keys the allowed context does not need are put back to the base, so that
 * only the conditions the risk really depends on are reported.
 */
export function satisfy(base: Context, cands: readonly Candidate[], probe: ContextSearch): Satisfied | undefined {
  if (probe.allowed(base)) return { context: base, conditions: [] };
  if (cands.length === 0) return undefined;
  let ctx = base;
  for (const c of cands) ctx = assign(ctx, c.key, c.values[0]);
  let ok = probe.allowed(ctx);
  if (!ok) {
    // One key at a time: try its other values with the rest kept.
    outer: for (const c of cands) {
      for (const v of c.values.slice(1)) {
        const next = assign(ctx, c.key, v);
        if (probe.allowed(next)) {
          ctx = next;
          ok = true;
          break outer;
        }
      }
    }
  }
  if (!ok) return undefined;
  // Drop what is not needed.
  const needed: Candidate[] = [];
  for (const c of cands) {
    const baseValue = Object.entries(base).find(([k]) => k.toLowerCase() === c.key.toLowerCase())?.[1];
    const without = assign(ctx, c.key, typeof baseValue === "string" ? baseValue : undefined);
    if (probe.allowed(without)) ctx = without;
    else needed.push(c);
  }
  const conditions = needed.filter((c) => c.cls === "limiting").map((c) => c.key);
  return { context: ctx, conditions: [...new Set(conditions)].sort() };
}
