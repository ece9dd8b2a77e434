import type { Diagnostic, SourceLocation } from "../diagnostics/index.js";
import { teamPersonas } from "../input/team-spec/load.js";
import type { Spec, TeamSpec } from "../input/team-spec/types.js";
import type { AccessModel, AccessTest, ModelGroup, ModelPolicy, ModelPrincipal } from "../model/types.js";
import { PolicyQuotas, policySize } from "../policy/size.js";
import type { Statement } from "../policy/types.js";
import { fitBoundary } from "./boundary.js";
import { type ActivityLibrary, defaultLibrary } from "./library.js";
import { boundaryName, executionRoleName, iamArn, ids, NameLimits, personaName, teamPath } from "./names.js";
import { POLICY_VERSION, packStatements } from "./pack.js";
import { TEAM_TAG, teamContext } from "./team-context.js";
import { trustPolicyForPersona, trustPolicyForService } from "./trust.js";

export interface CompileOptions {
  /** The activity library (tests may pass a small fake). */
  library?: ActivityLibrary;
  /** Recorded as the model's source path. */
  source?: string;
}

export interface CompileResult {
  model?: AccessModel;
  diagnostics: Diagnostic[];
}

export { TEAM_TAG };
export const MEMBER_TAG = "ai-iam:member";
export const SAGEMAKER_SERVICE = "sagemaker.amazonaws.com";

/** AWS: IAM Identity Center User Guide, "IAM Identity Center quotas" — customer managed policies per permission set. */
export const MANAGED_POLICIES_PER_PERMISSION_SET = 10;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sortedKeys = (o: object) => Object.keys(o).sort();

/**
 * Spec → AccessModel. Per team: a permissions boundary (the most the team can ever do, with the
 * guardrails' explicit Denies), a SageMaker execution role, and per persona in use a group (IAM
 * users), role (IAM roles) or permission set (Identity Center) holding the persona's packed
 * policies; IAM users per member in `iam-users` mode. Deterministic: everything is iterated in
 * sorted order and every list in the model is sorted by id.
 */
export function compileSpec(spec: Spec, options: CompileOptions = {}): CompileResult {
  const c = new Compiler(spec, options.library ?? defaultLibrary());
  for (const team of sortedKeys(spec.teams)) c.team(spec.teams[team]);
  c.checkUserNames();
  const tests = c.tests();
  if (c.diagnostics.some((d) => d.severity === "error")) return { diagnostics: c.diagnostics };
  const model: AccessModel = {
    source: { kind: "spec", path: options.source ?? spec.files[0] ?? "" },
    organization: spec.organization,
    account: spec.account,
    partition: spec.partition,
    region: spec.region,
    identity: spec.identity,
    principals: c.principals.sort(byId),
    groups: c.groups.sort(byId),
    policies: c.policies.sort(byId),
    resourcePolicies: [],
    tests,
    ...clientContextOf(spec, c.library),
  };
  return { model, diagnostics: c.diagnostics };
}

