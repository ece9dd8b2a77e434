/**
 * One query as SMT-LIB: the decision of one or more policy sets for one principal and one action
 * class, over every resource and every context, written as the engine decides it
 * (engine/evaluate.ts, engine/conditions/compile.ts): explicit Deny anywhere wins; every SCP level
 * must allow; the resource policy's grant (direct, the session's role, the account) combines with
 * the identity policies, boundaries and session policy; cross-account requests and mandatory
 * resource policies (trust policies, KMS key policies) need both. The principal is concrete, so
 * everything that depends on it alone is decided here; what the request chooses (resource,
 * context) is left to the solver.
 *
 * Strings never reach the solver: each string variable (the resource ARN, each value slot of a
 * string condition key) is an integer over the signatures its automaton can reach (automaton.ts).
 */
import type { Diagnostic } from "../../diagnostics/index.js";
import type { ConditionScope } from "../../engine/conditions/compile.js";
import { compileConditionBlock, parseOperatorName } from "../../engine/conditions/compile.js";
import { findOperator } from "../../engine/conditions/index.js";
import {
  compilePrincipal,
  GRANT_ACCOUNT,
  GRANT_DIRECT,
  GRANT_NONE,
  GRANT_ROLE,
  notPrincipalExcludes,
  type PrincipalInfo,
  parsePrincipal,
  principalGrant,
} from "../../engine/principal.js";
import { parseCidr, parseDate, parseNumber } from "../../policy/condition-values.js";
import type { AccessRequest } from "../../policy/policy-set.js";
import type { ConditionBlock, Statement } from "../../policy/types.js";
import type { RequiredVariable } from "../../policy/wildcard.js";
import type { ActionClass } from "./actions.js";
import { formatProgram } from "./actions.js";
import {
  ANY,
  anyChar,
  anyRun,
  type CharSet,
  type Element,
  explore,
  literal,
  NOT_COLON,
  type Program,
  accepts as programAccepts,
  type Signature,
  Unsupported,
} from "./automaton.js";
import {
  catalogBoolean,
  catalogMultiValued,
  type PinnedValue,
  principalKeys,
  REQUESTED_REGION,
  RESOURCE_ACCOUNT,
} from "./keys.js";
import { arnProgram, globProgram, pattern, type VariableResolver } from "./programs.js";
import {
  and,
  bitsValue,
  bool,
  FALSE,
  intValue,
  ite,
  not,
  or,
  parseSExprs,
  realLiteral,
  realValue,
  Script,
  type SExpr,
  TRUE,
} from "./smt.js";
import type { ProverSet, ProverStatement } from "./statements.js";

/** The requests a query ranges over, besides the action class. */
export interface RequestSpace {
  /** The calling principal, as a request names it. */
  principal: string;
  /** The ARN partition of resources (default `aws`). */
  partition: string;
  /** The account that owns every resource (as `requestFor` gives it); else the ARN's account. */
  resourceAccount?: string;
  /** Context the caller fixes, by key as written; `null`: the key is absent. */
  pinned: Record<string, string | string[] | null>;
  /** Lower-cased key prefixes whose keys are absent unless pinned (`aws:principaltag/` for a known principal). */
  pinnedPrefixes: string[];
  /** The resource matches one of these (`Resource`-style patterns), when given. */
  resources?: string[];
  /**
   * The request also matches this statement's `Resource`/`NotResource` and `Condition` (its action
   * element and effect are ignored): how a property says "outside the allowed regions" or "a model
   * that is not approved", in the policy language and with the engine's semantics.
   */
  require?: Statement;
}

/** One evaluated policy set: the set and the statements of the action class, from that set. */
export interface EvaluatedSet {
  set: ProverSet;
  statements: ProverStatement[];
}

type Family = "string" | "numeric" | "date" | "ip";

interface ConditionPart {
  qualifier: number;
  ifExists: boolean;
  negated: boolean;
  isNull: boolean;
  base: string;
  key: string;
  keyLower: string;
  values: string[];
  variables: boolean;
  /** Distinct-condition signature, for counting value slots. */
  sig: string;
}

const NONE = 0;
const ANY_VALUE = 1;

function familyOf(base: string): Family | undefined {
  const b = base.toLowerCase();
  if (b.startsWith("numeric")) return "numeric";
  if (b.startsWith("date")) return "date";
  if (b === "ipaddress" || b === "notipaddress") return "ip";
  if (b === "null") return undefined;
  return "string";
}

interface FreeKey {
  index: number;
  keyLower: string;
  asWritten: string;
  multi: boolean;
  alwaysPresent: boolean;
  family?: Family;
  sigs: Set<string>;
  slots: number;
  /** String family: programs tested on the values. */
  programs: Program[];
  programIndex: Map<string, number>;
  signatures?: Signature[];
  /** Date family: the policies' dates (ms) compared with the key, collected in pass 1. */
  dates?: Set<number>;
  /** Date family: the slot counts in 1/scale ms (`dateScale`). */
  scale: bigint;
}

type KeyModel = { kind: "pinned"; value: PinnedValue } | { kind: "resource-account" } | { kind: "free"; key: FreeKey };

