import { isAwsManagedPolicyArn, managedPolicy, suggestManagedPolicy } from "../../../catalog/managed-policies.js";
import { suggestionText } from "../../../diagnostics/did-you-mean.js";
import type { Diagnostic } from "../../../diagnostics/index.js";
import { quotaOf } from "../../../model/quota.js";
import type {
  AccessModel,
  ModelGroup,
  ModelInstanceProfile,
  ModelPolicy,
  ModelPolicyKind,
  ModelPrincipal,
  PolicyUnknown,
} from "../../../model/types.js";
import { unknownMarksDeep } from "../../../model/unknown-mark.js";
import { normalizePolicy } from "../../../policy/normalize.js";
import { policySize } from "../../../policy/size.js";
import type { PolicyDocument, PolicyKind, Statement } from "../../../policy/types.js";

/**
 * The model under construction while capture's handlers (one per family of resource types, in
 * `./handlers/`) read a program's resources, with the helpers they share: reading a policy
 * document, resolving a reference to a principal or a policy, recording what is unknown. Values are
 * matched by value (a role's name in an attachment, a policy's ARN), or by the resource an input
 * was computed from; what cannot be resolved is recorded as unknown, with the program resource it
 * came from, never guessed.
 */
export interface CapturedResource {
  /** Pulumi type token, e.g. `aws:iam/user:User`. */
  type: string;
  /** Logical name: principals and policies are addressed by it. */
  name: string;
  /** Inputs merged with the state the provider (or the mocks) returned. */
  props: Record<string, unknown>;
  /** Property → logical names of the resources it was computed from. */
  propertyDependencies?: Record<string, string[]>;
  /** Read with `Resource.get`: it exists outside the program. */
  read?: boolean;
}

export interface BuildOptions {
  account?: string;
  partition?: string;
  region?: string;
  source: AccessModel["source"];
  /** Reported as the `file` of diagnostics (the program's entry). */
  file?: string;
  /** Logical name → why values computed from it are unknown (a stack reference, an invisible component). */
  unseen?: Record<string, string>;
}

/** The engine's unknown sentinel (gRPC), or the SDK's `unknown` object (mocks in preview). */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export function isUnknownValue(v: unknown): boolean {
  if (v === UNKNOWN_SENTINEL) return true;
  return typeof v === "object" && v !== null && (v as { __pulumiUnknown?: unknown }).__pulumiUnknown === true;
}

/** Any Pulumi unknown anywhere inside `v`. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknownValue(v)) return true;
  if (typeof v === "string") return v.includes(UNKNOWN_SENTINEL);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && !isUnknownValue(v) && !v.includes(UNKNOWN_SENTINEL) ? v : undefined;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sortedUnique = (xs: string[]) => [...new Set(xs)].sort();

/** One table of quotas by policy kind for every input (`src/model/quota.ts`). */
export { quotaOf };

export type Holder = ModelPrincipal | ModelGroup;

/** A policy read from a program: its document, or what is unknown about it. */
export interface ReadDocument {
  document?: PolicyDocument;
  unknown?: PolicyUnknown;
}

type UnknownStatements = NonNullable<PolicyUnknown["statements"]>;

/**
 * Replace, in place, every value holding an unknown mark with `*` (so the document parses as the
 * program's valid policy would), and say which elements of which statements held one.
 */
function unmark(doc: unknown): UnknownStatements {
  if (typeof doc !== "object" || doc === null) return [];
  const raw = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: UnknownStatements = [];
  const clean = (v: unknown): unknown =>
    typeof v === "string" ? (unknownMarksDeep(v).length > 0 ? "*" : v) : Array.isArray(v) ? v.map(clean) : v;
  list.forEach((s, index) => {
    if (typeof s !== "object" || s === null || unknownMarksDeep(s).length === 0) return;
    const st = s as Record<string, unknown>;
    const elements: string[] = [];
    const conditions: [string, string][] = [];
    for (const key of ["Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal"]) {
      if (unknownMarksDeep(st[key]).length === 0) continue;
      elements.push(key);
      const v = st[key];
      st[key] =
        typeof v === "object" && v !== null && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]))
          : clean(v);
    }
    const condition = st.Condition;
    if (typeof condition === "object" && condition !== null) {
      for (const [op, keys] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
        if (typeof keys !== "object" || keys === null) continue;
        for (const [k, v] of Object.entries(keys)) {
          if (unknownMarksDeep(v).length === 0) continue;
          conditions.push([op, k]);
          keys[k] = clean(v);
        }
      }
    }
    out.push({ index, elements, conditions });
  });
  return out;
}

