/**
 * Reading the files `simulate` takes, the engine's input: a policy set (JSON) and requests (JSON
 * Lines, or a JSON array). Never throws on user input: every problem is a located diagnostic.
 *
 * Policy set: `{ "identityPolicies": [doc | {"name", "document"}], "resourcePolicy"?: doc,
 * "permissionBoundaries"?: [doc], "scps"?: [[doc, ...], ...], "rcps"?: [[doc, ...], ...],
 * "sessionPolicy"?: doc }` — wherever a doc goes, `{"name", "document"}` may too.
 * Request: `{ "id"?, "principal", "action", "resource", "resourceAccount"?, "context"?: { key: string | string[] } }`.
 */
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import { compilePolicySet, PRINCIPAL_EXAMPLES, parsePrincipal, principalProblem } from "../../engine/index.js";
import { isArnLike, parseArn } from "../../policy/arn.js";
import { parseJsonWithPositions } from "../../policy/json.js";
import { normalizePolicy } from "../../policy/normalize.js";
import { escapePointerSegment, locate } from "../../policy/pointer.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import type { NamedPolicy, PolicyKind, SourceMap } from "../../policy/types.js";
import { inferPolicyKind } from "./kind.js";

const SET_KEYS = ["identityPolicies", "resourcePolicy", "permissionBoundaries", "scps", "rcps", "sessionPolicy"];
const REQUEST_KEYS = ["id", "principal", "action", "resource", "resourceAccount", "context"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly file: string | undefined,
    private readonly sourceMap: SourceMap,
    private readonly lineOffset = 0,
  ) {}
  error(code: DiagnosticCode, path: string, message: string, hint?: string): void {
    this.report("error", code, path, message, hint);
  }
  report(severity: Diagnostic["severity"], code: DiagnosticCode, path: string, message: string, hint?: string): void {
    const d: Diagnostic = { code, severity, message, path };
    if (this.file !== undefined) d.file = this.file;
    const pos = locate(this.sourceMap, path);
    if (pos) {
      d.line = pos.line + this.lineOffset;
      d.column = pos.column;
    }
    if (hint) d.hint = hint;
    this.diagnostics.push(d);
  }
}

/** The resource-policy slot holds a role's trust policy when its shape says so (`inferPolicyKind`). */
function resourceKind(doc: unknown): PolicyKind {
  return inferPolicyKind(doc) === "trust" ? "trust" : "resource";
}

export interface PolicySetParseResult {
  /** Absent when any diagnostic is an error. */
  policySet?: PolicySet;
  diagnostics: Diagnostic[];
}

/** Parses, normalizes and compiles a policy-set file, so a set it returns always compiles. */
export function parsePolicySet(text: string, opts: { file?: string } = {}): PolicySetParseResult {
  const json = parseJsonWithPositions(text, opts.file);
  if (json.value === undefined) return { diagnostics: json.diagnostics };
  const r = new Reporter(opts.file, json.sourceMap);
  const diagnostics = [...json.diagnostics];
  const value = json.value;
  if (!isObject(value)) {
    r.error(
      "policy-set-not-an-object",
      "",
      "a policy set must be a JSON object with identityPolicies, resourcePolicy, ...",
    );
    return { diagnostics: r.diagnostics };
  }
  for (const key of Object.keys(value)) {
    if (!SET_KEYS.includes(key)) {
      r.error("policy-set-unknown-key", `/${key}`, `unknown policy-set key '${key}'`, `use ${SET_KEYS.join(", ")}`);
    }
  }
  /** Where each compiled policy's document lives in the file (for locating engine diagnostics). */
  const docPaths = new Map<string, string>();
  const policy = (v: unknown, path: string, kind: PolicyKind): NamedPolicy | undefined => {
    let name: string | undefined;
    let doc = v;
    let docPath = path;
    if (isObject(v) && "document" in v) {
      for (const k of Object.keys(v)) {
        if (k !== "name" && k !== "document") r.error("policy-set-unknown-key", `${path}/${k}`, `unknown key '${k}'`);
      }
      if (v.name !== undefined && typeof v.name !== "string")
        r.error("policy-set-invalid-name", `${path}/name`, "name must be a string");
      else name = v.name as string | undefined;
      doc = v.document;
      docPath = `${path}/document`;
    }
    docPaths.set(path, docPath);
    const k = kind === "resource" ? resourceKind(doc) : kind;
    const n = normalizePolicy(doc, { file: opts.file, kind: k, sourceMap: json.sourceMap, basePath: docPath });
    for (const item of n.diagnostics) diagnostics.push(item);
    if (!n.document) return undefined;
    return name === undefined ? { document: n.document } : { name, document: n.document };
  };
  const list = (key: string): unknown[] => {
    const v = value[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      r.error("policy-set-not-a-list", `/${key}`, `${key} must be a list`);
      return [];
    }
    return v;
  };
  const set: PolicySet = { identityPolicies: [] };
  list("identityPolicies").forEach((p, i) => {
    const np = policy(p, `/identityPolicies/${i}`, "identity");
    if (np) set.identityPolicies.push(np);
  });
  if (value.resourcePolicy !== undefined)
    set.resourcePolicy = policy(value.resourcePolicy, "/resourcePolicy", "resource");
  const boundaries = list("permissionBoundaries").map((p, i) => policy(p, `/permissionBoundaries/${i}`, "boundary"));
  if (boundaries.length > 0) set.permissionBoundaries = boundaries.filter((b): b is NamedPolicy => !!b);
  for (const key of ["scps", "rcps"] as const) {
    const levels = list(key).map((level, l) => {
      if (!Array.isArray(level)) {
        r.error("policy-set-not-a-list", `/${key}/${l}`, `each ${key} level must be a list of policies`);
        return [];
      }
      return level
        .map((p, i) => policy(p, `/${key}/${l}/${i}`, key === "scps" ? "scp" : "rcp"))
        .filter((p): p is NamedPolicy => !!p);
    });
    if (levels.length > 0) set[key] = levels;
  }
  if (value.sessionPolicy !== undefined) set.sessionPolicy = policy(value.sessionPolicy, "/sessionPolicy", "session");
  for (const item of r.diagnostics) diagnostics.push(item);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const compiled = compilePolicySet(set);
  for (const d of compiled.diagnostics) {
    // Engine paths are `/identityPolicies/0/Statement/...`: point them into the document as written.
    let path = d.path ?? "";
    for (const [prefix, docPath] of docPaths) {
      if (path === prefix || path.startsWith(`${prefix}/Statement`)) {
        path = docPath + path.slice(prefix.length);
        break;
      }
    }
    const pos = locate(json.sourceMap, path);
    diagnostics.push({ ...d, path, file: opts.file, ...(pos ? { line: pos.line, column: pos.column } : {}) });
  }
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { policySet: set, diagnostics };
}

