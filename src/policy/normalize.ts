import {
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticSeverity,
  DiagnosticsError,
} from "../diagnostics/index.js";
import { isArnLike, parseArn } from "./arn.js";
import { isServicePatternChar } from "./chars.js";
import { conditionValueProblem } from "./condition-values.js";
import { CONDITION_OPERATORS, parseConditionOperator } from "./conditions.js";
import { LazySourceMap } from "./json.js";
import { kindWithArticle, POLICY_KINDS } from "./kinds.js";
import { setOwn } from "./own.js";
import { joinPointer } from "./pointer.js";
import type {
  ConditionBlock,
  Effect,
  PolicyDocument,
  PolicyKind,
  Principal,
  PrincipalType,
  SourceMap,
  Statement,
} from "./types.js";

export interface NormalizeOptions {
  /** Reported in every diagnostic. */
  file?: string;
  /** Which rules apply (Principal required or forbidden, Resource required, ...). Default `identity`. */
  kind?: PolicyKind;
  /**
   * Positions of the source text (from `parseJsonWithPositions`), keyed by pointers that start
   * with `basePath`. Normalization adds the normalized paths to the parser's map, or to a `Map`
   * (see `SourceMap`).
   */
  sourceMap?: SourceMap;
  /** The pointer of this document inside a bigger file, e.g. `/policies/3/document`. Default `""`. */
  basePath?: string;
  /**
   * @internal Set by `parsePolicy` when the text has no character above U+00FF, written or
   * escaped, so the per-string character check can be skipped.
   */
  latin1?: boolean;
  /**
   * @internal The document as the engine reads it: a statement object already found valid for
   * this kind (by an earlier call, `markStatementValid`, or as `normalizePolicy`'s own output) is
   * kept as it is, neither copied nor checked again; and the rules that decide only whether IAM
   * stores the document, not how it is read (characters beyond Latin-1, a Sid's characters and
   * uniqueness), are not applied: a request is decided the same either way.
   */
  engine?: boolean;
}

export interface NormalizeResult {
  /** The normalized document; absent when any diagnostic is an error. */
  document?: PolicyDocument;
  diagnostics: Diagnostic[];
}

const TOP_LEVEL_KEYS = ["Version", "Id", "Statement"] as const;
const STATEMENT_KEYS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
] as const;
export const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "CanonicalUser", "Federated", "Service"];
/** AWS: IAM User Guide, "IAM JSON policy elements: Version". */
export const POLICY_VERSIONS: readonly string[] = ["2012-10-17", "2008-10-17"];

// What each kind allows (Principal, Resource, Sid characters, character set) is the one table of
// kinds.ts (`POLICY_KINDS`), with the AWS pages that say so.

/**
 * `s3:GetObject`, `s3:Get*`: a service prefix (letters, digits, `-`, wildcards), a colon, an action
 * name or pattern (letters, digits, `_`, `.`, `-`, wildcards). A hand-written scan: this runs for
 * every action of every policy.
 */
function isActionPattern(a: string): boolean {
  let i = 0;
  for (; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c === 58) break; // :
    if (!isServicePatternChar(c)) return false;
  }
  if (i === 0 || i === a.length) return false;
  for (i++; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (!isServicePatternChar(c) && c !== 95 && c !== 46) return false; // also `_` and `.`
  }
  return true;
}

class Context {
  readonly diagnostics: Diagnostic[] = [];
  errors = 0;
  /** `engine`: statements already found valid are kept as they are; storage-only rules are not applied. */
  engine = false;
  constructor(
    readonly file: string | undefined,
    readonly kind: PolicyKind,
    readonly sourceMap: SourceMap | undefined,
    readonly base: string,
  ) {}

  /** `at: "key"` points at the member's key (`"Effect":`), `"value"` at its value. */
  report(
    severity: DiagnosticSeverity,
    code: DiagnosticCode,
    path: string,
    message: string,
    opts: { hint?: string; at?: "key" | "value" } = {},
  ): void {
    const full = this.base + path;
    const d: Diagnostic = { code, severity, message, path: full };
    if (this.file !== undefined) d.file = this.file;
    const pos = this.position(full);
    if (pos) {
      const useKey = opts.at === "key" && pos.keyLine !== undefined;
      d.line = useKey ? pos.keyLine : pos.line;
      d.column = useKey ? pos.keyColumn : pos.column;
    }
    if (opts.hint) d.hint = opts.hint;
    if (severity === "error") this.errors++;
    this.diagnostics.push(d);
  }