export class ModelDraft {
  readonly account: string;
  readonly partition: string;
  readonly region: string | undefined;
  readonly file: string | undefined;
  readonly policies = new Map<string, ModelPolicy>();
  readonly principals = new Map<string, ModelPrincipal>();
  readonly groups = new Map<string, ModelGroup>();
  readonly instanceProfiles = new Map<string, ModelInstanceProfile>();
  /** Resource ARN → the statements of its policy and the program resources they come from. */
  readonly resourcePolicies = new Map<
    string,
    { id: string; statements: Statement[]; sources: string[]; unknown: string[]; whole: boolean }
  >();
  readonly unknowns: NonNullable<AccessModel["unknowns"]> = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Managed policy ids attached somewhere (a policy only used as a boundary becomes `boundary`). */
  readonly attached = new Set<string>();
  readonly boundaries = new Set<string>();
  /** `<type> <AWS name>` → principal or group id. */
  readonly byName = new Map<string, string>();
  /** Policy ARN → id. */
  readonly policyByArn = new Map<string, string>();
  readonly resources: readonly CapturedResource[];
  private readonly unseen: Record<string, string>;

  constructor(resources: readonly CapturedResource[], opts: BuildOptions) {
    this.resources = resources;
    this.account = opts.account ?? "123456789012";
    this.partition = opts.partition ?? "aws";
    this.region = opts.region;
    this.file = opts.file;
    this.unseen = opts.unseen ?? {};
  }

  ofType(...types: string[]): CapturedResource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** Why `property` of `r` is unknown: the unseen resources it was computed from, by name. */
  private origin(r: CapturedResource, property: string): string {
    const deps = (r.propertyDependencies?.[property] ?? []).filter((d) => d in this.unseen);
    return deps.length > 0 ? ` (from ${deps.map((d) => this.unseen[d]).join("; ")})` : "";
  }

  /** Record that `property` of `r` is not known. */
  unknown(r: CapturedResource, property: string, message: string, extra: Partial<Diagnostic> = {}): string {
    const full = `${message}${this.origin(r, property)}`;
    this.unknowns.push({ resource: r.name, property, message: full });
    this.diagnostics.push({
      code: "capture-unknown-value",
      severity: "warning",
      message: `${r.name} (${r.type}): ${property}: ${full}`,
      ...(this.file ? { file: this.file } : {}),
      hint: "the value is computed by the cloud or by something outside the program; it is not guessed, and decisions that depend on it are Unknown",
      ...extra,
    });
    return `${r.name}.${property}: ${full}`;
  }

  /**
   * Read a policy document input (JSON text or an object). A document that depends on a value not
   * known offline is unknown as a whole; one holding unknown marks is kept, its marked statements
   * decided as unknown later.
   */
  readDocument(
    r: CapturedResource,
    property: string,
    kind: PolicyKind,
    required = true,
    raw = r.props[property],
  ): ReadDocument {
    if (raw === undefined || raw === null || raw === "") {
      if (!required) return {};
      const reason = this.unknown(r, property, "the policy document has no value offline");
      return { unknown: { whole: true, reasons: [reason] } };
    }
    if (containsUnknown(raw)) {
      const reason = this.unknown(r, property, "the policy document depends on a value that is not known offline");
      return { unknown: { whole: true, reasons: [reason] } };
    }
    let value: unknown = raw;
    if (typeof raw === "string") {
      try {
        value = JSON.parse(raw);
      } catch (err) {
        // The whole document stands for something not known (a policy read from the account).
        const marks = unknownMarksDeep(raw);
        if (marks.length > 0) {
          const reasons = marks.map((m) => this.unknown(r, property, `the policy document is ${m}, not known offline`));
          return { unknown: { whole: true, reasons } };
        }
        this.diagnostics.push({
          code: "capture-policy-json",
          severity: "error",
          message: `${r.name} (${r.type}): ${property} is not valid JSON: ${(err as Error).message}`,
          ...(this.file ? { file: this.file } : {}),
        });
        return {};
      }
    }
    const marks = unknownMarksDeep(value);
    const statements = marks.length > 0 ? unmark(value) : [];
    const result = normalizePolicy(value, { kind, ...(this.file ? { file: this.file } : {}) });
    for (const diag of result.diagnostics) {
      this.diagnostics.push({ ...diag, message: `${r.name} (${r.type}): ${property}: ${diag.message}` });
    }
    if (!result.document) return {};
    if (marks.length === 0) return { document: result.document };
    const reasons = marks.map((m) => this.unknown(r, property, `part of the policy is ${m}, not known offline`));
    return { document: result.document, unknown: { whole: false, reasons, statements } };
  }

