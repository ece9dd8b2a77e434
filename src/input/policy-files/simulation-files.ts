import { unknownContextKey } from "../../catalog/context-keys.js";
import { getCatalog } from "../../catalog/index.js";
import { withSuggestion } from "../../diagnostics/did-you-mean.js";
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import { readInputFile } from "../files/read-bounded.js";
import { type ActionCheck, parsePolicySet, parseRequests, readRequestValue } from "./simulation-input.js";

/**
 * Checks request actions against the AWS catalog: an unknown service is an error (it would only
 * ever be denied), an unknown action of a known service a warning (the catalog can lag AWS).
 */
export function catalogActionCheck(): ActionCheck {
  const catalog = getCatalog();
  return (action) => {
    const service = action.slice(0, action.indexOf(":")).toLowerCase();
    if (!catalog.hasService(service)) {
      const hint = catalog.expandActionPattern(action).diagnostics[0]?.hint;
      return {
        severity: "error",
        code: "request-unknown-service",
        message: `unknown service prefix "${service}" in "${action}"`,
        ...(hint ? { hint } : {}),
      };
    }
    if (!catalog.action(action)) {
      const name = action.slice(action.indexOf(":") + 1);
      const names = (catalog.service(service)?.actions ?? []).map((a) => a.name);
      return {
        severity: "warning",
        code: "request-unknown-action",
        message: withSuggestion(
          `"${action}" is not in the AWS catalog (iam-data ${catalog.info().version})`,
          name,
          names,
        ),
        hint: `decided as written; see \`ai-iam explain '${service}:*'\``,
      };
    }
    return undefined;
  };
}

/**
 * A catalog check whose warnings are errors, under `code`: where the question is the project's own
 * (a spec's access tests, who-can's query), an action or key AWS lacks is a typo to fix, not a
 * catalog that lags (a test of it passes `expect: deny` vacuously; who-can answers "nobody").
 */
export function strictCheck(check: ActionCheck, code: DiagnosticCode): ActionCheck {
  return (value) => {
    const problem = check(value);
    if (!problem || problem.severity === "error") return problem;
    // The warning's hint ("decided as written") is not the error's: nothing is decided.
    const { hint: _, ...rest } = problem;
    return { ...rest, severity: "error", code };
  };
}

/**
 * The request validator's context-key check against the AWS catalog (`unknownContextKey`): a key
 * AWS does not define is a warning with the key meant, not an error, as the catalog can lag a key
 * AWS adds (a spec's access tests, which are the project's own, make it an error).
 */
export function catalogContextKeyCheck(): ActionCheck {
  const catalog = getCatalog();
  return (key) => {
    const message = unknownContextKey(catalog, key);
    return message === undefined
      ? undefined
      : {
          severity: "warning",
          code: "request-unknown-context-key",
          message,
          hint: "the request carries it as written; a key AWS does not define decides nothing",
        };
  };
}

function readText(file: string, diagnostics: Diagnostic[]): string | undefined {
  // Bounded reading: a regular file within the size limit (src/input/files/read-bounded.ts).
  const read = readInputFile(file);
  if ("text" in read) return read.text;
  diagnostics.push(read.diagnostic);
  return undefined;
}

/**
 * What `simulate` decides, read from files: a policy set, and the requests of a requests file
 * or one request given as a value (`{ principal, action, resource, ... }`), each action checked
 * against the catalog. Never throws: every problem is a located diagnostic; `policySet` is absent
 * when any is an error.
 */
export function readSimulationFiles(source: {
  policySet: string;
  requests?: string;
  request?: Record<string, unknown>;
}): { policySet?: PolicySet; requests: AccessRequest[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const setText = readText(source.policySet, diagnostics);
  const set = setText === undefined ? undefined : parsePolicySet(setText, { file: source.policySet });
  if (set) for (const item of set.diagnostics) diagnostics.push(item);
  let requests: AccessRequest[] = [];
  if (source.requests !== undefined) {
    const text = readText(source.requests, diagnostics);
    if (text !== undefined) {
      const parsed = parseRequests(text, {
        file: source.requests,
        checkAction: catalogActionCheck(),
        checkContextKey: catalogContextKeyCheck(),
      });
      for (const item of parsed.diagnostics) diagnostics.push(item);
      requests = parsed.requests;
    }
  }
  if (source.request !== undefined) {
    const read = readRequestValue(source.request, {
      file: "<command line>",
      checkAction: catalogActionCheck(),
      checkContextKey: catalogContextKeyCheck(),
    });
    for (const item of read.diagnostics) diagnostics.push(item);
    for (const item of read.requests) requests.push(item);
  }
  if (diagnostics.some((d) => d.severity === "error") || !set?.policySet) return { requests, diagnostics };
  return { policySet: set.policySet, requests, diagnostics };
}