/** Restricts a program's characters to those that can occur in one ARN part (no colon). */
function withoutColon(p: Program): Program {
  return p.map((e) => ({ star: e.star, set: restrict(e.set) }));
}

function restrict(s: CharSet): CharSet {
  if (s.neg) return s.codes.includes(58) ? s : { neg: true, codes: [...s.codes, 58].sort((a, b) => a - b) };
  return { neg: false, codes: s.codes.filter((c) => c !== 58) };
}

const ARN_PREFIX: Element[] = [
  ...literal("arn:"),
  anyRun(NOT_COLON),
  ...literal(":"),
  anyRun(NOT_COLON),
  ...literal(":"),
  anyRun(NOT_COLON),
  ...literal(":"),
];
/** The resource ARN has an account (engine: `arnAccount`). */
const HAS_ACCOUNT: Program = [...ARN_PREFIX, anyChar(NOT_COLON), anyRun(NOT_COLON), ...literal(":"), anyRun(ANY)];
/** The account part of the resource ARN is in `p`'s language (and not empty). */
function accountIs(p: Program): Program {
  return [...ARN_PREFIX, ...withoutColon(p), ...literal(":"), anyRun(ANY)];
}
/** A KMS key ARN (engine: `/^arn:[^:]+:kms:[^:]*:[^:]*:key\//`). */
const KMS_KEY: Program = [
  ...literal("arn:"),
  anyChar(NOT_COLON),
  anyRun(NOT_COLON),
  ...literal(":kms:"),
  anyRun(NOT_COLON),
  ...literal(":"),
  anyRun(NOT_COLON),
  ...literal(":key/"),
  anyRun(ANY),
];

/** A request the solver found, before it is replayed. */
export interface Witness {
  /** The resource fits the ARN formats of the action (false only for a relaxed domain). */
  fits: boolean;
  action: string;
  hypothetical: boolean;
  request: AccessRequest;
}

/** Builds and reads back one query. */
export class QueryEncoder {
  readonly principal: PrincipalInfo;
  private readonly derived: Map<string, PinnedValue>;
  private readonly pinnedLower = new Map<string, { asWritten: string; value: PinnedValue }>();
  private readonly free = new Map<string, FreeKey>();
  private readonly resourcePrograms: Program[] = [];
  private readonly resourceIndex = new Map<string, number>();
  private resourceSignatures?: Signature[];
  /**
   * Too many signatures to list (wildcards on both sides of literals, as in log-stream ARNs): the
   * solver sees one boolean per resource program instead, and each answer is checked against the
   * automata before it is believed (`implicantText`, `realize`).
   */
  lazy = false;
  private resourceWitness?: string;
  private goalFormula = TRUE;
  private collecting = true;
  private script = new Script();
  private readonly domain: { formats: number[]; require: number[] };
  /** `space.require` as a statement of its own (one object: matches are cached by identity). */
  private readonly requirement?: ProverStatement;

  constructor(
    private readonly space: RequestSpace,
    private readonly cls: ActionClass,
  ) {
    this.principal = parsePrincipal(space.principal);
    this.derived = principalKeys(space.principal);
    for (const [k, v] of Object.entries(space.pinned)) {
      this.pinnedLower.set(k.toLowerCase(), { asWritten: k, value: v === null ? undefined : v });
    }
    const formats = new Set<string>();
    for (const a of cls.actions) for (const f of a.domain) formats.add(f);
    if (cls.domain) {
      formats.clear();
      for (const f of cls.domain) formats.add(f);
    }
    if (space.require) {
      this.requirement = {
        layer: "identity",
        origin: "the property",
        statement: space.require,
        variables: false,
        action: () => true,
        actionKey: "",
        key: "",
      };
    }
    this.domain = {
      formats: [...formats].sort().map((f) => this.resourceProgram(formatProgram(f, space.partition))),
      require: (space.resources ?? []).map((text) => {
        const p = arnProgram(pattern(text, { wildcards: true, variables: false }), () => ({ fixed: undefined }));
        return p ? this.resourceProgram(p) : -1;
      }),
    };
  }

  // --- keys ---

  private keyModel(keyLower: string, asWritten: string): KeyModel {
    const pinned = this.pinnedLower.get(keyLower);
    if (pinned) return { kind: "pinned", value: pinned.value };
    if (this.derived.has(keyLower)) return { kind: "pinned", value: this.derived.get(keyLower) };
    if (keyLower === RESOURCE_ACCOUNT) {
      if (this.space.resourceAccount !== undefined) return { kind: "pinned", value: this.space.resourceAccount };
      return { kind: "resource-account" };
    }
    if (this.space.pinnedPrefixes.some((p) => keyLower.startsWith(p))) return { kind: "pinned", value: undefined };
    let key = this.free.get(keyLower);
    if (!key) {
      key = {
        index: this.free.size,
        keyLower,
        asWritten,
        multi: false,
        alwaysPresent: keyLower === REQUESTED_REGION,
        sigs: new Set(),
        slots: 1,
        programs: [],
        programIndex: new Map(),
        scale: 1n,
      };
      const known = catalogMultiValued(keyLower);
      key.multi = known ?? false;
      this.free.set(keyLower, key);
    }
    return { kind: "free", key };
  }