  addPolicy(
    id: string,
    name: string,
    kind: ModelPolicyKind,
    policyType: PolicyKind,
    read: ReadDocument,
    extra: Partial<ModelPolicy> = {},
  ): ModelPolicy | undefined {
    if (!read.document && !read.unknown) return undefined;
    const document = read.document ?? { Version: "2012-10-17", Statement: [] };
    const quota = quotaOf(kind);
    const policy: ModelPolicy = {
      id,
      name,
      kind,
      policyType,
      document,
      size: read.document ? policySize(document) : 0,
      ...(quota === undefined ? {} : { quota }),
      ...(read.unknown ? { unknown: read.unknown } : {}),
      ...extra,
    };
    this.policies.set(id, policy);
    return policy;
  }

  holder(id: string): Holder | undefined {
    return this.principals.get(id) ?? this.groups.get(id);
  }

  /**
   * A reference to a managed policy (an ARN) → its id: one of the program's policies, an AWS managed
   * policy (its document from the offline copy), or a policy outside the program (unknown).
   */
  policyRef(r: CapturedResource, property: string, value: unknown): string | undefined {
    const arn = str(value);
    if (arn) {
      const local = this.policyByArn.get(arn);
      if (local) return local;
      if (this.policies.has(arn)) return arn;
      const aws = isAwsManagedPolicyArn(arn) ? managedPolicy(arn) : undefined;
      if (aws) {
        const read = this.readDocument(r, property, "identity", true, aws.document);
        this.addPolicy(arn, aws.name, "aws-managed", "identity", read, {
          arn,
          path: aws.path,
          description: `AWS managed policy, version ${aws.version}`,
        });
        return arn;
      }
      const suggestion = isAwsManagedPolicyArn(arn) ? suggestManagedPolicy(arn) : undefined;
      const message = isAwsManagedPolicyArn(arn)
        ? `${arn} is not an AWS managed policy in the offline copy${suggestion ? ` (${suggestionText([suggestion])})` : " (newer than the copy, or misspelled)"}`
        : `${arn} is not defined in this program; what it grants is not known`;
      const reason = this.unknown(r, property, message, { code: "capture-external-policy" });
      this.addPolicy(
        arn,
        arn.slice(arn.lastIndexOf("/") + 1),
        isAwsManagedPolicyArn(arn) ? "aws-managed" : "managed",
        "identity",
        {
          unknown: { whole: true, reasons: [reason] },
        },
        { arn },
      );
      return arn;
    }
    const deps = r.propertyDependencies?.[property] ?? [];
    const dep = deps.find((n) => this.ofType("aws:iam/policy:Policy").some((p) => p.name === n));
    if (dep) return dep;
    const reason = this.unknown(r, property, "the policy it refers to is not known");
    const id = `unknown:${r.name}.${property}`;
    this.addPolicy(id, id, "managed", "identity", { unknown: { whole: true, reasons: [reason] } });
    return id;
  }

  /** A reference to a user, group or role (its name, or its ARN) → its id. */
  principalRef(r: CapturedResource, property: string, value: unknown, types: string[]): string | undefined {
    const raw = str(value);
    if (raw !== undefined) {
      // A name, or (where AWS accepts one) an ARN: `arn:aws:iam::1:role/path/name` → name.
      const name = /^arn:[^:]+:iam::\d{12}:(?:role|user|group)\//.test(raw) ? raw.slice(raw.lastIndexOf("/") + 1) : raw;
      for (const t of types) {
        const id = this.byName.get(`${t} ${name}`);
        if (id) return id;
      }
      this.unknown(r, property, `${name} is not defined in this program`);
      return undefined;
    }
    const deps = r.propertyDependencies?.[property] ?? [];
    const dep = deps.find((n) => this.resources.some((x) => types.includes(x.type) && x.name === n));
    if (dep) return dep;
    this.unknown(r, property, "the principal it refers to is not known");
    return undefined;
  }