/** What the organization's approved client sends (the library knows; the compiler only records it). */
function clientContextOf(spec: Spec, library: ActivityLibrary): Pick<AccessModel, "clientContext"> {
  const contexts = library.clientContext(spec);
  return contexts.length > 0 ? { clientContext: contexts } : {};
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  readonly principals: ModelPrincipal[] = [];
  readonly groups: ModelGroup[] = [];
  readonly policies: ModelPolicy[] = [];

  constructor(
    readonly spec: Spec,
    readonly library: ActivityLibrary,
  ) {}

  private loc(key: string): SourceLocation | undefined {
    return this.spec.locations.get(key);
  }

  private error(message: string, at: SourceLocation | undefined, hint?: string, code = "compile-quota"): void {
    this.diagnostics.push({ code, severity: "error", message, ...(at ?? {}), ...(hint ? { hint } : {}) });
  }

  private checkName(kind: keyof typeof NameLimits, name: string, at: SourceLocation | undefined): void {
    if (name.length > NameLimits[kind]) {
      this.error(
        `The ${kind} name "${name}" is ${name.length} characters; AWS allows at most ${NameLimits[kind]}.`,
        at,
        "Shorten the organization, team or persona name.",
        "compile-name-too-long",
      );
    }
  }

  private addPolicy(p: Omit<ModelPolicy, "size" | "arn" | "path"> & { path?: string; size?: number }): ModelPolicy {
    const policy: ModelPolicy = { ...p, size: p.size ?? policySize(p.document) } as ModelPolicy;
    if ((p.kind === "managed" || p.kind === "boundary") && p.path) {
      policy.arn = iamArn(this.spec, "policy", p.path, p.name);
    }
    this.policies.push(policy);
    return policy;
  }

  team(team: TeamSpec): void {
    const spec = this.spec;
    const t = team.name;
    const path = teamPath(spec, t);
    const at = this.loc(`teams.${t}`);
    const execName = executionRoleName(spec, t);
    this.checkName("role", execName, at);
    const teamCtx = teamContext(spec, t);
    const execArn = teamCtx.executionRoleArn;
    const personas = teamPersonas(team);
    const tags = { [TEAM_TAG]: t };

    // The boundary is the ceiling (the most the team can ever do, widened if needed to fit one
    // managed policy); the guardrails' explicit Denies go into every principal's own policies —
    // all but those that only make sense for a signed-in IAM user (MFA, `${aws:username}`), which
    // would deny the execution role everything and so go into the members' groups only.
    const boundaryId = ids.boundary(t);
    const bName = boundaryName(spec, t);
    this.checkName("policy", bName, at);
    const guardrails = this.library.guardrails(teamCtx);
    const userOnly = guardrails.denies.filter(isForIamUsersOnly);
    const denies = guardrails.denies.filter((s) => !isForIamUsersOnly(s));
    const fitted = fitBoundary(guardrails.boundary, PolicyQuotas.managedPolicySize);
    const boundary = this.addPolicy({
      id: boundaryId,
      name: bName,
      kind: "boundary",
      policyType: "boundary",
      path,
      description:
        `The most team ${t} of ${spec.organization} can ever do` +
        (fitted.level > 0 ? ` (widened, step ${fitted.level}, to fit one managed policy).` : "."),
      document: { Version: POLICY_VERSION, Statement: fitted.statements },
      quota: PolicyQuotas.managedPolicySize,
      ...(at ? { location: at } : {}),
    });
    if (boundary.size > PolicyQuotas.managedPolicySize) {
      this.error(
        `The permissions boundary of team "${t}" is ${boundary.size} characters even widened; a managed policy ` +
          `holds at most ${PolicyQuotas.managedPolicySize}.`,
        at,
        "Use fewer activities or datasets in this team, or split the team.",
      );
    }

    // The team's SageMaker execution role: only what its jobs need.
    const execId = ids.executionRole(t);
    const execPolicies = this.packManaged(
      execId,
      execName,
      path,
      [...this.library.executionRole(teamCtx), ...denies],
      at,
      {
        maxPolicies: PolicyQuotas.managedPoliciesPerRole,
        what: `the execution role of team "${t}"`,
      },
    );
    const execTrust = this.addPolicy({
      id: ids.trust(execId),
      name: `${execName}-trust`,
      kind: "trust",
      policyType: "trust",
      document: trustPolicyForService(SAGEMAKER_SERVICE, spec.account),
      quota: PolicyQuotas.roleTrustPolicySize,
      owner: execId,
      ...(at ? { location: at } : {}),
    });
    this.principals.push({
      id: execId,
      kind: "role",
      name: execName,
      arn: execArn,
      path,
      team: t,
      human: false,
      service: SAGEMAKER_SERVICE,
      tags: { ...tags },
      groups: [],
      managedPolicies: execPolicies,
      inlinePolicies: [],
      boundary: boundaryId,
      trustPolicy: execTrust.id,
      ...(at ? { location: at } : {}),
    });

    // One group, role or permission set per persona in use.
    for (const persona of personas) {
      const pid = ids.persona(t, persona);
      const name = personaName(spec, t, persona);
      const firstMember = sortedKeys(team.members).find((m) => team.members[m].includes(persona));
      const pAt = this.loc(`teams.${t}.members.${firstMember}`) ?? at;
      const statements = [...this.library.personaStatements(teamCtx, persona), ...denies];
      if (spec.identity === "identity-center") {
        this.permissionSet(pid, name, persona, t, path, statements, boundaryId, tags, pAt);
        continue;
      }
      if (spec.identity === "iam-users") {
        this.checkName("group", name, pAt);
        // Members are IAM users: their groups also carry MFA self-service and the user-only denies.
        const all = [...statements, ...guardrails.selfService, ...userOnly];
        const policyIds = this.packManaged(pid, name, path, all, pAt, {
          maxPolicies: PolicyQuotas.managedPoliciesPerGroup,
          what: `group "${pid}"`,
        });
        this.groups.push({
          id: pid,
          name,
          arn: iamArn(spec, "group", path, name),
          path,
          team: t,
          persona,
          managedPolicies: policyIds,
          inlinePolicies: [],
          ...(pAt ? { location: pAt } : {}),
        });
        continue;
      }
      // iam-roles
      this.checkName("role", name, pAt);
      const policyIds = this.packManaged(pid, name, path, statements, pAt, {
        maxPolicies: PolicyQuotas.managedPoliciesPerRole,
        what: `role "${pid}"`,
      });
      const trust = this.addPolicy({
        id: ids.trust(pid),
        name: `${name}-trust`,
        kind: "trust",
        policyType: "trust",
        document: trustPolicyForPersona(spec),
        quota: PolicyQuotas.roleTrustPolicySize,
        owner: pid,
        ...(pAt ? { location: pAt } : {}),
      });
      this.principals.push({
        id: pid,
        kind: "role",
        name,
        arn: iamArn(spec, "role", path, name),
        path,
        team: t,
        persona,
        human: true,
        tags: { ...tags },
        groups: [],
        managedPolicies: policyIds,
        inlinePolicies: [],
        boundary: boundaryId,
        trustPolicy: trust.id,
        ...(pAt ? { location: pAt } : {}),
      });
    }

    if (spec.identity === "iam-users") {
      for (const member of sortedKeys(team.members)) {
        const mAt = this.loc(`teams.${t}.members.${member}`);
        this.checkName("user", member, mAt);
        const groups = team.members[member].map((p) => ids.persona(t, p)).sort();
        if (groups.length > PolicyQuotas.groupsPerUser) {
          this.error(
            `Member "${t}/${member}" would be in ${groups.length} groups; IAM allows ${PolicyQuotas.groupsPerUser}.`,
            mAt,
            "Give the member fewer personas, or declare a custom persona that combines their activities.",
          );
        }
        this.principals.push({
          id: ids.member(t, member),
          kind: "user",
          name: member,
          arn: iamArn(spec, "user", path, member),
          path,
          team: t,
          ...(team.members[member].length === 1 ? { persona: team.members[member][0] } : {}),
          human: true,
          tags: { [MEMBER_TAG]: member, ...tags },
          groups,
          managedPolicies: [],
          inlinePolicies: [],
          boundary: boundaryId,
          forceDestroy: true,
          ...(mAt ? { location: mAt } : {}),
        });
      }
    }
  }

  /** Packs statements into managed policies `<owner>/policy-1..n`; returns their ids. */
  private packManaged(
    owner: string,
    baseName: string,
    path: string,
    statements: Statement[],
    at: SourceLocation | undefined,
    opts: { maxPolicies: number; what: string },
  ): string[] {
    if (statements.length === 0) return [];
    const packed = packStatements(statements, {
      maxSize: PolicyQuotas.managedPolicySize,
      maxPolicies: opts.maxPolicies,
    });
    if (!packed.fits) {
      this.error(
        packed.oversized.length > 0
          ? `A statement for ${opts.what} is larger than a managed policy can hold ` +
              `(${PolicyQuotas.managedPolicySize} characters).`
          : `The policies of ${opts.what} need ${packed.documents.length} managed policies ` +
              `(${packed.totalSize} characters); AWS attaches at most ${opts.maxPolicies}.`,
        at,
        "Give it fewer activities or datasets (a custom persona), or split the team.",
      );
    }
    return packed.documents.map((document, i) => {
      const id = ids.policy(owner, i + 1);
      const name = `${baseName}-${i + 1}`;
      this.checkName("policy", name, at);
      this.addPolicy({
        id,
        name,
        kind: "managed",
        policyType: "identity",
        path,
        description: `Managed by ai-iam: ${owner}, part ${i + 1} of ${packed.documents.length}.`,
        document,
        size: packed.sizes[i],
        quota: PolicyQuotas.managedPolicySize,
        ...(at ? { location: at } : {}),
      });
      return id;
    });
  }

  /**
   * A permission set holds one inline policy of at most 10,240 characters; what does not fit goes
   * into customer managed policies it references by name (at most 10; they must exist in every
   * account it is assigned to, which deploying this model does for its own account).
   * AWS: IAM Identity Center User Guide, "IAM Identity Center quotas".
   */
  private permissionSet(
    pid: string,
    name: string,
    persona: string,
    team: string,
    path: string,
    statements: Statement[],
    boundaryId: string,
    tags: Record<string, string>,
    at: SourceLocation | undefined,
  ): void {
    this.checkName("permissionSet", name, at);
    const inlineQuota = PolicyQuotas.permissionSetInlineSize;
    const packed = packStatements(statements, { maxSize: inlineQuota, maxPolicies: 1 });
    const inline: string[] = [];
    let managed: string[] = [];
    const first = packed.documents[0];
    if (first) {
      const id = ids.inlinePolicy(pid);
      this.addPolicy({
        id,
        name: `${name}-inline`,
        kind: "permission-set-inline",
        policyType: "identity",
        document: first,
        size: packed.sizes[0],
        quota: inlineQuota,
        owner: pid,
        ...(at ? { location: at } : {}),
      });
      inline.push(id);
    }
    if (packed.documents.length > 1 || packed.oversized.length > 0) {
      const rest = [...packed.documents.slice(1).flatMap((d) => d.Statement), ...packed.oversized];
      managed = this.packManaged(pid, name, path, rest, at, {
        maxPolicies: MANAGED_POLICIES_PER_PERMISSION_SET,
        what: `permission set "${pid}" (beyond its ${inlineQuota}-character inline policy)`,
      });
    }
    this.principals.push({
      id: pid,
      kind: "permission-set",
      name,
      // The role a permission set provisions: its name carries a suffix AWS picks at provisioning.
      arn: iamArn(this.spec, "role", "/aws-reserved/sso.amazonaws.com/", `AWSReservedSSO_${name}`),
      path: "/aws-reserved/sso.amazonaws.com/",
      team,
      persona,
      human: true,
      tags: { ...tags },
      groups: [],
      managedPolicies: managed,
      inlinePolicies: inline,
      boundary: boundaryId,
      assignedGroup: ids.identityStoreGroup(team, persona),
      ...(at ? { location: at } : {}),
    });
  }

  /** IAM user names are unique per account, whatever their path: a member in two teams collides. */
  checkUserNames(): void {
    if (this.spec.identity !== "iam-users") return;
    const seen = new Map<string, string>();
    for (const t of sortedKeys(this.spec.teams)) {
      for (const m of sortedKeys(this.spec.teams[t].members)) {
        const prev = seen.get(m);
        if (prev) {
          this.error(
            `Member "${m}" is in teams "${prev}" and "${t}"; IAM user names are unique in an account, so ` +
              `both would be the user "${m}".`,
            this.loc(`teams.${t}.members.${m}`),
            `Give the person one entry and a custom persona, or distinct names (e.g. "${m}-${t}").`,
            "compile-duplicate-user",
          );
        } else seen.set(m, t);
      }
    }
  }

  /**
   * The spec's tests with principals resolved to model principals: with roles or permission sets a
   * member acts through their persona's principal, so `team/member` names it (a member with several
   * personas must name one: `team/<persona>`).
   */
  tests(): AccessTest[] {
    const out: AccessTest[] = [];
    for (const t of this.spec.tests) {
      let principal = t.principal;
      const [team, name] = t.principal.split("/", 2);
      const personas = this.spec.teams[team]?.members[name];
      if (personas && this.spec.identity !== "iam-users") {
        if (personas.length > 1) {
          this.error(
            `Test principal "${t.principal}" plays several personas (${personas.join(", ")}); with ` +
              `${this.spec.identity} each is a separate principal.`,
            t.location,
            `Name one: ${personas.map((p) => `${team}/${p}`).join(" or ")}.`,
            "compile-ambiguous-principal",
          );
          continue;
        }
        principal = ids.persona(team, personas[0]);
      }
      out.push({
        principal,
        action: t.action,
        resource: t.resource,
        expect: t.expect,
        ...(t.context ? { context: t.context } : {}),
        ...(t.absent ? { absent: t.absent } : {}),
        ...(t.location ? { location: t.location } : {}),
      });
    }
    return out;
  }
}

/**
 * A Deny that depends on the caller being a signed-in IAM user — on `aws:MultiFactorAuthPresent`
 * (absent from a service's role session, so `BoolIfExists` would deny the execution role
 * everything) or on `${aws:username}` (which only IAM users have).
 */
export function isForIamUsersOnly(s: Statement): boolean {
  const text = JSON.stringify([s.Condition ?? {}, s.Resource ?? [], s.NotResource ?? []]);
  return text.includes("aws:MultiFactorAuthPresent") || text.includes("$" + "{aws:username}");
}