  private readonly resolver: VariableResolver = (keyLower, asWritten) => {
    const m = this.keyModel(keyLower, asWritten);
    if (m.kind === "pinned") return { fixed: typeof m.value === "string" ? m.value : undefined };
    return "free";
  };

  // --- string variables ---

  private resourceProgram(p: Program): number {
    const k = JSON.stringify(p);
    let i = this.resourceIndex.get(k);
    if (i === undefined) {
      if (this.resourceSignatures) throw new Error("prover: a resource program appeared after exploring");
      i = this.resourcePrograms.length;
      this.resourceIndex.set(k, i);
      this.resourcePrograms.push(p);
    }
    return i;
  }

  private keyProgram(key: FreeKey, p: Program): number {
    const k = JSON.stringify(p);
    let i = key.programIndex.get(k);
    if (i === undefined) {
      if (key.signatures) throw new Error("prover: a key program appeared after exploring");
      i = key.programs.length;
      key.programIndex.set(k, i);
      key.programs.push(p);
    }
    return i;
  }

  /** `x` is one of the signatures that accept any of `programs`. */
  private membership(x: string, sigs: Signature[] | undefined, programs: number[]): string {
    if (this.collecting || !sigs) return `${x}?${programs.join(",")}`;
    const yes: number[] = [];
    const no: number[] = [];
    for (let i = 0; i < sigs.length; i++) {
      (programs.some((p) => p >= 0 && sigs[i].accepts[p]) ? yes : no).push(i);
    }
    if (yes.length === 0) return FALSE;
    if (no.length === 0) return TRUE;
    if (yes.length <= no.length) return or(...yes.map((i) => `(= ${x} ${i})`));
    return not(or(...no.map((i) => `(= ${x} ${i})`)));
  }

  private resourceTest(programs: number[]): string {
    if (this.lazy && !this.collecting) return or(...programs.filter((p) => p >= 0).map((p) => `rb${p}`));
    return this.membership("r", this.resourceSignatures, programs);
  }

  // --- statements ---

  private readonly matchCache = new Map<ProverStatement, string>();

  /** Resource element: true when the statement applies to the request's resource. */
  private resourceMatch(ps: ProverStatement): string {
    const st = ps.statement;
    const list = st.Resource ?? st.NotResource;
    if (!list || (st.Resource && list.includes("*"))) return TRUE;
    const notResource = !st.Resource;
    const alwaysHit: boolean[] = [];
    const programs: number[] = [];
    for (const text of list) {
      const p = pattern(text, { wildcards: true, variables: ps.variables });
      const prog = arnProgram(p, this.resolver);
      if (prog === null) {
        // An unresolvable variable: in Resource the entry matches nothing; in NotResource it lists
        // every resource, so the statement does not apply (engine/compile.ts, compileResource).
        if (notResource && p.requiredVariables().length > 0) alwaysHit.push(true);
        continue;
      }
      programs.push(this.resourceProgram(prog));
    }
    const hit = alwaysHit.length > 0 ? TRUE : this.resourceTest(programs);
    return notResource ? not(hit) : hit;
  }

  /** The grant a statement gives this principal (GRANT_*), before resource and condition. */
  private principalPart(ps: ProverStatement, set: ProverSet): number {
    const st = ps.statement;
    if (ps.layer !== "resource" && ps.layer !== "rcp") return GRANT_DIRECT;
    if (st.Principal) return principalGrant(compilePrincipal(st.Principal), this.principal);
    if (st.NotPrincipal) {
      const bounded = st.Effect === "Deny" && set.boundaries > 0;
      if (!bounded && notPrincipalExcludes(compilePrincipal(st.NotPrincipal), this.principal)) return GRANT_NONE;
    }
    return GRANT_DIRECT;
  }

  /** Resource and conditions (the principal part is decided by the caller). */
  private match(ps: ProverStatement): string {
    let m = this.matchCache.get(ps);
    if (m === undefined) {
      m = and(this.resourceMatch(ps), this.condition(ps));
      if (!this.collecting) m = this.script.define(m);
      this.matchCache.set(ps, m);
    }
    return m;
  }

  // --- conditions ---

  private parts(ps: ProverStatement): ConditionPart[] {
    const block = ps.statement.Condition;
    if (!block) return [];
    const out: ConditionPart[] = [];
    for (const [opName, keys] of Object.entries(block)) {
      const parsed = parseOperatorName(opName);
      const operator = typeof parsed === "string" ? undefined : findOperator(parsed.base);
      if (typeof parsed === "string" || !operator) throw new Unsupported(`unknown condition operator '${opName}'`);
      for (const [key, values] of Object.entries(keys)) {
        out.push({
          qualifier: parsed.qualifier,
          ifExists: parsed.ifExists,
          negated: operator.negated,
          isNull: !!operator.isNull,
          base: operator.name,
          key,
          keyLower: key.toLowerCase(),
          values,
          variables: ps.variables && operator.variables,
          sig: `${parsed.qualifier}|${operator.name}|${JSON.stringify(values)}|${ps.variables && operator.variables}`,
        });
      }
    }
    return out;
  }

