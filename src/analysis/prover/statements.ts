/**
 * A policy set as the prover reads it: every statement with the layer and level it came from, its
 * action test (the engine's), and a canonical key so the same statement in the old and the new
 * version is recognised as the same.
 */
import { compileActions } from "../../engine/compile.js";
import type { Layer } from "../../engine/types.js";
import { hasNormalizedShape, normalizePolicy } from "../../policy/normalize.js";
import type { PolicySet } from "../../policy/policy-set.js";
import type { NamedPolicy, PolicyDocument, PolicyKind, Statement } from "../../policy/types.js";

export interface ProverStatement {
  layer: Layer;
  /** SCP/RCP level or boundary index. */
  level?: number;
  /** Where it came from, for reports (`identity: team-policy #2`). */
  origin: string;
  statement: Statement;
  /** Policy variables are substituted (the document's Version is 2012-10-17). */
  variables: boolean;
  /** Does the statement's Action/NotAction match this lower-cased action? */
  action: (lowerAction: string) => boolean;
  /** The action element as a key: statements with equal keys match the same actions. */
  actionKey: string;
  /**
   * Everything but the action element that decides how the statement applies: within one action
   * class (where the action element is already known to match) statements with equal keys decide alike.
   */
  key: string;
}

export interface ProverSet {
  statements: ProverStatement[];
  boundaries: number;
  scpLevels: number;
  rcpLevels: number;
  hasResourcePolicy: boolean;
  hasSessionPolicy: boolean;
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortedKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function statementKey(st: Statement): string {
  const { Sid: _sid, Action: _a, NotAction: _n, ...rest } = st;
  return JSON.stringify(sortedKeys(rest));
}

const actionTests = new Map<string, (a: string) => boolean>();

function actionTest(st: Statement): { test: (a: string) => boolean; key: string } {
  const key = JSON.stringify(st.Action ? { A: st.Action } : { N: st.NotAction ?? [] });
  let test = actionTests.get(key);
  if (!test) {
    const positive = compileActions(st.Action ?? st.NotAction ?? []);
    test = st.Action ? positive : (a: string) => !positive(a);
    if (actionTests.size > 10_000) actionTests.clear();
    actionTests.set(key, test);
  }
  return { test, key };
}

const LAYER_KINDS: Record<Layer, PolicyKind[]> = {
  identity: ["identity"],
  resource: ["resource", "trust"],
  boundary: ["boundary"],
  scp: ["scp"],
  rcp: ["rcp"],
  session: ["session"],
};

/**
 * The document in the normalized form, as the engine decides it: raw JSON as AWS accepts it (a
 * string for a list, a scalar condition value) is read as its normalized form, not misread (a
 * string `Action` matched nothing, so an allow was "proven" never to apply). The caller's
 * evaluator has validated the set (`createEvaluator` throws on a document IAM would reject).
 */
function normalized(doc: PolicyDocument, layer: Layer): PolicyDocument {
  if (Array.isArray(doc.Statement) && doc.Statement.every(hasNormalizedShape)) return doc;
  for (const kind of LAYER_KINDS[layer]) {
    const n = normalizePolicy(doc, { kind, engine: true }).document;
    if (n) return n;
  }
  throw new Error(`prover: a ${layer} policy that does not normalize`);
}

export function readSet(set: PolicySet): ProverSet {
  const statements: ProverStatement[] = [];
  const add = (p: NamedPolicy, layer: Layer, fallback: string, level?: number) => {
    const document = normalized(p.document, layer);
    const variables = document.Version === "2012-10-17";
    document.Statement.forEach((st, i) => {
      const { test, key: actionKey } = actionTest(st);
      statements.push({
        layer,
        level,
        origin: `${p.name ?? fallback} #${i}${st.Sid ? ` (${st.Sid})` : ""}`,
        statement: st,
        variables,
        action: test,
        actionKey,
        key: `${layer}|${level ?? ""}|${variables ? 1 : 0}|${statementKey(st)}`,
      });
    });
  };
  for (const [i, p] of set.identityPolicies.entries()) add(p, "identity", `identityPolicies[${i}]`);
  if (set.resourcePolicy) add(set.resourcePolicy, "resource", "resourcePolicy");
  for (const [i, p] of (set.permissionBoundaries ?? []).entries()) add(p, "boundary", `permissionBoundaries[${i}]`, i);
  for (const [l, level] of (set.scps ?? []).entries()) {
    for (const [i, p] of level.entries()) add(p, "scp", `scps[${l}][${i}]`, l);
  }
  for (const [l, level] of (set.rcps ?? []).entries()) {
    for (const [i, p] of level.entries()) add(p, "rcp", `rcps[${l}][${i}]`, l);
  }
  if (set.sessionPolicy) add(set.sessionPolicy, "session", "sessionPolicy");
  return {
    statements,
    boundaries: set.permissionBoundaries?.length ?? 0,
    scpLevels: set.scps?.length ?? 0,
    rcpLevels: set.rcps?.length ?? 0,
    hasResourcePolicy: !!set.resourcePolicy,
    hasSessionPolicy: !!set.sessionPolicy,
  };
}

/** The set-level facts (besides statements) a decision depends on. */
export function shapeKey(s: ProverSet): string {
  return `${s.boundaries}|${s.scpLevels}|${s.hasSessionPolicy ? 1 : 0}`;
}
