/**
 * Diagnostics, not exceptions, for anything a user wrote (modelled on the TypeScript compiler's):
 * a stable code, a severity, a message and a precise location. Callers gather them all, report
 * them together, exit 2 and write nothing.
 */
import { type DiagnosticCode, type DiagnosticSeverity, diagnosticCodeInfo } from "./codes.js";

export {
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  type DiagnosticCodeInfo,
  type DiagnosticSeverity,
  diagnosticArea,
  diagnosticCodeInfo,
  diagnosticDocsAnchor,
} from "./codes.js";

export interface SourceLocation {
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

export interface Diagnostic extends SourceLocation {
  /** Stable, kebab-case code, e.g. `policy-invalid-effect`. */
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  /** JSON-pointer-like path inside the document, e.g. `/Statement/0/Effect`. */
  path?: string;
  /** How to fix it. */
  hint?: string;
}

/** Thrown only at API boundaries that cannot return diagnostics; carries all of them. */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(renderDiagnostics(diagnostics).trimEnd());
    this.name = "DiagnosticsError";
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `localeCompare`, answered without it for equal strings (most comparisons of diagnostics' files and codes). */
function compare(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}

/** Stable order: file, line, column, code, message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(byPlace);
}

function byPlace(a: Diagnostic, b: Diagnostic): number {
  return (
    compare(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compare(a.code, b.code) ||
    compare(a.message, b.message)
  );
}

/**
 * Sorted as `sortDiagnostics`, each distinct diagnostic once (a parser may report one problem
 * repeatedly). Equal diagnostics sort into one run of those
 * the order does not tell apart (same file, line, column, code and message): each is compared only with the kept ones of its run (no
 * key string per diagnostic; 100,000 unknown names in a 1 MB spec are 100,000 diagnostics).
 */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = sortDiagnostics(diagnostics);
  const out: Diagnostic[] = [];
  let runStart = 0;
  for (const d of sorted) {
    const first = out[runStart];
    if (first === undefined || byPlace(first, d) !== 0) runStart = out.length;
    else {
      let dup = false;
      for (let i = runStart; i < out.length && !dup; i++) dup = sameDiagnostic(out[i], d);
      if (dup) continue;
    }
    out.push(d);
  }
  return out;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.file === b.file &&
    a.line === b.line &&
    a.column === b.column &&
    a.code === b.code &&
    a.message === b.message &&
    a.severity === b.severity &&
    a.path === b.path &&
    a.hint === b.hint
  );
}

/**
 * Whether diagnostics are checked against the registry as they are rendered: under the test runner
 * (`node --test` sets NODE_TEST_CONTEXT, which the CLIs that tests start inherit), or with
 * AI_IAM_STRICT_DIAGNOSTICS=1. Never for a user: a wrong severity is a bug to catch in CI, not a
 * reason to stop a user's run.
 */
const STRICT =
  typeof process !== "undefined" &&
  (process.env.NODE_TEST_CONTEXT !== undefined || process.env.AI_IAM_STRICT_DIAGNOSTICS === "1");

/**
 * Throws when `d`'s severity is not one the registry gives its code (`severity`, or `otherwise`'s):
 * the registry (codes.ts) and docs/diagnostics.md say what users see, so the code must agree.
 */
export function checkDiagnosticSeverity(d: Diagnostic): void {
  const info = diagnosticCodeInfo(d.code);
  if (!info) throw new Error(`diagnostic code '${d.code}' is not in the registry (src/diagnostics/codes.ts)`);
  if (d.severity !== info.severity && d.severity !== info.otherwise?.severity) {
    throw new Error(
      `diagnostic ${d.code} reported as ${d.severity}, but the registry (src/diagnostics/codes.ts) says ${info.severity}` +
        `${info.otherwise ? ` (or ${info.otherwise.severity} ${info.otherwise.when})` : ""}: ${d.message}`,
    );
  }
}

/** The message and where in the document it is: `message (at /Statement/0/Effect)`. */
export function diagnosticMessage(d: Diagnostic): string {
  if (STRICT) checkDiagnosticSeverity(d);
  return d.path ? `${d.message} (at ${d.path})` : d.message;
}

/**
 * A field of a one-line record (a file name, a message) as one line: each line feed or carriage
 * return written `\\n`, `\\r`. A file named `x\n0 errors` (or a quoted YAML key with a line break)
 * must not print a line of its own that reads like ai-iam's.
 */
export function oneLine(s: string): string {
  return s.includes("\n") || s.includes("\r") ? s.replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

/** `file:line:col - error code: message` (plus the hint on its own line). */
export function formatDiagnostic(d: Diagnostic): string {
  let where = oneLine(d.file ?? "<input>");
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const hint = d.hint ? `\n  hint: ${oneLine(d.hint)}` : "";
  return `${where} - ${d.severity} ${d.code}: ${oneLine(diagnosticMessage(d))}${hint}`;
}

export interface RenderDiagnosticsOptions {
  /** Colours (picocolors-like): errors in red, the rest in yellow. Plain when absent. */
  color?: { red(s: string): string; yellow(s: string): string };
  /** Only the errors (`--quiet`). */
  errorsOnly?: boolean;
  /** End with `N errors; nothing was written.` when any is an error (what a refused command says). */
  summary?: boolean;
  /**
   * Show at most this many diagnostics of each code, then one line counting the rest (`... and 900
   * more spec-unknown-activity errors, not shown`); the summary still counts them all. Every one
   * is shown when absent.
   */
  perCode?: number;
}

/**
 * The one rendering of diagnostics as text, used everywhere they are shown (the CLI's stderr,
 * `DiagnosticsError`, Pulumi's log): sorted, each distinct one once, one `formatDiagnostic` per
 * diagnostic, each line ended.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], opts: RenderDiagnosticsOptions = {}): string {
  const unique = uniqueDiagnostics(diagnostics);
  const paint = (d: Pick<Diagnostic, "severity">, line: string) =>
    `${opts.color ? (d.severity === "error" ? opts.color.red(line) : opts.color.yellow(line)) : line}\n`;
  // Lines joined once: 100,000 diagnostics are one string built in one pass.
  const lines: string[] = [];
  // Diagnostics of each code and severity not shown (`perCode`), in order of first omission.
  const shown = new Map<string, number>();
  const hidden = new Map<string, { code: string; severity: DiagnosticSeverity; count: number }>();
  for (const d of unique) {
    if (opts.errorsOnly && d.severity !== "error") continue;
    if (opts.perCode !== undefined) {
      const key = `${d.severity} ${d.code}`;
      const n = shown.get(key) ?? 0;
      if (n >= opts.perCode) {
        const h = hidden.get(key);
        if (h) h.count++;
        else hidden.set(key, { code: d.code, severity: d.severity, count: 1 });
        continue;
      }
      shown.set(key, n + 1);
    }
    lines.push(paint(d, formatDiagnostic(d)));
  }
  for (const h of hidden.values()) {
    const kind = `${h.severity === "info" ? "info diagnostic" : h.severity}${h.count === 1 ? "" : "s"}`;
    lines.push(paint(h, `... and ${h.count} more ${h.code} ${kind}, not shown (the first ${opts.perCode} are)`));
  }
  let out = lines.join("");
  const errors = opts.summary ? unique.filter((d) => d.severity === "error").length : 0;
  if (errors > 0) out += `${errors} error${errors === 1 ? "" : "s"}; nothing was written.\n`;
  return out;
}