  private condition(ps: ProverStatement): string {
    const terms: string[] = [];
    for (const part of this.parts(ps)) {
      const model = this.keyModel(part.keyLower, part.key);
      if (model.kind === "pinned") terms.push(this.pinnedPart(part));
      else terms.push(this.symbolicPart(part, model));
      if (terms[terms.length - 1] === FALSE) return FALSE;
    }
    return and(...terms);
  }

  /** A condition on a pinned key: the engine decides it. */
  private pinnedPart(part: ConditionPart): string {
    const diagnostics: Diagnostic[] = [];
    const block: ConditionBlock = { [opText(part)]: { [part.key]: part.values } };
    const compiled = compileConditionBlock(block, { variables: part.variables, path: "" }, diagnostics);
    if (!compiled) throw new Unsupported(`cannot compile the condition on '${part.key}'`);
    const scope: ConditionScope = {
      get: (keyLower, asWritten) => {
        const m = this.keyModel(keyLower, asWritten);
        if (m.kind !== "pinned") throw new Unsupported(`a condition on '${part.key}' reads '${asWritten}'`);
        return m.value;
      },
      variable: (keyLower, asWritten) => {
        const v = this.resolver(keyLower, asWritten);
        if (v === "free") {
          throw new Unsupported(`the policy variable \${${asWritten}} compares two values of the request`);
        }
        return v.fixed;
      },
    };
    return bool(compiled(scope));
  }

  private symbolicPart(part: ConditionPart, model: KeyModel): string {
    // Variables the negated operators require (engine: requireVariables): resolved or not, now.
    let required = TRUE;
    if (part.negated && part.variables) {
      const req: RequiredVariable[] = [];
      for (const v of part.values) pattern(v, { wildcards: false, variables: true }).requiredVariables(req);
      for (const r of req) {
        const v = this.resolver(r.lower, r.key);
        if (v === "free") throw new Unsupported(`the policy variable \${${r.key}} compares two values of the request`);
        if (v.fixed === undefined) required = FALSE;
      }
    }
    if (model.kind === "resource-account") return this.resourceAccountPart(part, required);
    if (model.kind !== "free") throw new Error("unreachable");
    const key = model.key;
    if (part.qualifier !== NONE) key.multi ||= catalogMultiValued(part.keyLower) === undefined;
    key.sigs.add(part.sig);
    const presence = this.presence(key);
    if (part.isNull) {
      const wantAbsent = part.values.some((v) => v.toLowerCase() === "true");
      const wantPresent = part.values.some((v) => v.toLowerCase() === "false");
      return or(wantPresent ? presence : FALSE, wantAbsent ? not(presence) : FALSE);
    }
    const family = familyOf(part.base)!;
    if (key.family && key.family !== family) {
      throw new Unsupported(`'${part.key}' is compared both as ${key.family} and as ${family}`);
    }
    key.family = family;
    const slots = this.collecting ? 1 : key.slots;
    const atoms: string[] = [];
    const used: string[] = [];
    for (let i = 0; i < slots; i++) {
      atoms.push(this.atom(part, key, i));
      used.push(key.multi && slots > 1 ? `k${key.index}u${i}` : presence);
    }
    const ifMissing = part.qualifier === NONE ? bool(part.ifExists || part.negated) : bool(part.ifExists);
    let present: string;
    if (part.qualifier === NONE) {
      const some = or(...atoms.map((a, i) => and(used[i], a)));
      present = part.negated ? not(some) : some;
    } else if (part.qualifier === ANY_VALUE) {
      present = or(...atoms.map((a, i) => and(used[i], part.negated ? not(a) : a)));
    } else {
      // ForAllValues: true on a missing key, whatever IfExists says.
      const all = and(...atoms.map((a, i) => or(not(used[i]), part.negated ? not(a) : a)));
      return ite(presence, and(required, all), TRUE);
    }
    return ite(presence, and(required, present), ifMissing);
  }

  private presence(key: FreeKey): string {
    return key.alwaysPresent ? TRUE : `k${key.index}p`;
  }

  /** Does value slot `i` of the key match any of the condition's values? */
  private atom(part: ConditionPart, key: FreeKey, i: number): string {
    const family = familyOf(part.base)!;
    const base = part.base.replace(/^Not|Not(?=[A-Z])/, "").toLowerCase();
    if (family === "string") {
      const programs: number[] = [];
      for (const v of part.values) {
        const prog = this.stringProgram(base, v, part.variables);
        if (prog) programs.push(this.keyProgram(key, prog));
      }
      return this.membership(`k${key.index}s${i}`, key.signatures, programs);
    }
    if (family === "numeric") {
      const x = `k${key.index}n${i}`;
      return and(
        `k${key.index}v${i}`,
        or(...part.values.map((v) => compare(base.replace("numeric", ""), x, realLiteral(parseNumber(v))))),
      );
    }
    if (family === "date") {
      const x = `(to_real k${key.index}d${i})`;
      const scale = Number(key.scale);
      if (this.collecting) {
        key.dates ??= new Set();
        for (const v of part.values) key.dates.add(parseDate(v));
      }
      return and(
        `k${key.index}v${i}`,
        or(...part.values.map((v) => compare(base.replace("date", ""), x, realLiteral(parseDate(v) * scale)))),
      );
    }
    return or(...part.values.map((v) => ipTest(v, key.index, i)));
  }

