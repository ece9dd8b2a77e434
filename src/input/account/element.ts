import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import { parseJsonWithPositions, repeatsKeys } from "../../policy/json.js";
import type { SourceMap } from "../../policy/types.js";
import { locateInElement, type StreamPosition } from "./json-stream.js";

/**
 * One element of a streamed JSON array (a user, a role, a CloudTrail record), parsed, with what it
 * takes to point a diagnostic at any of its fields. Positions inside the element are worked out
 * only when a diagnostic needs one (most elements have none), from the element's own text.
 */
export class StreamedElement {
  private map?: SourceMap;

  constructor(
    readonly file: string,
    /** `/UserDetailList/12`: the element's pointer in the file. */
    readonly pointer: string,
    readonly text: string,
    readonly at: StreamPosition,
  ) {}

  /** The element's positions, keyed by pointers relative to the element. */
  sourceMap(): SourceMap {
    if (!this.map) this.map = parseJsonWithPositions(this.text).sourceMap;
    return this.map;
  }

  /** The file position of a pointer inside the element (its nearest ancestor that has one). */
  position(pointer: string, at: "key" | "value" = "value"): { line: number; column: number } {
    const map = this.sourceMap();
    let p = pointer;
    for (;;) {
      const pos = map.get(p);
      if (pos) {
        const useKey = at === "key" && pos.keyLine !== undefined;
        return locateInElement(this.at, useKey ? pos.keyLine! : pos.line, useKey ? pos.keyColumn! : pos.column);
      }
      if (p === "") return { line: this.at.line, column: this.at.column };
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }

  /** A diagnostic at a field of the element (`pointer` relative to it). */
  diagnostic(
    severity: Diagnostic["severity"],
    code: DiagnosticCode,
    pointer: string,
    message: string,
    opts: { hint?: string; at?: "key" | "value" } = {},
  ): Diagnostic {
    const { line, column } = this.position(pointer, opts.at);
    return {
      code,
      severity,
      message,
      file: this.file,
      line,
      column,
      path: this.pointer + pointer,
      ...(opts.hint ? { hint: opts.hint } : {}),
    };
  }

  /**
   * Diagnostics whose line and column are relative to the element's text (from the policy
   * normalizer, given `sourceMap()`), moved to the file; their paths get the element's pointer.
   */
  relocate(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.map((d) => {
      const out: Diagnostic = { ...d, file: this.file, path: this.pointer + (d.path ?? "") };
      if (d.line !== undefined && d.column !== undefined) {
        const pos = locateInElement(this.at, d.line, d.column);
        out.line = pos.line;
        out.column = pos.column;
      } else {
        out.line = this.at.line;
        out.column = this.at.column;
      }
      return out;
    });
  }
}

/**
 * Parse an element's text. The scanner found where it ends, but not whether its content is JSON:
 * when `JSON.parse` fails, the position parser finds where, and the diagnostic points there in the file.
 * A key written twice in one object is an error too: `JSON.parse` keeps the last silently, so a
 * role's second `"AttachedManagedPolicies": []` would hide its first list (no AWS export repeats
 * a key; the file was edited). The check counts members against keys, as the policy parser does.
 */
export function parseElement(
  file: string,
  pointer: string,
  text: string,
  at: StreamPosition,
): { element: StreamedElement; value?: unknown; diagnostics: Diagnostic[] } {
  const element = new StreamedElement(file, pointer, text, at);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value !== undefined) {
    if (!repeatsKeys(text, value)) return { element, value, diagnostics: [] };
    // Repeated keys, or nesting too deep to count: the position parser says which, and where.
    const diagnostics = element.relocate(
      parseJsonWithPositions(text, file).diagnostics.map((d) =>
        d.code === "policy-json-duplicate-key"
          ? {
              ...d,
              code: "account-json-syntax" as const,
              severity: "error" as const,
              message: `${d.message.replace(/: only the last one takes effect$/, "")}: no AWS export repeats a key, and which value is meant is not known`,
            }
          : { ...d, code: d.code === "policy-json-syntax" ? "account-json-syntax" : d.code },
      ),
    );
    return diagnostics.some((d) => d.severity === "error") ? { element, diagnostics } : { element, value, diagnostics };
  }
  {
    const parsed = parseJsonWithPositions(text, file);
    const diagnostics = element.relocate(
      parsed.diagnostics.map((d) => ({ ...d, code: d.code === "policy-json-syntax" ? "account-json-syntax" : d.code })),
    );
    // The position parser accepted what JSON.parse did not (it should not happen): still an error.
    if (diagnostics.length === 0) {
      diagnostics.push(element.diagnostic("error", "account-json-syntax", "", "invalid JSON in this element"));
    }
    return { element, diagnostics };
  }
}
