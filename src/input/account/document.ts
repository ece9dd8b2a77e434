import type { Diagnostic } from "../../diagnostics/index.js";
import { parseJsonWithPositions } from "../../policy/json.js";
import { normalizePolicy } from "../../policy/normalize.js";
import { policySize } from "../../policy/size.js";
import type { PolicyDocument, PolicyKind } from "../../policy/types.js";
import type { StreamedElement } from "./element.js";

/**
 * A policy document as AWS exports it: URL-encoded JSON text (the IAM API: "The policy document
 * returned in this structure is URL-encoded compliant with RFC 3986"), plain JSON text
 * (Organizations' `Content`), or a decoded JSON object (the AWS CLI decodes IAM's documents).
 * Returns the normalized document and its size as IAM counts it (of the stored text when there is
 * one). Problems point at the document in the file; for text, also at the line and column inside
 * the decoded text.
 */
export interface ReadDocumentResult {
  document?: PolicyDocument;
  size?: number;
  diagnostics: Diagnostic[];
}

const LATIN1_ONLY = /[\u0100-\uffff]|\\u/;

export function readPolicyDocument(
  element: StreamedElement,
  pointer: string,
  value: unknown,
  kind: PolicyKind,
  what: string,
): ReadDocumentResult {
  if (value === undefined || value === null) {
    return {
      diagnostics: [element.diagnostic("error", "account-missing-field", pointer, `${what} has no policy document`)],
    };
  }
  if (typeof value === "string") return readText(element, pointer, value, kind, what);
  if (typeof value !== "object" || Array.isArray(value)) {
    return {
      diagnostics: [
        element.diagnostic(
          "error",
          "account-invalid-field",
          pointer,
          `${what}: a policy document must be a JSON object or its (URL-encoded) text`,
        ),
      ],
    };
  }
  const latin1 = !LATIN1_ONLY.test(element.text);
  const fast = normalizePolicy(value, { kind, latin1 });
  if (fast.diagnostics.length === 0)
    return { document: fast.document, size: policySize(JSON.stringify(value)), diagnostics: [] };
  // Run again with the element's positions, so every problem points at its place in the file.
  const located = normalizePolicy(value, { kind, latin1, sourceMap: element.sourceMap(), basePath: pointer });
  const diagnostics = element.relocate(
    located.diagnostics.map((d) => ({ ...d, message: `${what}: ${d.message}`, path: d.path ?? pointer })),
  );
  return located.document
    ? { document: located.document, size: policySize(JSON.stringify(value)), diagnostics }
    : { diagnostics };
}

function readText(
  element: StreamedElement,
  pointer: string,
  raw: string,
  kind: PolicyKind,
  what: string,
): ReadDocumentResult {
  let text = raw.trim();
  if (!text.startsWith("{")) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return {
        diagnostics: [
          element.diagnostic(
            "error",
            "account-policy-encoding",
            pointer,
            `${what}: the document is neither JSON nor valid URL-encoded (RFC 3986) text`,
          ),
        ],
      };
    }
  }
  const json = parseJsonWithPositions(text);
  const inner = (d: Diagnostic): Diagnostic => {
    const where = d.line !== undefined ? ` (line ${d.line}, column ${d.column} of the decoded document)` : "";
    const at = element.diagnostic(d.severity, d.code, pointer, `${what}: ${d.message}${where}`, {
      ...(d.hint ? { hint: d.hint } : {}),
    });
    return { ...at, path: `${element.pointer}${pointer}${d.path ?? ""}` };
  };
  if (json.value === undefined) {
    return { diagnostics: json.diagnostics.map((d) => inner({ ...d, code: "account-policy-json" })) };
  }
  const latin1 = !LATIN1_ONLY.test(text);
  let result = normalizePolicy(json.value, { kind, latin1 });
  if (result.diagnostics.length > 0) {
    // Again with positions, so each problem names its line and column in the decoded text.
    result = normalizePolicy(json.value, { kind, latin1, sourceMap: json.sourceMap });
  }
  const diagnostics = [...json.diagnostics, ...result.diagnostics].map(inner);
  return result.document ? { document: result.document, size: policySize(text), diagnostics } : { diagnostics };
}
