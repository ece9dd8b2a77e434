/** Escaping and anchors shared by the report's sections: every piece of text goes through `esc`. */

export function esc(s: string | number | undefined): string {
  return String(s ?? "").replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
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
