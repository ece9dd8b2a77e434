/**
 * Amazon Resource Names: `arn:partition:service:region:account-id:resource`. The resource part
 * may itself contain `:` and `/` (`function:my-fn:1`, `role/path/name`).
 * AWS: "Identify AWS resources with Amazon Resource Names (ARNs)" (IAM User Guide, reference_arns).
 */
import { isServicePatternChar } from "./chars.js";

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export type ParseArnResult = { ok: true; arn: Arn } | { ok: false; message: string };

/** Partitions AWS documents today; anything else is reported, unless it contains a wildcard. */
export const KNOWN_PARTITIONS: readonly string[] = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
  "aws-eusc",
];

/**
 * Parse an ARN or an ARN pattern (with `*`, `?` or `${...}` policy variables). Never throws.
 * `"*"` alone is not an ARN (a policy may write it as a Resource, but it names no partition).
 */
export function parseArn(text: string): ParseArnResult {
  if (typeof text !== "string") return { ok: false, message: "an ARN must be a string" };
  if (text.length === 0) return { ok: false, message: "the ARN is empty" };
  // A policy variable's default may hold spaces (`${aws:PrincipalTag/team, 'none'}`); nothing else may.
  if (/\s/.test(text.replace(/\$\{[^}]*(\}|$)/g, ""))) {
    return { ok: false, message: `the ARN ${JSON.stringify(text)} contains whitespace` };
  }
  if (!text.startsWith("arn:")) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is not an ARN: it must start with "arn:" (arn:partition:service:region:account-id:resource)`,
    };
  }
  const parts = splitArn(text);
  if (parts.length < 6) {
    return {
      ok: false,
      message:
        `${JSON.stringify(text)} has ${parts.length} of the 6 colon-separated parts ` +
        "(arn:partition:service:region:account-id:resource)",
    };
  }
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(":");
  if (partition === "") return { ok: false, message: `${JSON.stringify(text)} has an empty partition` };
  if (!hasWildcard(partition) && !KNOWN_PARTITIONS.includes(partition)) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} has the unknown partition ${JSON.stringify(partition)} (expected one of ${KNOWN_PARTITIONS.join(", ")})`,
    };
  }
  if (service === "") return { ok: false, message: `${JSON.stringify(text)} has an empty service` };
  if (!/^[a-z0-9*?${}-]+$/i.test(service)) {
    return { ok: false, message: `${JSON.stringify(text)} has an invalid service ${JSON.stringify(service)}` };
  }
  if (resource === "") return { ok: false, message: `${JSON.stringify(text)} has an empty resource part` };
  return { ok: true, arn: { partition, service, region, account, resource } };
}

/**
 * A quick check that `parseArn` would accept `text`, without allocating: used to validate every
 * Resource of every policy; `parseArn` explains the ones this rejects.
 */
export function isArnLike(text: string): boolean {
  if (!text.startsWith("arn:")) return false;
  let colons = 1;
  let inVar = false;
  const starts = [4, 0, 0, 0, 0];
  for (let i = 4; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inVar && (c === 32 || (c >= 9 && c <= 13))) return false;
    if (c === 36 && text.charCodeAt(i + 1) === 123) inVar = true;
    else if (c === 125 && inVar) inVar = false;
    else if (c === 58 && !inVar && colons < 5) starts[colons++] = i + 1;
  }
  if (colons < 5) return false;
  const [p, s, , , r] = starts;
  if (r >= text.length) return false; // empty resource
  if (s - 1 === p || starts[2] - 1 === s) return false; // empty partition or service
  const partition = text.slice(p, s - 1);
  if (!KNOWN_PARTITIONS.includes(partition) && !hasWildcard(partition)) return false;
  for (let i = s; i < starts[2] - 1; i++) {
    const c = text.charCodeAt(i);
    // A policy variable (`${...}`) may stand in the service too.
    if (!isServicePatternChar(c) && c !== 36 && c !== 123 && c !== 125) return false;
  }
  return true;
}

/** Split on `:` but not inside `${...}` (a policy variable such as `${aws:username}` contains one). */
function splitArn(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inVar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "$" && text[i + 1] === "{") inVar = true;
    else if (c === "}" && inVar) inVar = false;
    else if (c === ":" && !inVar) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Whether a string uses `*`, `?` or a `${...}` policy variable. */
export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?") || text.includes("${");
}

/** `arn:aws:s3:::b` from its parts. */
export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/**
 * One element of a glob: a literal character, `?` (exactly one character) or `*` (any run,
 * possibly empty). Policy variables (`${aws:username}`) become `*`: their value is unknown until
 * the request; the escapes `${*}`, `${?}` and `${$}` are the literal characters.
 * AWS: IAM User Guide, "IAM policy elements: Variables and tags".
 */
export type GlobToken = { t: "lit"; c: string } | { t: "one" } | { t: "star" };

export function tokenizeGlob(pattern: string, opts: { variables?: boolean } = {}): GlobToken[] {
  const variables = opts.variables ?? true;
  const out: GlobToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (variables && c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        if (name === "*" || name === "?" || name === "$") out.push({ t: "lit", c: name });
        else out.push({ t: "star" });
        i = end;
        continue;
      }
    }
    if (c === "*") {
      if (out.at(-1)?.t !== "star") out.push({ t: "star" });
    } else if (c === "?") out.push({ t: "one" });
    else out.push({ t: "lit", c });
  }
  return out;
}

/**
 * A RegExp for an ARN (or any IAM string) pattern: `*` any run of characters, `?` one character,
 * `${...}` policy variables as `*`. Case-sensitive by default, as IAM compares ARNs.
 */
export function globToRegExp(pattern: string, opts: { ignoreCase?: boolean; variables?: boolean } = {}): RegExp {
  let src = "^";
  for (const tok of tokenizeGlob(pattern, { variables: opts.variables })) {
    if (tok.t === "star") src += ".*";
    else if (tok.t === "one") src += ".";
    else src += tok.c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  }
  return new RegExp(`${src}$`, opts.ignoreCase ? "is" : "s");
}

/** Whether a concrete ARN matches an ARN pattern from a policy. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  return globToRegExp(pattern).test(arn);
}
