/**
 * Compiling a policy set: every statement becomes a record of precompiled matchers (lower-cased
 * action patterns, ARN-aware resource patterns, principal matchers, one condition closure), tagged
 * with the layer and policy it came from. Problems a policy author must fix (an unknown condition
 * operator, an unreadable condition value, a statement without an action) are diagnostics.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import {
  hasNormalizedEnvelope,
  hasNormalizedShape,
  markStatementValid,
  normalizePolicy,
  statementValid,
} from "../policy/normalize.js";
import type { PolicySet } from "../policy/policy-set.js";
import { inferPolicyKind } from "../policy/trust.js";
import type { NamedPolicy, PolicyDocument, PolicyKind, Statement } from "../policy/types.js";
import { type VariableSource, variablesResolve, wildcard } from "../policy/wildcard.js";
import { type Affixes, affixes } from "../util/affix-index.js";
import { type CompiledCondition, compileConditionBlock } from "./conditions/compile.js";
import { compilePrincipal, type PrincipalMatchers } from "./principal.js";
import type { Layer, MatchedStatement } from "./types.js";

/** A statement ready to match: what an explanation reports of it, plus its compiled matchers. */
export interface CompiledStatement extends MatchedStatement {
  /** Tests a lower-cased action (used once per distinct action, then cached). */
  action: (lowerAction: string) => boolean;
  /**
   * Every action `action` accepts starts with the prefix and ends with the suffix of one of these
   * (`affixes` of each `Action` pattern: lower-cased literal text before its first and after its
   * last wildcard); undefined when it may accept any action (NotAction, `*`, `?3:*`). Lets an
   * evaluator test only the statements that can name an action.
   */
  actionAffixes?: Affixes[];
  /**
   * For a NotAction statement: the same of its `NotAction` patterns. Only an action that one of
   * them fits can be excluded, so every other action matches it untested; undefined for an Action
   * statement, or when a pattern may exclude any action (`*`, `*Get*`).
   */
  notActionAffixes?: Affixes[];
  /** An `Action` with a `*` entry: `action` accepts every action (an evaluator need not ask it). */
  everyAction?: boolean;
  /**
   * Every resource `resources` matches starts with one of these (the text of each `Resource` entry
   * before its first `*`, `?` or `$`: ARNs compare case-sensitively, and a variable may stand for
   * anything); undefined when it may match any resource (`NotResource`, no `Resource`, an entry
   * without literal text). Lets an evaluator test only the statements that can name a resource.
   */
  resourcePrefixes?: string[];
  /** Resource matchers; undefined when the statement names no resource (trust policies): any resource. */
  resources?: StringMatcher[];
  notResource: boolean;
  principal?: PrincipalMatchers;
  notPrincipal?: PrincipalMatchers;
  condition?: CompiledCondition;
  /**
   * What decides which actions the statement's `action` accepts and how a plan files it: `Action`
   * or `NotAction` and its patterns, the layer and the effect, as one number (equal numbers, equal
   * behaviour; see `CompiledPolicySet.actionsKey`).
   */
  actionsId: number;
}

export interface CompiledPolicySet {
  /**
   * The statements' `actionsId`s in order: two sets with the same key match every action with the
   * same statements (by index), whatever their resources and conditions (a persona's policies in
   * each of 150 teams), so evaluators share what they learn of actions (`evaluate.ts`).
   */
  actionsKey: string;
  statements: CompiledStatement[];
  boundaries: string[];
  scpLevels: number;
  rcpLevels: number;
  hasResourcePolicy: boolean;
  hasSessionPolicy: boolean;
}

/** Tests a string for the request being decided. */
export type StringMatcher = (s: string, vars: VariableSource) => boolean;

/**
 * Action patterns: case-insensitive, `*` and `?` anywhere. AWS: "IAM JSON policy elements: Action".
 * The caller lower-cases the action, so patterns are lower-cased once here and matched as written.
 */
export function compileActions(patterns: string[]): (lowerAction: string) => boolean {
  const exact = new Set<string>();
  const wildcards: Array<(s: string) => boolean> = [];
  let all = false;
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower === "*") all = true;
    else if (!lower.includes("*") && !lower.includes("?")) exact.add(lower);
    else {
      // The literal text after the last wildcard ends every action the pattern matches: a
      // cheaper test first (10,000 NotAction statements of "iam:*<n>" asked about every IAM action).
      const test = wildcard(lower).test;
      const tail = lower.slice(Math.max(lower.lastIndexOf("*"), lower.lastIndexOf("?")) + 1);
      wildcards.push(tail === "" ? test : (a) => a.endsWith(tail) && test(a));
    }
  }
  if (all) return () => true;
  return (a) => {
    if (exact.has(a)) return true;
    for (let i = 0; i < wildcards.length; i++) if (wildcards[i](a)) return true;
    return false;
  };
}