export interface RequestsParseResult {
  requests: AccessRequest[];
  diagnostics: Diagnostic[];
}

/**
 * Checks a request's action against what the caller knows (the CLI passes the AWS catalog; the
 * engine itself stays catalog-free): `undefined` when fine, else a diagnostic to report at the
 * action. An `error` rejects the request; a `warning` (an action the catalog may not know yet) only
 * reports it.
 */
export type ActionCheck = (
  action: string,
) => { severity: "error" | "warning"; code: DiagnosticCode; message: string; hint?: string } | undefined;

export interface RequestReadOptions {
  file?: string;
  checkAction?: ActionCheck;
  /**
   * What a context key AWS does not define is (`catalogContextKeyCheck`: a warning naming the key
   * meant, since a misspelled key rides beside the default's real one and decides nothing).
   */
  checkContextKey?: ActionCheck;
  /**
   * @internal The principal names one of a model's principals (`team/member`, an account file's
   * `role/name`), which the model resolves: not read as an ARN here.
   */
  modelPrincipal?: boolean;
}

/** A problem of one request field, as `ActionCheck` reports it. */
export type RequestProblem = NonNullable<ReturnType<ActionCheck>>;

/**
 * What is wrong with a request's action, or `undefined`: not `service:Action` (a wildcard: a
 * request names one action), else what `checkAction` says (the catalog's verdict). The one check
 * of every request (files, flags, who-can's query, the library).
 */
export function requestActionProblem(action: string, checkAction?: ActionCheck): RequestProblem | undefined {
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/.test(action)) {
    return {
      severity: "error",
      code: "request-invalid-action",
      message: `'${action}' is not an action (service:Action, no wildcards)`,
    };
  }
  return checkAction?.(action);
}

/**
 * What is wrong with a request's resource, or `undefined`: a request is made on one resource, an
 * ARN (or "*", for actions that take none). A typo here would silently match nothing, so it is an
 * error, not an implicit deny. (A pattern is who-can's to accept: it asks about every resource
 * the pattern matches.)
 */
export function requestResourceProblem(resource: string): RequestProblem | undefined {
  if (resource === "*" || isArnLike(resource)) return undefined;
  const parsed = parseArn(resource);
  return {
    severity: "error",
    code: "request-invalid-resource",
    message: parsed.ok ? `'${resource}' is not a resource ARN` : parsed.message,
    hint: 'a request\'s resource is an ARN, or "*" for actions that support no resource-level permissions',
  };
}

