/** Escaping and anchors shared by the report's sections: every piece of text goes through `esc`. */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text for HTML text or a quoted attribute: `&<>"'` as entities, and the Unicode bidirectional
 * controls ("Trojan Source", CVE-2021-42574), which would reorder what a reviewer reads (a
 * suppression reason, a resource), written visibly as `\u202e`.
 */
export function esc(s: string | number | undefined): string {
  return String(s ?? "").replace(
    /[&<>"'\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => ENTITIES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A fragment-safe anchor for an id: letters, digits and `/_.:-` kept, anything else as `_xx`. */
export function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9/_.:-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}`)}`;
}

/** `file:line:column`, or as much of it as is known; empty without a file. */
export function location(f: { file?: string; line?: number; column?: number }): string {
  if (!f.file) return "";
  return `${f.file}${f.line !== undefined ? `:${f.line}` : ""}${f.line !== undefined && f.column !== undefined ? `:${f.column}` : ""}`;
}

const EN_US = new Intl.NumberFormat("en-US");

/** `6,144`: as `toLocaleString("en-US")`, with one formatter for the whole report (thousands of calls). */
export function grouped(n: number): string {
  return EN_US.format(n);
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${grouped(count)} ${count === 1 ? word : many}`;
}

/** A rule id, linked to its documentation when the docs' base URL is known. */
export function ruleLink(rule: string, docsUrl: string | undefined): string {
  const code = `<code>${esc(rule)}</code>`;
  return docsUrl ? `<a class="rule" href="${esc(`${docsUrl}/checks.md#${rule}`)}">${code}</a>` : code;
}
