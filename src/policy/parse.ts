import type { Diagnostic } from "../diagnostics/index.js";
import { parseJsonWithPositions } from "./json.js";
import { normalizePolicy } from "./normalize.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "./types.js";

export type { JsonParseResult } from "./json.js";
export { parseJsonWithPositions } from "./json.js";
export type { NormalizeOptions, NormalizeResult } from "./normalize.js";
export { normalizePolicy } from "./normalize.js";

export interface ParsePolicyResult {
  /** The normalized document; absent when the text is not JSON or any diagnostic is an error. */
  document?: PolicyDocument;
  /**
   * Where every element starts, keyed by JSON pointer: the pointers of the text as written
   * (`/Statement/Action` for a lone statement) and of the normalized document (`/Statement/0/Action/0`).
   */
  sourceMap: SourceMap;
  /** Every problem found, in the order found (sort with `sortDiagnostics` for output). */
  diagnostics: Diagnostic[];
}

/**
 * Parse one IAM policy document from JSON text, with the line and column of every element.
 * Never throws on user input: malformed JSON and every policy-grammar problem become diagnostics.
 */
export function parsePolicy(text: string, opts: { file?: string; kind?: PolicyKind } = {}): ParsePolicyResult {
  const json = parseJsonWithPositions(text, opts.file);
  if (json.value === undefined) return { sourceMap: json.sourceMap, diagnostics: json.diagnostics };
  // Most texts hold no character above U+00FF, written or escaped: then no string needs checking.
  const latin1 = !/[\u0100-\uffff]|\\u/.test(text);
  const result = normalizePolicy(json.value, { file: opts.file, kind: opts.kind, sourceMap: json.sourceMap, latin1 });
  const diagnostics = json.diagnostics.length > 0 ? [...json.diagnostics, ...result.diagnostics] : result.diagnostics;
  return result.document
    ? { document: result.document, sourceMap: json.sourceMap, diagnostics }
    : { sourceMap: json.sourceMap, diagnostics };
}