/** Validates one request value (from JSON); `path` and `r` locate problems. */
function readRequest(
  v: unknown,
  path: string,
  r: Reporter,
  opts: Pick<RequestReadOptions, "checkAction" | "checkContextKey" | "modelPrincipal"> = {},
): AccessRequest | undefined {
  const { checkAction, checkContextKey, modelPrincipal = false } = opts;
  if (!isObject(v)) {
    r.error("request-not-an-object", path, "a request must be a JSON object with principal, action and resource");
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(v)) {
    if (!REQUEST_KEYS.includes(k)) {
      r.error("request-unknown-key", `${path}/${k}`, `unknown request key '${k}'`, `use ${REQUEST_KEYS.join(", ")}`);
      ok = false;
    }
  }
  for (const k of ["principal", "action", "resource"]) {
    if (typeof v[k] !== "string" || v[k] === "") {
      r.error(
        "request-missing-field",
        v[k] === undefined ? path : `${path}/${k}`,
        `a request needs a non-empty string "${k}"`,
      );
      ok = false;
    }
  }
  if (typeof v.principal === "string" && v.principal !== "" && !modelPrincipal) {
    // A principal the engine cannot identify (a typo such as `arn:aws:iam:111122223333:user/a`,
    // a group, a bare name) would be decided as an unknown caller, silently: an error instead.
    const problem = principalProblem(parsePrincipal(v.principal));
    if (problem) {
      r.error("request-invalid-principal", `${path}/principal`, problem, PRINCIPAL_EXAMPLES);
      ok = false;
    }
  }
  for (const k of ["id", "resourceAccount"]) {
    if (v[k] !== undefined && typeof v[k] !== "string") {
      r.error("request-invalid-field", `${path}/${k}`, `"${k}" must be a string`);
      ok = false;
    }
  }
  for (const [field, problem] of [
    ["action", typeof v.action === "string" ? requestActionProblem(v.action, checkAction) : undefined],
    ["resource", typeof v.resource === "string" && v.resource !== "" ? requestResourceProblem(v.resource) : undefined],
  ] as const) {
    if (!problem) continue;
    r.report(problem.severity, problem.code, `${path}/${field}`, problem.message, problem.hint);
    if (problem.severity === "error") ok = false;
  }
  // A Map until the request is built: a key is user data (`__proto__` assigned to an object is lost).
  const context = new Map<string, string | string[]>();
  if (v.context !== undefined) {
    if (!isObject(v.context)) {
      r.error(
        "request-invalid-context",
        `${path}/context`,
        "context must be an object of key → string or list of strings",
      );
      ok = false;
    } else {
      for (const [k, val] of Object.entries(v.context)) {
        const scalar = (x: unknown) => typeof x === "string" || typeof x === "number" || typeof x === "boolean";
        const problem = checkContextKey?.(k);
        if (problem) {
          r.report(
            problem.severity,
            problem.code,
            `${path}/context/${escapePointerSegment(k)}`,
            problem.message,
            problem.hint,
          );
          if (problem.severity === "error") ok = false;
        }
        if (scalar(val)) context.set(k, String(val));
        else if (Array.isArray(val) && val.every(scalar)) context.set(k, val.map(String));
        else {
          r.error(
            "request-invalid-context",
            `${path}/context/${escapePointerSegment(k)}`,
            `context key '${k}' must be a string or a list of strings`,
          );
          ok = false;
        }
      }
    }
  }
  if (!ok) return undefined;
  const req: AccessRequest = {
    principal: v.principal as string,
    action: v.action as string,
    resource: v.resource as string,
  };
  if (v.id !== undefined) req.id = v.id as string;
  if (v.resourceAccount !== undefined) req.resourceAccount = v.resourceAccount as string;
  if (v.context !== undefined) req.context = Object.fromEntries(context);
  return req;
}

/** Requests as JSON Lines (one object a line; blank lines skipped) or one JSON array. */
export function parseRequests(text: string, opts: RequestReadOptions = {}): RequestsParseResult {
  const requests: AccessRequest[] = [];
  const diagnostics: Diagnostic[] = [];
  if (text.trimStart().startsWith("[")) {
    const json = parseJsonWithPositions(text, opts.file);
    if (json.value === undefined) return { requests, diagnostics: json.diagnostics };
    const r = new Reporter(opts.file, json.sourceMap);
    (json.value as unknown[]).forEach((v, i) => {
      const req = readRequest(v, `/${i}`, r, opts);
      if (req) requests.push(req);
    });
    return { requests, diagnostics: [...json.diagnostics, ...r.diagnostics] };
  }
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const json = parseJsonWithPositions(line, opts.file);
    if (json.value === undefined) {
      for (const d of json.diagnostics) diagnostics.push({ ...d, line: (d.line ?? 1) + i });
      return;
    }
    const r = new Reporter(opts.file, json.sourceMap, i);
    const req = readRequest(json.value, "", r, opts);
    for (const item of r.diagnostics) diagnostics.push(item);
    if (req) requests.push(req);
  });
  return { requests, diagnostics };
}

/** Validates a request given as a value (API callers, tests). */
export function readRequestValue(v: unknown, opts: RequestReadOptions = {}): RequestsParseResult {
  const r = new Reporter(opts.file, new Map());
  const req = readRequest(v, "", r, opts);
  return { requests: req ? [req] : [], diagnostics: r.diagnostics };
}