  error(code: DiagnosticCode, path: string, message: string, opts?: { hint?: string; at?: "key" | "value" }): void {
    this.report("error", code, path, message, opts);
  }

  warn(code: DiagnosticCode, path: string, message: string, opts?: { hint?: string; at?: "key" | "value" }): void {
    this.report("warning", code, path, message, opts);
  }

  private position(pointer: string) {
    const sm = this.sourceMap;
    if (!sm) return undefined;
    let p = pointer;
    for (;;) {
      const pos = sm.get(p);
      if (pos) return pos;
      if (p === "" || p === this.base) return undefined;
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }

  /** Record the normalized path `norm` at the source position of `src` (both relative to base). */
  alias(norm: string, src: string): void {
    const sm = this.sourceMap;
    if (norm === src || !sm) return;
    if (sm instanceof LazySourceMap) {
      sm.alias(this.base + norm, this.base + src);
      return;
    }
    if (!(sm instanceof Map)) return; // a read-only map of the caller's: positions of written paths only
    const pos = sm.get(this.base + src);
    if (pos && !sm.has(this.base + norm)) sm.set(this.base + norm, pos);
  }

  /** Aliases are only needed where the written path differs from the normalized one. */
  get aliasing(): boolean {
    return this.sourceMap !== undefined;
  }
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return "a string";
  if (typeof v === "number") return "a number";
  if (typeof v === "boolean") return "a boolean";
  return typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function caseHint(key: string, known: readonly string[]): string | undefined {
  const match = known.find((k) => k.toLowerCase() === key.toLowerCase());
  return match ? `element names are case-sensitive: did you mean "${match}"?` : undefined;
}

/**
 * Validate and normalize an already-parsed policy document (from `parsePolicy`, or embedded in a
 * bigger JSON/YAML file, or a Pulumi input). Never throws. Lists become arrays, a lone statement
 * becomes a one-element array, condition values become strings as IAM compares them
 * (`true` → `"true"`, `5` → `"5"`). Every problem is reported; the document is returned only when
 * none is an error.
 */
export function normalizePolicy(value: unknown, opts: NormalizeOptions = {}): NormalizeResult {
  const ctx = new Context(opts.file, opts.kind ?? "identity", opts.sourceMap, opts.basePath ?? "");
  if (opts.engine) ctx.engine = true;
  const document = normalizeDocument(ctx, value);
  if (!opts.latin1 && !ctx.engine && POLICY_KINDS[ctx.kind].latin1) checkCharacters(ctx, value);
  if (ctx.errors > 0 || !document) return { diagnostics: ctx.diagnostics };
  for (const st of document.Statement) markStatementValid(st, ctx.kind);
  return { document, diagnostics: ctx.diagnostics };
}

/** The kinds each statement object was found valid for, one bit per kind. */
const validKinds = new WeakMap<object, number>();
const KIND_BITS: Record<PolicyKind, number> = {
  identity: 1,
  boundary: 2,
  session: 4,
  scp: 8,
  rcp: 16,
  trust: 32,
  resource: 64,
};
/**
 * The kinds whose verdict implies this kind's: a statement valid in an identity policy or a
 * boundary (no principal, a resource, a strict Sid, Latin-1 only) is valid in a session policy and
 * an SCP, whose rules are those less the Sid and character limits.
 */
const IMPLIED_BY: Record<PolicyKind, number> = {
  identity: 1 | 2,
  boundary: 1 | 2,
  session: 1 | 2 | 4,
  scp: 1 | 2 | 8,
  rcp: 16,
  trust: 32,
  resource: 64,
};

/**
 * Records that a statement object (in normalized form) is valid in a policy of `kind`: the
 * engine then takes it as it is (`engine`). Statements are not changed once built; a caller
 * that changes one after it was found valid gets it read as it was.
 */
export function markStatementValid(st: object, kind: PolicyKind): void {
  validKinds.set(st, (validKinds.get(st) ?? 0) | KIND_BITS[kind]);
}

/** Was the statement object found valid for `kind` (or a kind whose rules imply it)? */
export function statementValid(st: unknown, kind: PolicyKind): boolean {
  return typeof st === "object" && st !== null && ((validKinds.get(st) ?? 0) & IMPLIED_BY[kind]) !== 0;
}

const STATEMENT_KEY_SET: ReadonlySet<string> = new Set(STATEMENT_KEYS);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
const isStringMap = (v: unknown, each: (x: unknown) => boolean) =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(each);

/**
 * Whether a statement has the normalized form's shape (`Statement` types: every list an array of
 * strings, `Effect` Allow or Deny, no other key), whatever IAM makes of its values: what the
 * functions that format or pack statements read. Raw AWS JSON (`"Action": "s3:GetObject"`, a
 * scalar condition value) and misspelled keys (`"Conditoin"`) have not.
 */
export function hasNormalizedShape(st: unknown): boolean {
  if (typeof st !== "object" || st === null || Array.isArray(st)) return false;
  // Statements are not changed once built (see `markStatementValid`): each is looked at once.
  if (shaped.has(st)) return true;
  if (!shapeOf(st as Record<string, unknown>)) return false;
  shaped.add(st);
  return true;
}

/** Statement objects found to have the normalized shape. */
const shaped = new WeakSet<object>();

function shapeOf(s: Record<string, unknown>): boolean {
  for (const k in s) if (!STATEMENT_KEY_SET.has(k)) return false;
  if (s.Effect !== "Allow" && s.Effect !== "Deny") return false;
  if (s.Sid !== undefined && typeof s.Sid !== "string") return false;
  for (const k of ["Action", "NotAction", "Resource", "NotResource"])
    if (s[k] !== undefined && !isStrings(s[k])) return false;
  for (const k of ["Principal", "NotPrincipal"])
    if (s[k] !== undefined && s[k] !== "*" && !isStringMap(s[k], isStrings)) return false;
  return s.Condition === undefined || isStringMap(s.Condition, (keys) => isStringMap(keys, isStrings));
}

/**
 * A policy document for the library's functions that take one (`canonicalJson`, `policySize`,
 * `checkDocument`, `packStatements`): as it is when every statement has the normalized shape,
 * else read as IAM reads raw JSON (`normalizePolicy`, for `kind`; by default the kind its shape
 * says: a Principal without a Resource is a trust policy, with one a resource policy, none an
 * identity policy). A document IAM would reject is a `DiagnosticsError` naming every problem,
 * never a TypeError or a document read wrong (a string iterated as its characters).
 */
export function libraryDocument(value: unknown, kind?: PolicyKind): PolicyDocument {
  if (hasNormalizedEnvelope(value) && value.Statement.every(hasNormalizedShape)) return value as PolicyDocument;
  const normalized = normalizePolicy(value, { kind: kind ?? shapeKind(value) });
  if (!normalized.document) throw new DiagnosticsError(normalized.diagnostics);
  return normalized.document;
}

/**
 * A document's own elements as the parser accepts them: `Version` (one IAM knows) and `Id` (a
 * string) when present, a `Statement` list, nothing else. Its statements are not looked at.
 */
export function hasNormalizedEnvelope(value: unknown): value is { Statement: unknown[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const d = value as Record<string, unknown>;
  if (!Array.isArray(d.Statement)) return false;
  for (const k in d) if (k !== "Version" && k !== "Id" && k !== "Statement") return false;
  if (d.Version !== undefined && !POLICY_VERSIONS.includes(d.Version as string)) return false;
  return d.Id === undefined || typeof d.Id === "string";
}

/** The kind a raw document's statements say it is (see `libraryDocument`). */
function shapeKind(value: unknown): PolicyKind {
  const raw = typeof value === "object" && value !== null ? (value as { Statement?: unknown }).Statement : undefined;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((st) => typeof st === "object" && st !== null);
  const has = (k: string) => statements.some((st) => k in st);
  if (!has("Principal") && !has("NotPrincipal")) return "identity";
  return has("Resource") || has("NotResource") ? "resource" : "trust";
}

/** A character IAM does not accept in a policy (tab, line feed and carriage return are escaped in JSON). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * Report every key and string of the document with a character above U+00FF: canonical JSON
 * writes them as they are, and IAM rejects the document (MalformedPolicyDocument). Iterative, so
 * no nesting depth can overflow the stack.
 */
function checkCharacters(ctx: Context, root: unknown): void {
  const stack: Array<[unknown, string]> = [[root, ""]];
  const report = (text: string, path: string, at: "key" | "value") => {
    const i = text.search(BEYOND_LATIN1);
    const code = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(code);
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    ctx.error(
      "policy-invalid-character",
      path,
      `${at === "key" ? "the key" : "the value"} ${JSON.stringify(text)} contains ${JSON.stringify(ch)} (U+${hex}): ${kindWithArticle(ctx.kind)} may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF`,
      {
        at,
        hint: "IAM rejects the whole document; replace the character (a typographic quote or dash, perhaps) with its ASCII form",
      },
    );
  };
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (BEYOND_LATIN1.test(value)) report(value, path, "value");
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`]);
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = joinPointer(path, keys[i]);
        if (BEYOND_LATIN1.test(keys[i])) report(keys[i], child, "key");
        stack.push([value[keys[i]], child]);
      }
    }
  }
}

function normalizeDocument(ctx: Context, value: unknown): PolicyDocument | undefined {
  if (!isObject(value)) {
    ctx.error("policy-not-an-object", "", `a policy document must be a JSON object, not ${typeName(value)}`);
    return undefined;
  }
  const doc: { Version?: string; Id?: string } = {};
  const statements: Statement[] = [];
  for (const key of Object.keys(value)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      ctx.error("policy-unknown-key", joinPointer("", key), `unknown policy element ${JSON.stringify(key)}`, {
        hint: caseHint(key, TOP_LEVEL_KEYS) ?? `a policy document has only ${TOP_LEVEL_KEYS.join(", ")}`,
        at: "key",
      });
    }
  }
  // A missing Version, empty lists and empty condition blocks parse: the rules report them
  // (`missing-version`, `empty-array`), the parser only what blocks parsing.
  if (value.Version === undefined) {
    // Without a Version IAM applies 2008-10-17: nothing to store.
  } else if (typeof value.Version !== "string" || !POLICY_VERSIONS.includes(value.Version)) {
    ctx.error(
      "policy-invalid-version",
      "/Version",
      `"Version" must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(value.Version)}`,
      { hint: 'use "2012-10-17"' },
    );
  } else doc.Version = value.Version;
  if (value.Id !== undefined) {
    if (typeof value.Id !== "string") {
      ctx.error("policy-invalid-type", "/Id", `"Id" must be a string, not ${typeName(value.Id)}`);
    } else doc.Id = value.Id;
  }
  const raw = value.Statement;
  if (raw === undefined) {
    ctx.error("policy-missing-statement", "", 'the policy has no "Statement"');
    return undefined;
  }
  const sids = new Map<string, string>();
  if (Array.isArray(raw)) {
    raw.forEach((s, i) => {
      if (ctx.engine && statementValid(s, ctx.kind)) {
        statements.push(s as Statement);
        return;
      }
      const st = normalizeStatement(ctx, s, `/Statement/${i}`, `/Statement/${i}`, sids);
      if (st) statements.push(st);
    });
  } else if (isObject(raw)) {
    ctx.alias("/Statement/0", "/Statement");
    const st = normalizeStatement(ctx, raw, "/Statement", "/Statement/0", sids);
    if (st) statements.push(st);
  } else {
    ctx.error(
      "policy-invalid-type",
      "/Statement",
      `"Statement" must be an object or a list of objects, not ${typeName(raw)}`,
    );
  }
  return { ...doc, Statement: statements };
}

/**
 * One statement, element by element in canonical key order (Sid, Effect, Principal, NotPrincipal,
 * Action, NotAction, Resource, NotResource, Condition): each element's reader reports its problems
 * and sets its normalized value on `st`, so the statement is built in that order too.
 */
function normalizeStatement(
  ctx: Context,
  raw: unknown,
  src: string,
  norm: string,
  sids: Map<string, string>,
): Statement | undefined {
  if (!isObject(raw)) {
    ctx.error("policy-invalid-type", src, `a statement must be an object, not ${typeName(raw)}`);
    return undefined;
  }
  checkStatementKeys(ctx, raw, src, norm);
  const st: Partial<Statement> = {};
  statementSid(ctx, raw, src, sids, st);
  statementEffect(ctx, raw, src, st);
  statementPrincipals(ctx, raw, src, norm, st);
  statementActions(ctx, raw, src, norm, st);
  statementResources(ctx, raw, src, norm, st);
  if (raw.Condition !== undefined) {
    const c = condition(ctx, raw.Condition, `${src}/Condition`, `${norm}/Condition`);
    if (c) st.Condition = c;
  }
  if (st.Effect === undefined) return undefined;
  return st as Statement;
}

/** Unknown statement elements; the known ones' normalized paths when the statement was not in a list. */
function checkStatementKeys(ctx: Context, raw: Record<string, unknown>, src: string, norm: string): void {
  for (const key of Object.keys(raw)) {
    if (!(STATEMENT_KEYS as readonly string[]).includes(key)) {
      ctx.error("policy-unknown-key", joinPointer(src, key), `unknown statement element ${JSON.stringify(key)}`, {
        hint: caseHint(key, STATEMENT_KEYS) ?? `a statement may have ${STATEMENT_KEYS.join(", ")}`,
        at: "key",
      });
    } else if (src !== norm && ctx.aliasing) ctx.alias(joinPointer(norm, key), joinPointer(src, key));
  }
}

/** `Sid`: a string, A-Z a-z 0-9 where IAM stores the policy, unique within the policy (`sids`). */
function statementSid(
  ctx: Context,
  raw: Record<string, unknown>,
  src: string,
  sids: Map<string, string>,
  st: Partial<Statement>,
): void {
  if (raw.Sid === undefined) return;
  if (typeof raw.Sid !== "string") {
    ctx.error("policy-invalid-type", `${src}/Sid`, `"Sid" must be a string, not ${typeName(raw.Sid)}`);
    return;
  }
  st.Sid = raw.Sid;
  if (ctx.engine) return;
  if (!/^[A-Za-z0-9]*$/.test(raw.Sid)) {
    // AWS: IAM User Guide, "IAM JSON policy elements: Sid" (IAM allows only A-Z, a-z, 0-9).
    ctx.report(
      POLICY_KINDS[ctx.kind].strictSid ? "error" : "warning",
      "policy-invalid-sid",
      `${src}/Sid`,
      `the Sid ${JSON.stringify(raw.Sid)} has characters other than A-Z, a-z and 0-9, which IAM rejects`,
    );
  }
  const earlier = sids.get(raw.Sid);
  if (earlier !== undefined && raw.Sid !== "") {
    ctx.error("policy-duplicate-sid", `${src}/Sid`, `the Sid ${JSON.stringify(raw.Sid)} is also used at ${earlier}`, {
      hint: "Sids must be unique within a policy",
    });
  } else sids.set(raw.Sid, ctx.base + src);
}

/** `Effect` (AWS: IAM User Guide, "IAM JSON policy elements: Effect": the value is case sensitive). */
function statementEffect(ctx: Context, raw: Record<string, unknown>, src: string, st: Partial<Statement>): void {
  if (raw.Effect === undefined) {
    ctx.error("policy-missing-effect", src, 'the statement has no "Effect"', {
      hint: 'add "Effect": "Allow" or "Deny"',
    });
  } else if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
    const lower = typeof raw.Effect === "string" ? raw.Effect.toLowerCase() : "";
    ctx.error(
      "policy-invalid-effect",
      `${src}/Effect`,
      `"Effect" must be "Allow" or "Deny", not ${JSON.stringify(raw.Effect)}`,
      {
        hint:
          lower === "allow" || lower === "deny"
            ? `the value is case-sensitive: write "${lower === "allow" ? "Allow" : "Deny"}"`
            : undefined,
      },
    );
  } else st.Effect = raw.Effect as Effect;
}

/** `Principal` / `NotPrincipal`: required, forbidden or restricted by the policy's kind. */
function statementPrincipals(
  ctx: Context,
  raw: Record<string, unknown>,
  src: string,
  norm: string,
  st: Partial<Statement>,
): void {
  const kind = ctx.kind;
  const rules = POLICY_KINDS[kind];
  const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) {
    ctx.error(
      "policy-principal-and-notprincipal",
      `${src}/NotPrincipal`,
      'a statement cannot have both "Principal" and "NotPrincipal"',
      { at: "key" },
    );
  } else if (rules.principal === "forbidden" && hasPrincipal) {
    ctx.error(
      "policy-principal-not-allowed",
      `${src}/${raw.Principal !== undefined ? "Principal" : "NotPrincipal"}`,
      `${kindWithArticle(kind)} cannot name a principal: it applies to the identity it is attached to`,
      { at: "key" },
    );
  } else if (rules.principal !== "forbidden" && !hasPrincipal) {
    ctx.error("policy-missing-principal", src, `a statement in ${kindWithArticle(kind)} must have a "Principal"`);
  }
  if (rules.principal === "star") {
    // AWS: AWS Organizations User Guide, "RCP syntax" (Principal must be "*"; no NotPrincipal).
    if (raw.NotPrincipal !== undefined) {
      ctx.error("policy-principal-not-allowed", `${src}/NotPrincipal`, 'an RCP cannot use "NotPrincipal"', {
        at: "key",
      });
    } else if (raw.Principal !== undefined && raw.Principal !== "*") {
      ctx.error("policy-invalid-principal", `${src}/Principal`, 'the Principal of an RCP statement must be "*"');
    }
  }
  for (const el of ["Principal", "NotPrincipal"] as const) {
    if (raw[el] === undefined) continue;
    const p = principal(ctx, raw[el], `${src}/${el}`, `${norm}/${el}`);
    if (p) st[el] = p;
  }
}

/** `Action` / `NotAction`: exactly one, each entry `service:Action`, a pattern of one, or `*`. */
function statementActions(
  ctx: Context,
  raw: Record<string, unknown>,
  src: string,
  norm: string,
  st: Partial<Statement>,
): void {
  if (raw.Action !== undefined && raw.NotAction !== undefined) {
    ctx.error(
      "policy-action-and-notaction",
      `${src}/NotAction`,
      'a statement cannot have both "Action" and "NotAction"',
      {
        at: "key",
      },
    );
  } else if (raw.Action === undefined && raw.NotAction === undefined) {
    ctx.error("policy-missing-action", src, 'the statement has no "Action" or "NotAction"');
  }
  for (const el of ["Action", "NotAction"] as const) {
    if (raw[el] === undefined) continue;
    const list = stringList(ctx, raw[el], src, norm, el);
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (a !== "*" && !isActionPattern(a)) {
        ctx.error(
          "policy-invalid-action",
          Array.isArray(raw[el]) ? `${src}/${el}/${i}` : `${src}/${el}`,
          `${JSON.stringify(a)} is not an action: write "service:Action" (for example "s3:GetObject"), a pattern such as "s3:Get*", or "*"`,
        );
      }
    }
    st[el] = list;
  }
}

/** `Resource` / `NotResource`: none in a role trust policy, exactly one elsewhere; `*` or ARNs. */
function statementResources(
  ctx: Context,
  raw: Record<string, unknown>,
  src: string,
  norm: string,
  st: Partial<Statement>,
): void {
  const kind = ctx.kind;
  const hasResource = raw.Resource !== undefined || raw.NotResource !== undefined;
  if (raw.Resource !== undefined && raw.NotResource !== undefined) {
    ctx.error(
      "policy-resource-and-notresource",
      `${src}/NotResource`,
      'a statement cannot have both "Resource" and "NotResource"',
      { at: "key" },
    );
  } else if (POLICY_KINDS[kind].resource === "forbidden" && hasResource) {
    // AWS: IAM User Guide, "IAM JSON policy elements: Principal" (role trust policies name no resource).
    ctx.error(
      "policy-resource-not-allowed",
      `${src}/${raw.Resource !== undefined ? "Resource" : "NotResource"}`,
      "a role trust policy cannot have a Resource: the resource is the role itself",
      { at: "key" },
    );
  } else if (POLICY_KINDS[kind].resource === "required" && !hasResource) {
    ctx.error("policy-missing-resource", src, 'the statement has no "Resource" or "NotResource"', {
      hint: 'add "Resource": "*" or the ARNs it applies to',
    });
  }
  for (const el of ["Resource", "NotResource"] as const) {
    if (raw[el] === undefined) continue;
    const list = stringList(ctx, raw[el], src, norm, el);
    if (!list) continue;
    for (let i = 0; i < list.length; i++)
      checkResource(ctx, list[i], Array.isArray(raw[el]) ? `${src}/${el}/${i}` : `${src}/${el}`);
    st[el] = list;
  }
}

/** One Resource entry: `*`, an ARN, or (a warning) an ARN whose resource part is empty. */
function checkResource(ctx: Context, r: string, path: string): void {
  if (r === "*" || isArnLike(r)) return;
  const parsed = parseArn(r);
  if (!parsed.ok && /^arn:[^:]+:[^:]+:[^:]*:[^:]*:$/.test(r)) {
    // IAM accepts an ARN whose resource part is empty (AWS managed policies contain
    // `arn:aws:organizations::*:`), but it names no resource, so it can never match one.
    ctx.warn("policy-empty-resource-part", path, parsed.message, {
      hint: "name the resource after the last colon, or use a wildcard",
    });
  } else if (!parsed.ok) {
    ctx.error("policy-invalid-resource", path, parsed.message, {
      hint: 'a Resource is "*" or an ARN (wildcards * and ? are allowed)',
    });
  }
}

/** A string or a list of strings → a list; anything else is reported. */
function stringList(ctx: Context, v: unknown, src: string, norm: string, el: string): string[] | undefined {
  if (typeof v === "string") {
    if (ctx.aliasing) ctx.alias(`${norm}/${el}/0`, `${src}/${el}`);
    if (v === "") ctx.error("policy-empty-value", `${src}/${el}`, `"${el}" is an empty string`);
    return [v];
  }
  if (!Array.isArray(v)) {
    ctx.error(
      "policy-invalid-type",
      `${src}/${el}`,
      `"${el}" must be a string or a list of strings, not ${typeName(v)}`,
    );
    return undefined;
  }
  let ok = true;
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== "string") {
      ctx.error(
        "policy-invalid-type",
        `${src}/${el}/${i}`,
        `each "${el}" entry must be a string, not ${typeName(item)}`,
      );
      ok = false;
    } else if (item === "") ctx.error("policy-empty-value", `${src}/${el}/${i}`, `"${el}" has an empty string`);
    if (src !== norm && ctx.aliasing) ctx.alias(`${norm}/${el}/${i}`, `${src}/${el}/${i}`);
  }
  return ok ? (v as string[]).slice() : undefined;
}

function principal(ctx: Context, v: unknown, src: string, norm: string): Principal | undefined {
  if (v === "*") return "*";
  if (typeof v === "string") {
    ctx.error(
      "policy-invalid-principal",
      src,
      `a Principal must be "*" or an object, not the string ${JSON.stringify(v)}`,
      {
        hint: v.startsWith("arn:")
          ? `write { "AWS": ${JSON.stringify(v)} }`
          : v.endsWith(".amazonaws.com")
            ? `write { "Service": ${JSON.stringify(v)} }`
            : 'write "*" or { "AWS": [...] }, { "Service": [...] }, { "Federated": [...] }, { "CanonicalUser": [...] }',
      },
    );
    return undefined;
  }
  if (!isObject(v)) {
    ctx.error("policy-invalid-principal", src, `a Principal must be "*" or an object, not ${typeName(v)}`);
    return undefined;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) {
    ctx.error("policy-invalid-principal", src, "the Principal names no principal");
    return undefined;
  }
  const out: Partial<Record<PrincipalType, string[]>> = {};
  let ok = true;
  for (const key of keys) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) {
      ctx.error("policy-invalid-principal", joinPointer(src, key), `unknown principal type ${JSON.stringify(key)}`, {
        hint: caseHint(key, PRINCIPAL_TYPES) ?? `the principal types are ${PRINCIPAL_TYPES.join(", ")}`,
        at: "key",
      });
      ok = false;
      continue;
    }
    if (src !== norm && ctx.aliasing) ctx.alias(joinPointer(norm, key), joinPointer(src, key));
    const list = stringList(ctx, v[key], src, norm, key);
    if (list) {
      out[key as PrincipalType] = list;
      if (!principalWildcards(ctx, list, v[key], joinPointer(src, key))) ok = false;
    } else ok = false;
  }
  if (!ok) return undefined;
  const ordered: Partial<Record<PrincipalType, string[]>> = {};
  for (const t of PRINCIPAL_TYPES) if (out[t]) ordered[t] = out[t];
  return ordered;
}

/**
 * A principal is `*` or named in full: IAM rejects a wildcard inside a principal's name or ARN
 * (`arn:aws:iam::111122223333:role/ml-*`, `arn:aws:iam::*:root`) with "Invalid principal in
 * policy", and the engine, which names principals exactly, would let such a statement match
 * no one (a Deny that never applies). AWS: IAM User Guide, "AWS JSON policy elements: Principal"
 * (you cannot use a wildcard to match part of a principal name or ARN; use the `aws:PrincipalArn`
 * condition key instead). True when no value has one.
 */
function principalWildcards(ctx: Context, list: string[], raw: unknown, path: string): boolean {
  let ok = true;
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (value === "*" || !/[*?]/.test(value)) continue;
    ctx.error(
      "policy-invalid-principal",
      Array.isArray(raw) ? `${path}/${i}` : path,
      `${JSON.stringify(value)} has a wildcard: a principal is "*" or named in full, and IAM rejects a wildcard inside a principal's name or ARN`,
      {
        hint: 'name the principals (or their account), or use "*" with a condition on aws:PrincipalArn (StringLike / ArnLike)',
      },
    );
    ok = false;
  }
  return ok;
}

