/** Parsing of numbers, dates and IP addresses as the Numeric*, Date* and IpAddress operators read them. */

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A decimal number, or NaN. */
export function parseNumber(s: string): number {
  return NUMBER.test(s) ? Number(s) : Number.NaN;
}

const EPOCH = /^\s*-?\d+(\.\d+)?\s*$/;
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date as milliseconds since the epoch: ISO 8601 (`2026-01-01T00:00:00Z`, date only, or with an
 * offset) or epoch seconds (`1767225600`); NaN when neither.
 * AWS: "Date condition operators" (W3C ISO 8601 date formats or epoch (UNIX) time).
 */
export function parseDate(s: string): number {
  if (EPOCH.test(s)) return Number(s) * 1000;
  const m = ISO.exec(s);
  if (!m) return Number.NaN;
  if (m[1] === undefined) return Date.parse(s); // a date alone is midnight UTC
  // Give Date.parse only the form ECMAScript defines: `T` between date and time, a zone always
  // (a date-time without one is UTC, as AWS reads it, never the machine's local time), `+hh:mm`.
  const zone = m[4] === undefined ? "Z" : m[4].length === 5 ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4];
  return Date.parse(`${s.slice(0, 10)}T${s.slice(11, s.length - (m[4]?.length ?? 0))}${zone}`);
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
    return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  }
  const all = parseGroups(s);
  return all && all.length === 8 ? all : undefined;
}

export type IpRange = { v: 4; base: number; bits: number } | { v: 6; groups: number[]; bits: number };

/** A CIDR block or a single address (a /32 or /128). */
export function parseCidr(s: string): IpRange | undefined {
  const slash = s.indexOf("/");
  const addr = (slash < 0 ? s : s.slice(0, slash)).trim();
  const bitsText = slash < 0 ? undefined : s.slice(slash + 1).trim();
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