  /** The program a string-family operator tests for one policy value. */
  private stringProgram(base: string, value: string, variables: boolean): Program | null {
    switch (base) {
      case "stringequals":
        return globProgram(pattern(value, { wildcards: false, variables }), this.resolver);
      case "stringequalsignorecase":
        return globProgram(pattern(value, { wildcards: false, variables }), this.resolver, true);
      case "stringlike":
        return globProgram(pattern(value, { wildcards: true, variables }), this.resolver);
      case "arnlike":
      case "arnequals":
        return arnProgram(pattern(value, { wildcards: true, variables }), this.resolver);
      case "bool":
        return literal(value.toLowerCase(), true);
      case "binaryequals":
        return literal(value);
      default:
        throw new Unsupported(`condition operator '${base}' is not modelled`);
    }
  }

  /** `aws:ResourceAccount` read from the resource ARN. */
  private resourceAccountPart(part: ConditionPart, required: string): string {
    const presence = this.resourceTest([this.resourceProgram(HAS_ACCOUNT)]);
    if (part.isNull) {
      const wantAbsent = part.values.some((v) => v.toLowerCase() === "true");
      const wantPresent = part.values.some((v) => v.toLowerCase() === "false");
      return or(wantPresent ? presence : FALSE, wantAbsent ? not(presence) : FALSE);
    }
    if (familyOf(part.base) !== "string") {
      throw new Unsupported(`'${part.key}' is compared as a ${familyOf(part.base)} value`);
    }
    const base = part.base.replace(/^Not|Not(?=[A-Z])/, "").toLowerCase();
    const programs: number[] = [];
    for (const v of part.values) {
      const prog = this.stringProgram(base, v, part.variables);
      if (prog) programs.push(this.resourceProgram(accountIs(prog)));
    }
    const m = this.resourceTest(programs);
    const value = part.negated ? not(m) : m;
    const ifMissing = part.qualifier === NONE ? bool(part.ifExists || part.negated) : bool(part.ifExists);
    if (part.qualifier === 2) return ite(presence, and(required, value), TRUE);
    return ite(presence, and(required, value), ifMissing);
  }

  // --- the decision ---

  /** Is the request allowed by this set? (engine/evaluate.ts `evaluate` and `combine`). */
  private allowed(ev: EvaluatedSet): string {
    const p = this.principal;
    const set = ev.set;
    const denies: string[] = [];
    const scp: ProverStatement[][] = Array.from({ length: set.scpLevels }, () => []);
    const boundaries: ProverStatement[][] = Array.from({ length: set.boundaries }, () => []);
    const identity: ProverStatement[] = [];
    const session: ProverStatement[] = [];
    const grants: string[][] = [[], [], [], []];
    for (const ps of ev.statements) {
      if (ps.layer === "rcp" && !this.cls.rcps) continue;
      if (ps.statement.Effect === "Deny") {
        if (ps.layer === "scp" && !scpsApply(p)) continue;
        if (ps.layer === "rcp" && p.serviceLinked) continue;
        if (this.principalPart(ps, set) === GRANT_NONE) continue;
        denies.push(this.match(ps));
        continue;
      }
      switch (ps.layer) {
        case "identity":
          identity.push(ps);
          break;
        case "resource": {
          const g = this.principalPart(ps, set);
          if (g !== GRANT_NONE) grants[g].push(this.match(ps));
          break;
        }
        case "boundary":
          boundaries[ps.level!].push(ps);
          break;
        case "scp":
          scp[ps.level!].push(ps);
          break;
        case "session":
          session.push(ps);
          break;
        default:
          break; // RCPs restrict only through Deny.
      }
    }
    const any = (list: ProverStatement[]) => or(...list.map((ps) => this.match(ps)));
    const denied = or(...denies);
    const scpOk = scpsApply(p) ? and(...scp.map(any)) : TRUE;
    const own = ownPoliciesApply(p);
    const root = p.kind === "Account";
    const identityOk = own ? any(identity) : FALSE;
    const boundaryOk = own ? and(...boundaries.map(any)) : TRUE;
    const sessionOk = !p.isSession ? TRUE : set.hasSessionPolicy ? any(session) : bool(p.kind !== "FederatedUser");
    const gD = or(...grants[GRANT_DIRECT]);
    const gR = or(...grants[GRANT_ROLE]);
    const gA = or(...grants[GRANT_ACCOUNT]);

    const cross = this.crossAccount();
    const mandatory =
      this.cls.mandatory === "trust"
        ? TRUE
        : this.cls.mandatory === "kms"
          ? this.resourceTest([this.resourceProgram(KMS_KEY)])
          : FALSE;
    const identity2 = root ? TRUE : identityOk;
    const ownOk = and(identity2, boundaryOk, sessionOk);
    const grantNone = and(not(gD), not(gR), not(gA));
    const rest = !own && !root ? gD : ownOk;
    const strict = and(
      not(grantNone),
      or(
        and(not(cross), gD),
        and(not(cross), not(gD), gR, boundaryOk, sessionOk),
        and(or(cross, and(not(gD), not(gR))), rest),
      ),
    );
    const lenient = or(gD, and(gR, boundaryOk, sessionOk), own ? ownOk : FALSE, bool(root));
    return and(not(denied), scpOk, ite(or(cross, mandatory), strict, lenient));
  }

