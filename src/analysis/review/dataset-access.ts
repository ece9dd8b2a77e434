import { modelHasUnknowns } from "../../model/decide.js";
import type { AccessModel } from "../../model/types.js";
import type { Statement } from "../../policy/types.js";
import { ACTION_PATTERN, matches } from "../../policy/wildcard.js";
import { type Candidates, type ModelAccess, modelAccess, type PrincipalAccess } from "./principal-access.js";
import { ResourcePrefixIndex } from "./resource-index.js";
import type { AccessStatus } from "./types.js";
import { canonicalAction, whoCan, whoCanEntry } from "./who-can.js";

/**
 * Who may read and who may change each dataset's objects: the engine's who-can over the dataset's
 * prefix (`arn:aws:s3:::bucket/prefix*`), for a normal signed-in session. Reading is
 * `s3:GetObject`; changing is `s3:PutObject` or `s3:DeleteObject`. A principal allowed on part of
 * the prefix counts (it may read that part); a grant that holds only under conditions is
 * `Conditional`, never `Allowed`.
 */

export interface DatasetDefinition {
  bucket: string;
  /** Key prefix, ending with `/`, or empty for the whole bucket. */
  prefix: string;
  classification?: string;
}

export interface DatasetAccess {
  name: string;
  bucket: string;
  prefix: string;
  classification?: string;
  /** Principals that may read or change it, sorted by id. */
  access: Array<{ principal: string; read?: AccessStatus; write?: AccessStatus }>;
}

export const READ_ACTIONS = ["s3:GetObject"] as const;
export const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject"] as const;

/** The stronger of two statuses: outright beats only-under-conditions. */
function stronger(a: AccessStatus | undefined, b: AccessStatus | undefined): AccessStatus | undefined {
  if (a === "Allowed" || b === "Allowed") return "Allowed";
  return a ?? b;
}

/** Who holds `actions` on `resource`, each principal with the stronger of its statuses (the engine's who-can). */
function holders(model: AccessModel, actions: readonly string[], resource: string): Map<string, AccessStatus> {
  const out = new Map<string, AccessStatus>();
  for (const action of actions) {
    for (const e of whoCan(model, { action, resource }).principals) {
      const s = stronger(out.get(e.principal), e.status);
      if (s) out.set(e.principal, s);
    }
  }
  return out;
}

/**
 * The same answers as `holders`, in time linear in the datasets and the grants: per action, the
 * principals whose Allow statements name a resource pattern that may share an object with the
 * dataset's prefix (by literal prefix, `ResourcePrefixIndex`) are the only ones who-can could
 * list, and of each one's candidate patterns only those so related to the prefix take part. A
 * dataset no grant reaches costs a few look-ups. Resource policies can grant on their own (no
 * identity allow needed): with any, every principal is asked, still through the index of its grants.
 */
class DatasetHolders {
  private readonly shared: ModelAccess;
  private readonly accesses = new Map<string, PrincipalAccess>();
  /** Per action: the principals by the resource patterns of their Allow statements that may apply to it. */
  private readonly allows = new Map<string, ResourcePrefixIndex<string>>();
  /** Per principal and action: its candidate patterns for the action (`candidates()`). */
  private readonly granted = new Map<string, ResourcePrefixIndex<string>>();
  /** Per principal and service: its candidates for the service's actions (`candidatesIn`). */
  private readonly serviceCandidates = new Map<string, Candidates>();
  private readonly everyone?: string[];

  constructor(model: AccessModel, actions: readonly string[]) {
    this.shared = modelAccess(model);
    const ids = model.principals.map((p) => p.id).sort();
    if (model.resourcePolicies.length > 0) {
      this.everyone = ids;
      return;
    }
    for (const action of actions) this.allows.set(action, new ResourcePrefixIndex());
    for (const id of ids) {
      const access = this.access(id);
      for (const policy of access.identityPolicies) {
        for (const st of policy.document.Statement) {
          if (st.Effect !== "Allow") continue;
          // `NotResource`, or no resource at all: any resource (the literal prefix of `*` is empty).
          const resources = st.Resource && !st.NotResource ? st.Resource : ["*"];
          for (const action of actions) {
            if (!this.mayApply(st, action)) continue;
            const index = this.allows.get(action)!;
            for (const r of resources) index.add(r, id);
          }
        }
      }
    }
  }