/** The `affixes` of each pattern; undefined when one has neither (it may match anything). */
function actionAffixes(patterns: string[]): Affixes[] | undefined {
  const out: Affixes[] = [];
  for (const p of patterns) {
    const a = affixes(p);
    if (a.prefix === "" && a.suffix === "") return undefined;
    out.push(a);
  }
  return out;
}

/** The literal text before the first wildcard or variable of each resource pattern; undefined when one is "". */
function resourcePrefixes(patterns: string[]): string[] | undefined {
  const out: string[] = [];
  for (const p of patterns) {
    let end = 0;
    while (end < p.length) {
      const c = p.charCodeAt(end);
      if (c === 42 /* * */ || c === 63 /* ? */ || c === 36 /* $ */) break;
      end++;
    }
    if (end === 0) return undefined;
    out.push(p.slice(0, end));
  }
  return out;
}

/**
 * One `Resource` or `NotResource` entry. An entry whose variable (without a default) has no value
 * matches nothing; AWS: "IAM policy elements: Variables and tags" (an unresolvable variable can
 * make the statement invalid). In `NotResource` that must not turn into "the resource is not
 * listed, so the statement applies": there the entry counts as listing every resource, so the
 * statement does not apply.
 */
function compileResource(text: string, variables: boolean, notResource: boolean): StringMatcher {
  // Compiled on first use: a policy set is often asked about a few of its statements only, and
  // compiling never fails (so nothing is lost by deferring it).
  let matcher: StringMatcher | undefined;
  const build = (): StringMatcher => {
    // From the wildcard module's bounded cache: policies repeat their resources (`*`, a bucket).
    const pattern = wildcard(text, { arn: true, variables });
    const match = pattern.test as StringMatcher;
    const required = notResource ? pattern.requiredVariables() : [];
    if (required.length === 0) return match;
    return (s, vars) => !variablesResolve(required, vars) || match(s, vars);
  };
  return (s, vars) => {
    if (!matcher) matcher = build();
    return matcher(s, vars);
  };
}

/** Policy variables are substituted only in documents of version 2012-10-17. AWS: "IAM JSON policy elements: Version". */
function variablesEnabled(version: string | undefined): boolean {
  return version === "2012-10-17";
}

export function compileStatement(
  st: Statement,
  where: { layer: Layer; level?: number; policy: string; statementIndex: number; variables: boolean; path: string },
  diagnostics: Diagnostic[],
): CompiledStatement | undefined {
  const errorsBefore = diagnostics.length;
  const actions = st.Action ?? st.NotAction;
  if (!actions) {
    diagnostics.push({
      code: "engine-statement-no-action",
      severity: "error",
      message: `statement ${where.statementIndex} of ${where.policy} has neither Action nor NotAction`,
      path: where.path,
    });
  }
  if (st.Effect !== "Allow" && st.Effect !== "Deny") {
    diagnostics.push({
      code: "engine-invalid-effect",
      severity: "error",
      message: `statement ${where.statementIndex} of ${where.policy} has Effect '${String(st.Effect)}' (Allow or Deny)`,
      path: `${where.path}/Effect`,
    });
  }
  if (where.layer === "resource" && !st.Principal && !st.NotPrincipal) {
    // AWS rejects a resource-based policy statement that names no principal.
    diagnostics.push({
      code: "engine-resource-statement-no-principal",
      severity: "error",
      message: `statement ${where.statementIndex} of ${where.policy} (a resource policy) has neither Principal nor NotPrincipal`,
      path: where.path,
    });
  }
  if (diagnostics.length > errorsBefore || !actions) {
    // Conditions are compiled still, for their diagnostics.
    if (st.Condition)
      compileConditionBlock(st.Condition, { variables: where.variables, path: where.path }, diagnostics);
    return undefined;
  }
  const principalMatchers = where.layer === "resource" || where.layer === "rcp";
  // Under `withCompileCache`, a statement object met again (a team's Deny statement in each member's
  // policy set, an unconditional allow in both variants of `can`) reuses its matchers: they depend
  // only on the statement, on whether variables are read, and on whether principals are matched.
  const cache = matcherCache;
  const key = `${where.variables ? 1 : 0}${where.layer}`;
  let matchers = cache?.get(st)?.get(key);
  if (!matchers) {
    const before = diagnostics.length;
    matchers = statementMatchers(st, actions, where, principalMatchers, diagnostics);
    if (diagnostics.length > before) return undefined;
    if (cache) {
      let byKey = cache.get(st);
      if (!byKey) {
        byKey = new Map();
        cache.set(st, byKey);
      }
      byKey.set(key, matchers);
    }
  }
  return {
    layer: where.layer,
    level: where.level,
    policy: where.policy,
    statementIndex: where.statementIndex,
    ...matchers,
  };
}

