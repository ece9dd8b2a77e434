/**
 * Amazon Resource Names: `arn:partition:service:region:account-id:resource`. The resource part
 * may itself contain `:` and `/` (`function:my-fn:1`, `role/path/name`).
 * AWS: "Identify AWS resources with Amazon Resource Names (ARNs)" (IAM User Guide, reference_arns).
 */
import { isServicePatternChar } from "./chars.js";
import { RESOURCE_PATTERN, wildcard } from "./wildcard.js";

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
 * Whether a concrete ARN matches an ARN pattern from a policy: part by part, case-sensitive, as
 * IAM matches `Resource`; a policy variable (`${aws:username}`) may stand for any value here.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  return wildcard(pattern, RESOURCE_PATTERN).static.test(arn);
}