  /** Whether a statement's action element may name `action` (a `NotAction` always may). */
  private mayApply(st: Statement, action: string): boolean {
    if (!st.Action) return true;
    if (st.Action.some((a) => matches(a, action, ACTION_PATTERN))) return true;
    return this.shared.statementActionSet(st).has(this.canonical(action));
  }

  /** `canonicalAction` of the few actions asked about, looked up once each (not once per statement). */
  private readonly canonicals = new Map<string, string>();

  private canonical(action: string): string {
    let c = this.canonicals.get(action);
    if (c === undefined) {
      c = canonicalAction(this.shared, action);
      this.canonicals.set(action, c);
    }
    return c;
  }

  private access(id: string): PrincipalAccess {
    let a = this.accesses.get(id);
    if (!a) {
      a = this.shared.principal(id);
      this.accesses.set(id, a);
    }
    return a;
  }

  /**
   * A principal's candidates for the actions of one service: an action's are the same as among all
   * of the principal's candidates (`candidates(services)` only leaves the other services' actions
   * out), without expanding every other service's (S3 is all a dataset asks about).
   */
  private candidatesIn(id: string, service: string): Candidates {
    const key = `${id}\u0000${service}`;
    let c = this.serviceCandidates.get(key);
    if (!c) {
      c = this.access(id).candidates(new Set([service]));
      this.serviceCandidates.set(key, c);
    }
    return c;
  }

  private grantedIndex(id: string, canonical: string): ResourcePrefixIndex<string> {
    const key = `${id}\u0000${canonical}`;
    let index = this.granted.get(key);
    if (!index) {
      index = new ResourcePrefixIndex();
      const service = this.shared.view.actionMeta(canonical)?.service;
      const candidates = service === undefined ? undefined : this.candidatesIn(id, service);
      for (const r of candidates?.get(canonical)?.resources ?? []) index.add(r, r);
      this.granted.set(key, index);
    }
    return index;
  }

  holders(actions: readonly string[], resource: string): Map<string, AccessStatus> {
    const out = new Map<string, AccessStatus>();
    for (const action of actions) {
      const ids = this.everyone ?? [...new Set(this.allows.get(action)?.query(resource) ?? [])].sort();
      if (ids.length === 0) continue;
      const canonical = this.canonical(action);
      for (const id of ids) {
        const granted = this.grantedIndex(id, canonical).query(resource).sort();
        const e = whoCanEntry(this.access(id), { action, resource }, canonical, granted);
        if (!e) continue;
        const s = stronger(out.get(e.principal), e.status);
        if (s) out.set(e.principal, s);
      }
    }
    return out;
  }
}

/**
 * Each dataset (sorted by name) with who may read and change it. `options.index: false` asks the
 * engine's who-can about every dataset instead of using the prefix index (the reference the index
 * is tested against; also the path taken when capture left unknowns).
 */
export function datasetAccess(
  model: AccessModel,
  datasets: Readonly<Record<string, DatasetDefinition>>,
  options: { index?: boolean } = {},
): DatasetAccess[] {
  // What capture could not see moves principals to who-can's `unknown`: asked as who-can asks.
  const brute = options.index === false || modelHasUnknowns(model);
  const indexed = brute ? undefined : new DatasetHolders(model, [...READ_ACTIONS, ...WRITE_ACTIONS]);
  return Object.keys(datasets)
    .sort()
    .map((name) => {
      const d = datasets[name]!;
      const resource = `arn:${model.partition}:s3:::${d.bucket}/${d.prefix}*`;
      const read = indexed ? indexed.holders(READ_ACTIONS, resource) : holders(model, READ_ACTIONS, resource);
      const write = indexed ? indexed.holders(WRITE_ACTIONS, resource) : holders(model, WRITE_ACTIONS, resource);
      const access = [...new Set([...read.keys(), ...write.keys()])].sort().map((principal) => ({
        principal,
        ...(read.has(principal) ? { read: read.get(principal) } : {}),
        ...(write.has(principal) ? { write: write.get(principal) } : {}),
      }));
      return {
        name,
        bucket: d.bucket,
        prefix: d.prefix,
        ...(d.classification ? { classification: d.classification } : {}),
        access,
      };
    });
}