function condition(ctx: Context, v: unknown, src: string, norm: string): ConditionBlock | undefined {
  if (!isObject(v)) {
    ctx.error(
      "policy-invalid-type",
      src,
      `"Condition" must be an object (operator → key → values), not ${typeName(v)}`,
    );
    return undefined;
  }
  const out: ConditionBlock = {};
  let ok = true;
  for (const op of Object.keys(v)) {
    // Paths are written only when needed (a diagnostic, or a source map to keep): most documents
    // have neither, and a pointer per operator and key was a tenth of reading a compiled policy.
    let opPath: string | undefined;
    const opSrc = () => (opPath ??= joinPointer(src, op));
    if (ctx.aliasing) ctx.alias(src === norm ? opSrc() : joinPointer(norm, op), opSrc());
    const parsed = parseConditionOperator(op);
    if (!parsed.ok) {
      ctx.error("policy-unknown-condition-operator", opSrc(), parsed.message, {
        hint: parsed.hint ?? `known operators: ${CONDITION_OPERATORS.join(", ")}`,
        at: "key",
      });
      ok = false;
    }
    const block = v[op];
    if (!isObject(block)) {
      ctx.error(
        "policy-invalid-type",
        opSrc(),
        `the condition operator ${JSON.stringify(op)} must map condition keys to values, not ${typeName(block)}`,
      );
      ok = false;
      continue;
    }
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(block)) {
      let keyPath: string | undefined;
      const keySrc = () => (keyPath ??= joinPointer(opSrc(), key));
      const keyNorm = () => (src === norm ? keySrc() : joinPointer(norm, op, key));
      if (ctx.aliasing) ctx.alias(keyNorm(), keySrc());
      if (!key.includes(":")) {
        ctx.warn("policy-invalid-condition-key", keySrc(), `${JSON.stringify(key)} is not a condition key`, {
          hint: 'condition keys look like "service:Name", e.g. "aws:SourceIp"',
          at: "key",
        });
      }
      const values = conditionValues(ctx, block[key], keySrc, keyNorm);
      if (values) setOwn(keys, key, values);
      else ok = false;
      // A value the operator cannot read (`2024-02-30`, `10.0.0.0/8 `, `1e400`) is an error: the
      // engine reads values with the same functions (condition-values.ts), so none is guessed at.
      if (values && parsed.ok) {
        values.forEach((value, i) => {
          const problem = conditionValueProblem(parsed.operator, value);
          if (problem === undefined) return;
          ctx.error(
            "policy-invalid-condition-value",
            Array.isArray(block[key]) ? `${keySrc()}/${i}` : keySrc(),
            problem,
          );
          ok = false;
        });
      }
    }
    setOwn(out, op, keys);
  }
  return ok ? out : undefined;
}