/** Numbers of action descriptions (`CompiledStatement.actionsId`); a number is never given to two descriptions, also after the table is cleared. */
const actionsIds = new Map<string, number>();
let nextActionsId = 0;
const ACTIONS_IDS_LIMIT = 65_536;

function actionsIdOf(description: string): number {
  let id = actionsIds.get(description);
  if (id === undefined) {
    if (actionsIds.size >= ACTIONS_IDS_LIMIT) actionsIds.clear();
    id = nextActionsId++;
    actionsIds.set(description, id);
  }
  return id;
}

/** What `compileStatement` makes of a statement whatever its place in a policy set. */
type StatementMatchers = Omit<CompiledStatement, "layer" | "level" | "policy" | "statementIndex">;

/** Statement matchers by statement object (set by `withCompileCache`). */
let matcherCache: WeakMap<Statement, Map<string, StatementMatchers>> | undefined;

function statementMatchers(
  st: Statement,
  actions: string[],
  where: { layer: Layer; variables: boolean; path: string },
  principalMatchers: boolean,
  diagnostics: Diagnostic[],
): StatementMatchers {
  const condition = st.Condition
    ? compileConditionBlock(st.Condition, { variables: where.variables, path: where.path }, diagnostics)
    : undefined;
  const actionTest = compileActions(actions);
  const resourcePatterns = st.Resource ?? st.NotResource;
  return {
    actionsId: actionsIdOf(JSON.stringify([st.Action ? "A" : "N", where.layer, st.Effect, actions])),
    sid: st.Sid,
    effect: st.Effect,
    conditions: st.Condition && Object.keys(st.Condition).length > 0 ? st.Condition : undefined,
    action: st.NotAction && !st.Action ? (a) => !actionTest(a) : actionTest,
    actionAffixes: st.Action ? actionAffixes(st.Action) : undefined,
    notActionAffixes: !st.Action && st.NotAction ? actionAffixes(st.NotAction) : undefined,
    everyAction: st.Action?.includes("*") || undefined,
    // `Resource: "*"` matches every resource: no matcher to call.
    resources:
      resourcePatterns?.includes("*") && st.Resource
        ? undefined
        : resourcePatterns?.map((r) => compileResource(r, where.variables, !st.Resource)),
    resourcePrefixes: st.Resource ? resourcePrefixes(st.Resource) : undefined,
    notResource: !st.Resource && !!st.NotResource,
    principal: principalMatchers && st.Principal ? compilePrincipal(st.Principal) : undefined,
    notPrincipal: principalMatchers && st.NotPrincipal ? compilePrincipal(st.NotPrincipal) : undefined,
    condition,
  };
}

const LAYER_KIND: Record<Layer, PolicyKind> = {
  identity: "identity",
  resource: "resource",
  boundary: "boundary",
  scp: "scp",
  rcp: "rcp",
  session: "session",
};

/**
 * The document as the engine reads it, validated as IAM would for its layer (the resource slot
 * holds a trust policy when its shape says so: `inferPolicyKind`): a document with any error is
 * `null`, with the reasons in `diagnostics`, never a silent wrong decision. Raw JSON as AWS
 * accepts it (a string for a list, a statement object for a list of one, a scalar condition value)
 * is decided as its normalized form; a document already in that form is returned as it is, so
 * its statement objects stay the caller's (the compile caches know them by identity). Validating
 * the normalized form too matters: a statement that is all lists may still spell `"Conditoin"`
 * (an allow without its condition), name a principal in an identity policy, carry both `Action`
 * and `NotAction`, or give an action or resource IAM would reject.
 */