  private crossAccount(): string {
    const account = this.principal.account;
    if (account === undefined) return FALSE;
    if (this.space.resourceAccount !== undefined) return bool(this.space.resourceAccount !== account);
    const has = this.resourceTest([this.resourceProgram(HAS_ACCOUNT)]);
    const same = this.resourceTest([this.resourceProgram(accountIs(literal(account)))]);
    return and(has, not(same));
  }

  // --- the query ---

  /**
   * The query text: declarations, definitions and `goal(allowed per set)` asserted; undefined when
   * the goal is false before solving (no solver call needed).
   */
  build(sets: EvaluatedSet[], goal: (allowed: string[]) => string, timeoutMs: number): string | undefined {
    // Pass 1 collects the strings tested on each variable; pass 2 writes the formulas.
    this.collecting = true;
    const draft = and(goal(sets.map((s) => this.allowed(s))), this.required());
    if (draft === FALSE) return undefined;
    this.collecting = false;
    this.matchCache.clear();
    this.script = new Script();
    const { formats, require } = this.domain;
    const s = this.script;
    try {
      this.resourceSignatures = explore(this.resourcePrograms, { keep: (acc) => this.inDomain(acc) });
      if (this.resourceSignatures.length === 0) return undefined;
      s.declare("r", "Int");
      s.assert(`(and (>= r 0) (< r ${this.resourceSignatures.length}))`);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      this.lazy = true;
      for (let i = 0; i < this.resourcePrograms.length; i++) s.declare(`rb${i}`, "Bool");
      s.assert(or(...formats.map((i) => `rb${i}`)));
      if (require.length > 0) s.assert(or(...require.filter((i) => i >= 0).map((i) => `rb${i}`)));
    }
    for (const key of this.free.values()) {
      key.slots = key.multi ? Math.max(1, key.sigs.size) : 1;
      if (!key.alwaysPresent) s.declare(`k${key.index}p`, "Bool");
      if (key.multi && key.slots > 1) {
        const used = Array.from({ length: key.slots }, (_, i) => s.declare(`k${key.index}u${i}`, "Bool"));
        s.assert(`(= ${this.presence(key)} ${or(...used)})`);
      }
      if (key.family === "string") {
        // A boolean key carries `true` or `false` (the catalog's type): other strings are not requests.
        const bools = catalogBoolean(key.keyLower)
          ? [this.keyProgram(key, literal("true")), this.keyProgram(key, literal("false"))]
          : [];
        key.signatures = explore(key.programs, {
          keep: bools.length > 0 ? (acc) => bools.some((i) => acc[i]) : undefined,
        });
      }
      if (key.family === "date") key.scale = dateScale(key.dates ?? new Set());
      for (let i = 0; i < key.slots; i++) this.declareSlot(key, i);
    }
    const formula = and(goal(sets.map((ev) => this.allowed(ev))), this.required());
    if (formula === FALSE) return undefined;
    this.goalFormula = formula;
    return this.text(timeoutMs, []);
  }

  /** The request matches `space.require` (true when there is none). */
  private required(): string {
    return this.requirement ? this.match(this.requirement) : TRUE;
  }

  private inDomain(acc: boolean[]): boolean {
    const { formats, require } = this.domain;
    return formats.some((i) => acc[i]) && (require.length === 0 || require.some((i) => i >= 0 && acc[i]));
  }

  /** The query with the goal and extra assertions (blocked answers of a lazy query). */
  text(timeoutMs: number, extra: string[]): string {
    return this.script.text(timeoutMs, this.script.vars, [`(assert ${this.goalFormula})`, ...extra]);
  }

  /**
   * For a lazy query's model: which of its resource literals make the goal true on their own (the
   * other variables fixed as in the model)? Asked as the unsat core of "not the goal".
   */
  implicantText(model: string, timeoutMs: number): string {
    const values = modelValues(model);
    const fixed: string[] = [];
    const lits: string[] = [];
    for (const v of this.script.vars) {
      const value = values.get(v);
      if (value === undefined) continue;
      if (/^rb\d+$/.test(v)) lits.push(value === "true" ? v : `(not ${v})`);
      else fixed.push(`(assert (= ${v} ${show(value)}))`);
    }
    return this.script.body(
      timeoutMs,
      [`(assert (not ${this.goalFormula}))`, ...fixed, `(check-sat-assuming (${lits.join(" ")}))`, "(get-unsat-core)"],
      ["(set-option :produce-unsat-cores true)"],
    );
  }

