/**
 * Compiling a policy set: every statement becomes a record of precompiled matchers (lower-cased
 * action patterns, ARN-aware resource patterns, principal matchers, one condition closure), tagged
 * with the layer and policy it came from. Problems a policy author must fix (an unknown condition
 * operator, an unreadable condition value, a statement without an action) are diagnostics.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { globToRegExp } from "../policy/arn.js";
import type { PolicySet } from "../policy/policy-set.js";
import type { NamedPolicy, Statement } from "../policy/types.js";
import { type CompiledCondition, compileConditionBlock } from "./conditions/compile.js";
import { allResolve, compileArnMatcher, parsePattern, requiredVariables, type StringMatcher } from "./pattern.js";
import { compilePrincipal, type PrincipalMatchers } from "./principal.js";
import type { Layer, MatchedStatement } from "./types.js";

/** A statement ready to match: what an explanation reports of it, plus its compiled matchers. */
export interface CompiledStatement extends MatchedStatement {
  /** Tests a lower-cased action (used once per distinct action, then cached). */
  action: (lowerAction: string) => boolean;
  /** Resource matchers; undefined when the statement names no resource (trust policies): any resource. */
  resources?: StringMatcher[];
  notResource: boolean;
  principal?: PrincipalMatchers;
  notPrincipal?: PrincipalMatchers;
  condition?: CompiledCondition;
}

export interface CompiledPolicySet {
  statements: CompiledStatement[];
  boundaries: string[];
  scpLevels: number;
  rcpLevels: number;
  hasResourcePolicy: boolean;
  hasSessionPolicy: boolean;
}

/** Action patterns: case-insensitive, `*` and `?` anywhere. AWS: "IAM JSON policy elements: Action". */
export function compileActions(patterns: string[]): (lowerAction: string) => boolean {
  const exact = new Set<string>();
  const regexps: RegExp[] = [];
  let all = false;
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower === "*") all = true;
    else if (!lower.includes("*") && !lower.includes("?")) exact.add(lower);
    else regexps.push(globToRegExp(lower, { variables: false }));
  }
  if (all) return () => true;
  return (a) => {
    if (exact.has(a)) return true;
    for (const r of regexps) if (r.test(a)) return true;
    return false;
  };
}

/**
 * One `Resource` or `NotResource` entry. An entry whose variable (without a default) has no value
 * matches nothing; AWS: "IAM policy elements: Variables and tags" (an unresolvable variable can
 * make the statement invalid). In `NotResource` that must not turn into "the resource is not
 * listed, so the statement applies": there the entry counts as listing every resource, so the
 * statement does not apply.
 */
function compileResource(text: string, variables: boolean, notResource: boolean): StringMatcher {
  const pattern = parsePattern(text, { wildcards: true, variables });
  const match = compileArnMatcher(pattern);
  const required = notResource ? requiredVariables(pattern) : [];
  if (required.length === 0) return match;
  return (s, vars) => !allResolve(required, vars) || match(s, vars);
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
  const condition = st.Condition
    ? compileConditionBlock(st.Condition, { variables: where.variables, path: where.path }, diagnostics)
    : undefined;
  if (diagnostics.length > errorsBefore || !actions) return undefined;
  const actionTest = compileActions(actions);
  const resourcePatterns = st.Resource ?? st.NotResource;
  const principalMatchers = where.layer === "resource" || where.layer === "rcp";
  return {
    layer: where.layer,
    level: where.level,
    policy: where.policy,
    statementIndex: where.statementIndex,
    sid: st.Sid,
    effect: st.Effect,
    conditions: st.Condition && Object.keys(st.Condition).length > 0 ? st.Condition : undefined,
    action: st.NotAction && !st.Action ? (a) => !actionTest(a) : actionTest,
    // `Resource: "*"` matches every resource: no matcher to call.
    resources:
      resourcePatterns?.includes("*") && st.Resource
        ? undefined
        : resourcePatterns?.map((r) => compileResource(r, where.variables, !st.Resource)),
    notResource: !st.Resource && !!st.NotResource,
    principal: principalMatchers && st.Principal ? compilePrincipal(st.Principal) : undefined,
    notPrincipal: principalMatchers && st.NotPrincipal ? compilePrincipal(st.NotPrincipal) : undefined,
    condition,
  };
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
  const doc = np.document;
  const policy = np.name ?? name;
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

export function compileSet(set: PolicySet, diagnostics: Diagnostic[]): CompiledPolicySet {
  const statements: CompiledStatement[] = [];
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
    statements,
    boundaries,
    scpLevels: set.scps?.length ?? 0,
    rcpLevels: set.rcps?.length ?? 0,
    hasResourcePolicy: !!set.resourcePolicy,
    hasSessionPolicy: !!set.sessionPolicy,
  };
}