  attach(ownerId: string, policyId: string): void {
    const owner = this.holder(ownerId);
    if (!owner) return;
    owner.managedPolicies.push(policyId);
    this.attached.add(policyId);
  }

  tagsOf(r: CapturedResource): Record<string, string> {
    const tags = r.props.tags;
    if (typeof tags !== "object" || tags === null || isUnknownValue(tags)) return {};
    return Object.fromEntries(
      Object.entries(tags as Record<string, unknown>)
        .filter(([, v]) => typeof v === "string" && !isUnknownValue(v))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ) as Record<string, string>;
  }

  /** Add statements to the resource policy of `resourceArn` (several resources may make up one, e.g. Lambda permissions). */
  addResourceStatements(resourceArn: string, source: string, read: ReadDocument): void {
    const entry = this.resourcePolicies.get(resourceArn) ?? {
      id: source,
      statements: [],
      sources: [],
      unknown: [],
      whole: false,
    };
    entry.statements.push(...(read.document?.Statement ?? []));
    entry.sources.push(source);
    if (read.unknown) {
      entry.unknown.push(...read.unknown.reasons);
      entry.whole ||= read.unknown.whole;
    }
    this.resourcePolicies.set(resourceArn, entry);
  }

  /** The finished model, every list sorted by id. */
  finish(source: AccessModel["source"]): AccessModel {
    // A managed policy used only as a permissions boundary is a boundary.
    for (const id of this.boundaries) {
      const p = this.policies.get(id);
      if (p && p.kind === "managed" && !this.attached.has(id))
        this.policies.set(id, { ...p, kind: "boundary", policyType: "boundary" });
    }
    const resourcePolicies: AccessModel["resourcePolicies"] = [];
    for (const [resourceArn, entry] of [...this.resourcePolicies].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const id = entry.sources.length === 1 ? entry.id : `${entry.id}+${entry.sources.length - 1}`;
      const document: PolicyDocument = { Version: "2012-10-17", Statement: entry.statements };
      this.policies.set(id, {
        id,
        name: entry.sources.join(", "),
        kind: "resource",
        policyType: "resource",
        document,
        size: policySize(document),
        owner: resourceArn,
        ...(entry.unknown.length > 0 ? { unknown: { whole: entry.whole, reasons: entry.unknown } } : {}),
      });
      resourcePolicies.push({ id, resourceArn, policyId: id, sources: sortedUnique(entry.sources) });
    }
    for (const p of this.principals.values()) {
      p.groups = sortedUnique(p.groups);
      p.managedPolicies = sortedUnique(p.managedPolicies);
      p.inlinePolicies = sortedUnique(p.inlinePolicies);
    }
    for (const g of this.groups.values()) {
      g.managedPolicies = sortedUnique(g.managedPolicies);
      g.inlinePolicies = sortedUnique(g.inlinePolicies);
    }
    const principals = [...this.principals.values()].sort(byId);
    const identity = principals.some((p) => p.kind === "permission-set")
      ? "identity-center"
      : principals.some((p) => p.kind === "user")
        ? "iam-users"
        : principals.some((p) => p.kind === "role")
          ? "iam-roles"
          : undefined;
    const profiles = [...this.instanceProfiles.values()].sort(byId);
    return {
      source,
      account: this.account,
      partition: this.partition,
      ...(this.region ? { region: this.region } : {}),
      ...(identity ? { identity } : {}),
      principals,
      groups: [...this.groups.values()].sort(byId),
      policies: [...this.policies.values()].sort(byId),
      resourcePolicies: resourcePolicies.sort(byId),
      ...(profiles.length > 0 ? { instanceProfiles: profiles } : {}),
      ...(this.unknowns.length > 0 ? { unknowns: this.unknowns } : {}),
    };
  }
}