  /**
   * A resource that satisfies the literals (`rb3`, `(not rb5)`) and the domain, from the automata of
   * just those programs (remembered for `witness`); or, when none does, a smallest subset of the
   * literals that no resource satisfies (empty: the domain itself is empty), to block.
   */
  realize(literals: SExpr[]): { witness: string } | { core: SExpr[] } {
    const lits = literals.flatMap((l) => {
      const name = typeof l === "string" ? l : l[1];
      return typeof name === "string" && name.startsWith("rb")
        ? [{ id: Number(name.slice(2)), value: typeof l === "string", expr: l }]
        : [];
    });
    const found = this.satisfy(lits);
    if (found !== undefined) {
      this.resourceWitness = found;
      return { witness: found };
    }
    // Shrink: drop each literal the contradiction does not need.
    let core = lits;
    for (const l of lits) {
      const without = core.filter((x) => x !== l);
      if (this.satisfy(without) === undefined) core = without;
    }
    return { core: core.map((l) => l.expr) };
  }

  private satisfy(lits: { id: number; value: boolean }[]): string | undefined {
    const { formats, require } = this.domain;
    const ids = [...new Set([...lits.map((l) => l.id), ...formats, ...require.filter((i) => i >= 0)])];
    const at = new Map(ids.map((id, i) => [id, i]));
    const sigs = explore(
      ids.map((id) => this.resourcePrograms[id]),
      {
        first: true,
        keep: (acc) =>
          lits.every((l) => acc[at.get(l.id)!] === l.value) &&
          formats.some((id) => acc[at.get(id)!]) &&
          (require.length === 0 || require.some((id) => id >= 0 && acc[at.get(id)!])),
      },
    );
    return sigs[0]?.witness;
  }

  private declareSlot(key: FreeKey, i: number): void {
    const s = this.script;
    const k = key.index;
    switch (key.family) {
      case "string": {
        s.declare(`k${k}s${i}`, "Int");
        s.assert(`(and (>= k${k}s${i} 0) (< k${k}s${i} ${key.signatures!.length}))`);
        break;
      }
      case "numeric":
        s.declare(`k${k}v${i}`, "Bool");
        s.declare(`k${k}n${i}`, "Real");
        break;
      case "date": {
        s.declare(`k${k}v${i}`, "Bool");
        s.declare(`k${k}d${i}`, "Int");
        // What the engine reads (parseDate): epoch seconds up to ±8.64e15 ms, past ISO's years 0000-9999.
        const max = MAX_DATE_MS * key.scale;
        s.assert(`(and (>= k${k}d${i} (- ${max})) (<= k${k}d${i} ${max}))`);
        break;
      }
      case "ip":
        s.declare(`k${k}f${i}`, "Int");
        s.assert(`(and (>= k${k}f${i} 0) (<= k${k}f${i} 2))`);
        s.declare(`k${k}a${i}`, "(_ BitVec 32)");
        s.declare(`k${k}b${i}`, "(_ BitVec 128)");
        break;
      default:
        break;
    }
  }

  /** The request a model describes. */
  witness(model: string): Witness {
    const values = modelValues(model);
    const resource = this.lazy
      ? this.resourceWitness!
      : this.resourceSignatures![Number(intValue(values.get("r") ?? "0"))].witness;
    const fitting = this.cls.actions.find((a) =>
      a.domain.some((f) => programAccepts(formatProgram(f, this.space.partition), resource)),
    );
    const action = fitting ?? this.cls.actions[0];
    const context: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(this.space.pinned)) if (v !== null) context[k] = v;
    for (const key of this.free.values()) {
      const present = key.alwaysPresent || values.get(`k${key.index}p`) === "true";
      if (!present) continue;
      const out: string[] = [];
      for (let i = 0; i < key.slots; i++) {
        if (key.multi && key.slots > 1 && values.get(`k${key.index}u${i}`) !== "true") continue;
        out.push(this.slotValue(key, i, values));
      }
      context[key.asWritten] = key.multi ? [...new Set(out)] : out[0];
    }
    const request: AccessRequest = { principal: this.space.principal, action: action.name, resource, context };
    if (this.space.resourceAccount !== undefined) request.resourceAccount = this.space.resourceAccount;
    return { fits: fitting !== undefined, action: action.name, hypothetical: action.hypothetical, request };
  }

  private slotValue(key: FreeKey, i: number, values: Map<string, SExpr>): string {
    const k = key.index;
    const get = (name: string) => values.get(name);
    switch (key.family) {
      case "string":
        return key.signatures![Number(intValue(get(`k${k}s${i}`) ?? "0"))].witness;
      case "numeric":
        return get(`k${k}v${i}`) === "true" ? decimal(realValue(get(`k${k}n${i}`) ?? "0")) : "not-a-number";
      case "date":
        return get(`k${k}v${i}`) === "true" ? dateText(intValue(get(`k${k}d${i}`) ?? "0"), key.scale) : "not-a-date";
      case "ip": {
        const f = Number(intValue(get(`k${k}f${i}`) ?? "2"));
        if (f === 0) return ipv4(bitsValue(get(`k${k}a${i}`) ?? "#x00000000"));
        if (f === 1) return ipv6(bitsValue(get(`k${k}b${i}`) ?? "#x0"));
        return "not-an-ip";
      }
      default:
        return "present";
    }
  }
}

