/**
 * Diagnostics, not exceptions, for anything a user wrote (modelled on the TypeScript compiler's):
 * a stable code, a severity, a message and a precise location. Callers gather them all, report
 * them together, exit 2 and write nothing.
 */
import type { DiagnosticCode, DiagnosticSeverity } from "./codes.js";

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
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "DiagnosticsError";
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order: file, line, column, code, message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/** Sorted as `sortDiagnostics`, each distinct diagnostic once (a parser may report one problem repeatedly). */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(diagnostics).filter((d) => {
    const key = JSON.stringify([d.file, d.line, d.column, d.severity, d.code, d.message, d.path, d.hint]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `file:line:col - error code: message` (plus the hint on its own line). */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? "<input>";
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const path = d.path ? ` (at ${d.path})` : "";
  const hint = d.hint ? `\n  hint: ${d.hint}` : "";
  return `${where} - ${d.severity} ${d.code}: ${d.message}${path}${hint}`;
}
