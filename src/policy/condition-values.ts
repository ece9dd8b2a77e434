/**
 * Condition values as the `Numeric*`, `Date*`, `IpAddress`, `Bool`, `Null` and `BinaryEquals`
 * operators read them: one implementation for the policy parser (which reports a value the operator
 * cannot read) and the engine (which compares). Strict: a value IAM would reject or read otherwise
 * is never guessed at — `2024-02-30` is no date (JavaScript's `Date.parse` would make it 1 March),
 * `10.0.0.0/8 ` (a trailing space) no CIDR, `1e400` no number (it overflows to Infinity).
 *
 * AWS: IAM User Guide, "IAM JSON policy elements: Condition operators" (numeric, date — "W3C
 * implementation of the ISO 8601 date formats" or epoch time —, Boolean, binary, IP address and
 * Null operators).
 */
import type { ConditionOperatorName } from "./conditions.js";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (finite), or NaN. */
export function parseNumber(s: string): number {
  if (!NUMBER.test(s)) return Number.NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

const EPOCH = /^-?\d+(\.\d+)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A date as milliseconds since the epoch: ISO 8601 (`2026-01-01T00:00:00Z`, a date alone —
 * midnight UTC —, a date-time with an offset, or without one — UTC, as AWS reads it, never the
 * machine's zone) or epoch seconds (`1767225600`); NaN when neither or not a real calendar date.
 */
export function parseDate(s: string): number {
  if (EPOCH.test(s)) {
    const n = Number(s) * 1000;
    return Number.isFinite(n) && Math.abs(n) <= 8.64e15 ? n : Number.NaN;
  }
  const m = ISO.exec(s);
  if (!m) return Number.NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let offset = 0;
  if (m[8] !== undefined && m[8] !== "Z") {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (m[8].startsWith("-") ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(m[7]) * 1000);
  // Not Date.UTC(year, …): it reads years 0–99 as 1900–1999 ("0050-01-01" as 1950).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, fraction);
  return date.getTime() - offset;
}

/** An IPv4 address as an unsigned 32-bit number, or -1. */
export function parseIPv4(s: string): number {
  let value = 0;
  let part = -1;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (part < 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = -1;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + (c - 48);
      if (part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || part < 0) return -1;
  return value * 256 + part;
}

/** An IPv6 address as eight 16-bit groups, or undefined. Accepts `::` and a trailing dotted IPv4. */
export function parseIPv6(s: string): number[] | undefined {
  if (!s.includes(":")) return undefined;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return undefined;
  const parseGroups = (text: string): number[] | undefined => {
    if (text === "") return [];
    const out: number[] = [];
    const parts = text.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (v4 < 0) return undefined;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  if (dbl >= 0) {
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const all = parseGroups(s);
  return all && all.length === 8 ? all : undefined;
}

export type IpRange = { v: 4; base: number; bits: number } | { v: 6; groups: number[]; bits: number };

/** A CIDR block or a single address (a /32 or /128); no spaces anywhere. */
export function parseCidr(s: string): IpRange | undefined {
  const slash = s.indexOf("/");
  const addr = slash < 0 ? s : s.slice(0, slash);
  const bitsText = slash < 0 ? undefined : s.slice(slash + 1);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const v4 = parseIPv4(addr);
  if (v4 >= 0) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    return { v: 4, base: v4 - (v4 % size), bits };
  }
  const v6 = parseIPv6(addr);
  if (!v6) return undefined;
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) return undefined;
  return { v: 6, groups: v6, bits };
}

/** Is the address `ip` inside `range`? An address that does not parse is in none. */
export function inRange(range: IpRange, ip: string): boolean {
  if (range.v === 4) {
    const v = parseIPv4(ip);
    if (v < 0) return false;
    const size = 2 ** (32 - range.bits);
    return v - (v % size) === range.base;
  }
  const g = parseIPv6(ip);
  if (!g) return false;
  let bits = range.bits;
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = Math.min(bits, 16);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((g[i] & mask) !== (range.groups[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `true`/`false` in any case (Bool, Null). */
export function parseBoolean(s: string): boolean | undefined {
  const v = s.toLowerCase();
  return v === "true" ? true : v === "false" ? false : undefined;
}

/**
 * Why `value` cannot be a policy value of `operator` (a message for a diagnostic), or undefined
 * when it can. String and ARN operators take any string.
 */
export function conditionValueProblem(operator: ConditionOperatorName, value: string): string | undefined {
  if (operator.startsWith("Numeric")) {
    if (!Number.isNaN(parseNumber(value))) return undefined;
    return NUMBER.test(value.trim()) && value.trim() === value
      ? `${JSON.stringify(value)} is out of range for a number`
      : `${JSON.stringify(value)} is not a number`;
  }
  if (operator.startsWith("Date")) {
    if (!Number.isNaN(parseDate(value))) return undefined;
    return ISO.test(value) || EPOCH.test(value)
      ? `${JSON.stringify(value)} is not a real date and time`
      : `${JSON.stringify(value)} is not an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z) or epoch seconds`;
  }
  if (operator === "IpAddress" || operator === "NotIpAddress") {
    if (parseCidr(value)) return undefined;
    return /\s/.test(value)
      ? `${JSON.stringify(value)} is not an IP address or CIDR block: it contains a space`
      : `${JSON.stringify(value)} is not an IP address or CIDR block`;
  }
  if (operator === "Bool" || operator === "Null") {
    return parseBoolean(value) === undefined ? `${JSON.stringify(value)} is not true or false` : undefined;
  }
  if (operator === "BinaryEquals") {
    return BASE64.test(value) && value.length % 4 === 0 ? undefined : `${JSON.stringify(value)} is not base-64`;
  }
  return undefined;
}