/** The widest date the engine reads, in ms (policy/condition-values.ts, `parseDate`). */
const MAX_DATE_MS = 8_640_000_000_000_000n;
/** Years 0000 to 9999 in ms: what an ISO 8601 date can say. */
const ISO_MIN_MS = -62_167_219_200_000n;
const ISO_MAX_MS = 253_402_300_799_999n;

/**
 * The units (1/scale ms, scale a power of 2) a date slot counts in, so that an integer stands for
 * every value the engine can compare differently: every policy date is a whole number of units,
 * and two policy dates are at least two units apart (a request date strictly between them exists:
 * the engine reads fractional epoch seconds, `1704067200.0005`). Whole milliseconds (scale 1)
 * unless the policies compare dates less than 2 ms apart or with fractions of a millisecond.
 */
function dateScale(dates: ReadonlySet<number>): bigint {
  const sorted = [...dates].filter(Number.isFinite).sort((a, b) => a - b);
  for (let k = 0; k < 960; k++) {
    const scale = 2 ** k;
    if (!sorted.every((d) => Number.isInteger(d * scale))) continue;
    const units = sorted.map((d) => BigInt(d * scale));
    if (units.every((u, j) => j === 0 || u === units[j - 1] || u - units[j - 1] >= 2n)) return BigInt(scale);
  }
  throw new Unsupported("dates too close together to compare");
}

/** A slot's date (`units` of 1/scale ms) as a request value: ISO 8601 when it can say it, else epoch seconds. */
function dateText(units: bigint, scale: bigint): string {
  if (units % scale === 0n) {
    const ms = units / scale;
    if (ms >= ISO_MIN_MS && ms <= ISO_MAX_MS) return new Date(Number(ms)).toISOString();
  }
  const text = decimal({ num: units, den: scale * 1000n });
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** `((x 1) (y true))` → x ↦ 1, y ↦ true. */
export function modelValues(model: string): Map<string, SExpr> {
  const values = new Map<string, SExpr>();
  for (const e of parseSExprs(model)) {
    if (!Array.isArray(e)) continue;
    for (const pair of e) if (Array.isArray(pair) && typeof pair[0] === "string") values.set(pair[0], pair[1]);
  }
  return values;
}

function show(e: SExpr): string {
  return typeof e === "string" ? e : `(${e.map(show).join(" ")})`;
}

function opText(part: ConditionPart): string {
  const q = part.qualifier === NONE ? "" : part.qualifier === ANY_VALUE ? "ForAnyValue:" : "ForAllValues:";
  return `${q}${part.base}${part.ifExists ? "IfExists" : ""}`;
}

function compare(op: string, x: string, c: string): string {
  switch (op) {
    case "equals":
      return `(= ${x} ${c})`;
    case "lessthan":
      return `(< ${x} ${c})`;
    case "lessthanequals":
      return `(<= ${x} ${c})`;
    case "greaterthan":
      return `(> ${x} ${c})`;
    case "greaterthanequals":
      return `(>= ${x} ${c})`;
    default:
      throw new Unsupported(`comparison '${op}' is not modelled`);
  }
}

function ipTest(cidr: string, k: number, i: number): string {
  const range = parseCidr(cidr);
  if (!range) return FALSE;
  if (range.v === 4) {
    if (range.bits === 0) return `(= k${k}f${i} 0)`;
    const hi = 31;
    const lo = 32 - range.bits;
    const want = (BigInt(range.base) >> BigInt(lo)).toString(2).padStart(range.bits, "0");
    return `(and (= k${k}f${i} 0) (= ((_ extract ${hi} ${lo}) k${k}a${i}) #b${want}))`;
  }
  if (range.bits === 0) return `(= k${k}f${i} 1)`;
  let value = 0n;
  for (const g of range.groups) value = (value << 16n) | BigInt(g);
  const lo = 128 - range.bits;
  const want = (value >> BigInt(lo)).toString(2).padStart(range.bits, "0");
  return `(and (= k${k}f${i} 1) (= ((_ extract 127 ${lo}) k${k}b${i}) #b${want}))`;
}

function ipv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
}

function ipv6(v: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  return groups.join(":");
}

/** A rational as a decimal string: exact when it terminates, else to 17 significant digits. */
function decimal({ num, den }: { num: bigint; den: bigint }): string {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let d = den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return (Number(num) / Number(den)).toPrecision(17);
  const digits = Math.max(twos, fives);
  const scaled = (num * 10n ** BigInt(digits)) / den;
  const neg = scaled < 0n;
  const abs = (neg ? -scaled : scaled).toString().padStart(digits + 1, "0");
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return neg ? `-${text}` : text;
}

/** engine/evaluate.ts */
function scpsApply(p: PrincipalInfo): boolean {
  return !p.serviceLinked && p.kind !== "Service" && p.kind !== "Federated" && p.kind !== "Anonymous";
}

function ownPoliciesApply(p: PrincipalInfo): boolean {
  return p.kind === "User" || p.kind === "AssumedRole" || p.kind === "FederatedUser" || p.kind === "Unknown";
}