function normalizedDocument(
  doc: unknown,
  layer: Layer,
  policy: string,
  path: string,
  diagnostics: Diagnostic[],
): PolicyDocument | undefined | null {
  if (typeof doc !== "object" || doc === null) return undefined;
  const kind = layer === "resource" ? resourceSlotKind(doc) : LAYER_KIND[layer];
  // Statements found valid for the kind before (the compiler's read-back, an earlier compile,
  // `parsePolicySet`'s output) are not read again: each statement object is read once, and a
  // document of such statements only has its envelope looked at.
  if (hasNormalizedEnvelope(doc) && doc.Statement.every((st) => statementValid(st, kind))) return doc as PolicyDocument;
  const normalized = normalizePolicy(doc, { kind, engine: true });
  if (normalized.document) {
    const statements = (doc as { Statement?: unknown }).Statement;
    if (!Array.isArray(statements)) return normalized.document;
    for (const st of statements) if (!statementValid(st, kind) && !hasNormalizedShape(st)) return normalized.document;
    for (const st of statements) if (!statementValid(st, kind)) markStatementValid(st, kind);
    return doc as PolicyDocument;
  }
  for (const d of normalized.diagnostics) {
    diagnostics.push({
      ...d,
      message: `${policy}: ${d.message}`,
      ...(d.path !== undefined ? { path: path + d.path } : {}),
    });
  }
  return null;
}

/**
 * The grammar the resource slot's document is read with: a role trust policy when its shape says
 * so (`inferPolicyKind`) and no statement names a resource (IAM's trust policies name none), else
 * a resource-based policy. A trust-shaped document that names `"Resource": "*"` is read as the
 * resource policy it is written as, not rejected: the engine decides it the same either way.
 */
function resourceSlotKind(doc: object): PolicyKind {
  if (inferPolicyKind(doc) !== "trust") return "resource";
  const raw = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  const named = (st: unknown) => typeof st === "object" && st !== null && ("Resource" in st || "NotResource" in st);
  return list.some(named) ? "resource" : "trust";
}

/** Compiled statements by document, then by layer, level and name (set by `withCompileCache`). */
let compileCache: WeakMap<object, Map<string, CompiledStatement[]>> | undefined;

/**
 * Run `fn` with compiled policies shared between the policy sets it compiles: a document held by
 * many principals (a guardrail, a group's policy, a boundary) is compiled once. Only for callers
 * that do not change documents while `fn` runs (checking a model); a document that compiles with
 * diagnostics is never shared.
 */
export function withCompileCache<T>(fn: () => T): T {
  const outer = compileCache;
  const outerMatchers = matcherCache;
  compileCache ??= new WeakMap();
  matcherCache ??= new WeakMap();
  try {
    return fn();
  } finally {
    compileCache = outer;
    matcherCache = outerMatchers;
  }
}

function compilePolicy(
  np: NamedPolicy,
  layer: Layer,
  name: string,
  path: string,
  level: number | undefined,
  out: CompiledStatement[],
  diagnostics: Diagnostic[],
): void {
  const cache = compileCache;
  const source = np.document as unknown;
  if (!cache || typeof source !== "object" || source === null) {
    compilePolicyNow(np, layer, name, path, level, out, diagnostics);
    return;
  }
  const key = `${layer}|${level ?? ""}|${np.name ?? name}`;
  let byKey = cache.get(source);
  const hit = byKey?.get(key);
  if (hit) {
    for (const st of hit) out.push(st);
    return;
  }
  const own: CompiledStatement[] = [];
  const before = diagnostics.length;
  compilePolicyNow(np, layer, name, path, level, own, diagnostics);
  for (const st of own) out.push(st);
  if (diagnostics.length > before) return;
  if (!byKey) {
    byKey = new Map();
    cache.set(source, byKey);
  }
  byKey.set(key, own);
}

function compilePolicyNow(
  np: NamedPolicy,
  layer: Layer,
  name: string,
  path: string,
  level: number | undefined,
  out: CompiledStatement[],
  diagnostics: Diagnostic[],
): void {
  const policy = np.name ?? name;
  const doc = normalizedDocument(np.document, layer, policy, path, diagnostics);
  if (doc === null) return;
  if (!doc || !Array.isArray(doc.Statement)) {
    diagnostics.push({
      code: "engine-invalid-policy",
      severity: "error",
      message: `${policy} has no Statement list`,
      path,
    });
    return;
  }
  const variables = variablesEnabled(doc.Version);
  doc.Statement.forEach((st, i) => {
    const c = compileStatement(
      st,
      { layer, level, policy, statementIndex: i, variables, path: `${path}/Statement/${i}` },
      diagnostics,
    );
    if (c) out.push(c);
  });
}