/** IAM compares condition values as strings: `true` → `"true"`, `5` → `"5"`. */
function conditionValue(ctx: Context, x: unknown, path: () => string): string | undefined {
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  ctx.error(
    "policy-invalid-condition-value",
    path(),
    `a condition value must be a string, number or boolean, not ${typeName(x)}`,
  );
  return undefined;
}

/** `src` and `norm`: the key's paths as written and normalized, computed when needed. */
function conditionValues(ctx: Context, v: unknown, src: () => string, norm: () => string): string[] | undefined {
  if (!Array.isArray(v)) {
    if (ctx.aliasing) ctx.alias(`${norm()}/0`, src());
    const s = conditionValue(ctx, v, src);
    return s === undefined ? undefined : [s];
  }
  const out: string[] = [];
  let ok = true;
  const aliasing = ctx.aliasing && src() !== norm();
  for (let i = 0; i < v.length; i++) {
    if (aliasing) ctx.alias(`${norm()}/${i}`, `${src()}/${i}`);
    const x: unknown = v[i];
    const s = typeof x === "string" ? x : conditionValue(ctx, x, () => `${src()}/${i}`);
    if (s === undefined) ok = false;
    else out.push(s);
  }
  return ok ? out : undefined;
}

export { CONDITION_OPERATORS };