/**
 * The policy set's own shape, as a caller passing parsed JSON may get it wrong (`identityPolicies`
 * an object, an SCP level that is not a list, a `null` policy): reported, so compiling never
 * throws a TypeError. True when the shape is sound.
 */
function checkSetShape(set: unknown, diagnostics: Diagnostic[]): boolean {
  const problem = (
    code: "policy-set-not-an-object" | "policy-set-not-a-list" | "engine-invalid-policy",
    path: string,
    message: string,
  ) => diagnostics.push({ code, severity: "error", message, path });
  if (typeof set !== "object" || set === null || Array.isArray(set)) {
    problem(
      "policy-set-not-an-object",
      "",
      "a policy set must be an object with identityPolicies, resourcePolicy, ...",
    );
    return false;
  }
  const before = diagnostics.length;
  const s = set as Record<string, unknown>;
  const policy = (p: unknown, path: string) => {
    if (typeof p !== "object" || p === null || Array.isArray(p))
      problem("engine-invalid-policy", path, `${path.slice(1)} must be a policy: { name?, document }`);
  };
  for (const key of ["identityPolicies", "permissionBoundaries", "scps", "rcps"]) {
    const v = s[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      problem("policy-set-not-a-list", `/${key}`, `${key} must be a list`);
      continue;
    }
    v.forEach((item: unknown, i) => {
      if (key !== "scps" && key !== "rcps") policy(item, `/${key}/${i}`);
      else if (!Array.isArray(item))
        problem("policy-set-not-a-list", `/${key}/${i}`, `each ${key} level must be a list of policies`);
      else {
        for (let j = 0; j < item.length; j++) policy(item[j], `/${key}/${i}/${j}`);
      }
    });
  }
  for (const key of ["resourcePolicy", "sessionPolicy"]) if (s[key] !== undefined) policy(s[key], `/${key}`);
  return diagnostics.length === before;
}

export function compileSet(set: PolicySet, diagnostics: Diagnostic[]): CompiledPolicySet {
  const statements: CompiledStatement[] = [];
  if (!checkSetShape(set, diagnostics)) {
    return {
      actionsKey: "",
      statements,
      boundaries: [],
      scpLevels: 0,
      rcpLevels: 0,
      hasResourcePolicy: false,
      hasSessionPolicy: false,
    };
  }
  for (const [i, p] of (set.identityPolicies ?? []).entries()) {
    compilePolicy(
      p,
      "identity",
      `identityPolicies[${i}]`,
      `/identityPolicies/${i}`,
      undefined,
      statements,
      diagnostics,
    );
  }
  if (set.resourcePolicy) {
    compilePolicy(
      set.resourcePolicy,
      "resource",
      "resourcePolicy",
      "/resourcePolicy",
      undefined,
      statements,
      diagnostics,
    );
  }
  const boundaries: string[] = [];
  for (const [i, p] of (set.permissionBoundaries ?? []).entries()) {
    boundaries.push(p.name ?? `permissionBoundaries[${i}]`);
    compilePolicy(
      p,
      "boundary",
      `permissionBoundaries[${i}]`,
      `/permissionBoundaries/${i}`,
      i,
      statements,
      diagnostics,
    );
  }
  for (const [l, level] of (set.scps ?? []).entries()) {
    for (const [i, p] of level.entries())
      compilePolicy(p, "scp", `scps[${l}][${i}]`, `/scps/${l}/${i}`, l, statements, diagnostics);
  }
  for (const [l, level] of (set.rcps ?? []).entries()) {
    for (const [i, p] of level.entries())
      compilePolicy(p, "rcp", `rcps[${l}][${i}]`, `/rcps/${l}/${i}`, l, statements, diagnostics);
  }
  if (set.sessionPolicy) {
    compilePolicy(set.sessionPolicy, "session", "sessionPolicy", "/sessionPolicy", undefined, statements, diagnostics);
  }
  return {
    actionsKey: statements.map((st) => st.actionsId).join(","),
    statements,
    boundaries,
    scpLevels: set.scps?.length ?? 0,
    rcpLevels: set.rcps?.length ?? 0,
    hasResourcePolicy: !!set.resourcePolicy,
    hasSessionPolicy: !!set.sessionPolicy,
  };
}
