import type { TeamContext } from "../activities/types.js";
import {
  type Diagnostic,
  type DiagnosticCode,
  hasErrors,
  type SourceLocation,
  sortDiagnostics,
} from "../diagnostics/index.js";
import { EXECUTION_ROLE, teamPersonas } from "../input/team-spec/principals.js";
import type { Spec, TeamSpec } from "../input/team-spec/types.js";
import type { AccessModel, AccessTest, ModelGroup, ModelPolicy, ModelPrincipal } from "../model/types.js";
import { PolicyQuotas, policySize } from "../policy/size.js";
import type { Statement } from "../policy/types.js";
import {
  accountQuotaDiagnostics,
  CountsSoFar,
  declaredQuotaDiagnostics,
  lowerBoundCounts,
  modelCounts,
} from "./account-quotas.js";
import { fitBoundary } from "./boundary.js";
import { checkDocuments } from "./documents.js";
import { type ActivityLibrary, defaultLibrary } from "./library.js";
import { boundaryName, executionRoleName, iamArn, ids, managedPolicyName, personaName, teamPath } from "./names.js";
import { certainOverflow, forgetStatementJson, POLICY_VERSION, packStatements, withSharedMergeKeys } from "./pack.js";
import { TEAM_TAG, teamContext } from "./team-context.js";
import { trustPolicyForPersona, trustPolicyForService } from "./trust.js";
import { checkUniqueness } from "./unique.js";
import { validateForCompile } from "./validate.js";

export interface CompileOptions {
  /** The activity library (tests may pass a small fake). */
  library?: ActivityLibrary;
  /** Recorded as the model's source path. */
  source?: string;
  /**
   * Check the account-level quotas (users, groups, roles, customer managed policies, permission
   * sets per account; README, "Account quotas"); default true. Benchmarks and what-if analyses of
   * organizations larger than one account holds may turn it off.
   */
  accountQuotas?: boolean;
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

/**
 * A principal given at least this many statements is asked `certainOverflow` before it is packed
 * (fewer cost little to pack; asking costs about a third of packing them).
 */
const CERTAIN_OVERFLOW_MIN = 1000;

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
  try {
    return compileNow(spec, options);
  } finally {
    forgetStatementJson();
  }
}

function compileNow(spec: Spec, options: CompileOptions): CompileResult {
  const invalid = validateForCompile(spec);
  if (hasErrors(invalid)) return { diagnostics: sortDiagnostics(invalid) };
  const quotas = options.accountQuotas ?? true;
  const library = options.library ?? defaultLibrary();
  const lowerBound = quotas ? lowerBoundCounts(spec, library) : {};
  // A spec that certainly cannot fit its account fails before anything is compiled.
  const early = quotas ? [...declaredQuotaDiagnostics(spec), ...accountQuotaDiagnostics(spec, lowerBound, false)] : [];
  if (hasErrors(early)) return { diagnostics: sortDiagnostics([...invalid, ...early]) };
  const c = new Compiler(spec, library);
  for (const item of invalid) c.diagnostics.push(item);
  const teams = sortedKeys(spec.teams);
  // What the teams compiled so far create, exactly, and the least the others will: once the two
  // are beyond an account quota, the spec fails there without compiling the rest.
  const soFar = quotas && teams.length > 1 ? new CountsSoFar(lowerBound) : undefined;
  for (const [i, team] of teams.entries()) {
    const result = compileTeam(spec, team, library);
    c.adopt(result);
    if (!soFar || i === teams.length - 1) continue;
    soFar.add(team, modelCounts(result));
    const exceeded = soFar.exceeded(spec, team);
    if (exceeded) {
      const quota = accountQuotaDiagnostics(spec, exceeded, false, team);
      return { diagnostics: sortDiagnostics([...c.diagnostics, ...quota]) };
    }
  }
  c.checkUserNames();
  const tests = c.tests();
  if (hasErrors(c.diagnostics)) return { diagnostics: sortDiagnostics(c.diagnostics) };
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
    ...membersOf(spec),
    ...clientContextOf(spec, c.library),
  };
  // Nothing leaves the compiler with a colliding name or a document IAM would reject.
  // Documents are read back once every team is compiled: a spec beyond a quota fails without reading any.
  const last = [
    ...checkUniqueness(model),
    ...checkDocuments(model.policies),
    ...(quotas ? accountQuotaDiagnostics(spec, modelCounts(model), true) : []),
  ];
  if (hasErrors(last)) return { diagnostics: sortDiagnostics([...c.diagnostics, ...last]) };
  return { model, diagnostics: [...c.diagnostics, ...last] };
}

/** What compiling one team creates, and what it found wrong. */
interface TeamResult {
  principals: ModelPrincipal[];
  groups: ModelGroup[];
  policies: ModelPolicy[];
  diagnostics: Diagnostic[];
}

/**
 * One team, compiled on its own: a team's result depends only on the spec and the library, never
 * on the teams compiled before it.
 */
function compileTeam(spec: Spec, team: string, library: ActivityLibrary): TeamResult {
  const c = new Compiler(spec, library);
  // A team's statements are packed several times (its Denies into each principal's policies).
  withSharedMergeKeys(() => c.team(spec.teams[team]));
  return { principals: c.principals, groups: c.groups, policies: c.policies, diagnostics: c.diagnostics };
}

/** With roles or permission sets: each member → the principals of their personas (see `AccessModel.members`). */
function membersOf(spec: Spec): Pick<AccessModel, "members"> {
  if (spec.identity === "iam-users") return {};
  const members: NonNullable<AccessModel["members"]> = [];
  for (const team of sortedKeys(spec.teams)) {
    for (const member of sortedKeys(spec.teams[team].members)) {
      const principals = spec.teams[team].members[member].map((p) => ids.persona(team, p)).sort();
      members.push({ id: `${team}/${member}`, principals });
    }
  }
  return members.length > 0 ? { members } : {};
}

/** What the organization's approved client sends (the library knows; the compiler only records it). */
function clientContextOf(spec: Spec, library: ActivityLibrary): Pick<AccessModel, "clientContext"> {
  const contexts = library.clientContext(spec);
  return contexts.length > 0 ? { clientContext: contexts } : {};
}

/** What the compiler keeps of one team while compiling it. */
interface TeamUnit {
  name: string;
  spec: TeamSpec;
  path: string;
  at: SourceLocation | undefined;
  ctx: TeamContext;
  tags: Record<string, string>;
  boundaryId: string;
  /** The guardrails' Denies for every principal of the team. */
  denies: Statement[];
  /** The Denies for signed-in IAM users only (MFA, `${aws:username}`). */
  userOnly: Statement[];
  /** The Allows members need for the guardrails themselves (their own MFA device). */
  selfService: Statement[];
}

/** One persona in use in a team. */
interface PersonaUnit {
  persona: string;
  id: string;
  at: SourceLocation | undefined;
  /** Its activities' statements and the team's Denies. */
  statements: Statement[];
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

  /** Takes in one team's result (teams in name order). */
  adopt(r: TeamResult): void {
    for (const p of r.principals) this.principals.push(p);
    for (const g of r.groups) this.groups.push(g);
    for (const p of r.policies) this.policies.push(p);
    for (const d of r.diagnostics) this.diagnostics.push(d);
  }

  private loc(key: string): SourceLocation | undefined {
    return this.spec.locations.get(key);
  }

  private error(
    message: string,
    at: SourceLocation | undefined,
    hint?: string,
    code: DiagnosticCode = "compile-quota",
  ): void {
    this.diagnostics.push({ code, severity: "error", message, ...(at ?? {}), ...(hint ? { hint } : {}) });
  }

  private addPolicy(p: Omit<ModelPolicy, "size" | "arn" | "path"> & { path?: string; size?: number }): ModelPolicy {
    const policy: ModelPolicy = { ...p, size: p.size ?? policySize(p.document) } as ModelPolicy;
    if ((p.kind === "managed" || p.kind === "boundary") && p.path) {
      policy.arn = iamArn(this.spec, "policy", p.path, p.name);
    }
    this.policies.push(policy);
    return policy;
  }

  /**
   * One team: its boundary, its execution role, a principal (or group) per persona in use, and —
   * with IAM users — its members. The guardrails' explicit Denies go into every principal's own
   * policies — all but those that only make sense for a signed-in IAM user (MFA, `${aws:username}`),
   * which would deny the execution role everything and so go into the members' groups only.
   */
  team(team: TeamSpec): void {
    const t = team.name;
    const ctx = teamContext(this.spec, t);
    const guardrails = this.library.guardrails(ctx);
    const unit: TeamUnit = {
      name: t,
      spec: team,
      path: teamPath(this.spec, t),
      at: this.loc(`teams.${t}`),
      ctx,
      tags: { [TEAM_TAG]: t },
      boundaryId: ids.boundary(t),
      denies: guardrails.denies.filter((s) => !isForIamUsersOnly(s)),
      userOnly: guardrails.denies.filter(isForIamUsersOnly),
      selfService: guardrails.selfService,
    };
    this.boundary(unit, guardrails.boundary);
    this.executionRole(unit);
    for (const persona of teamPersonas(team)) this.persona(unit, persona);
    if (this.spec.identity === "iam-users") this.members(unit);
  }

  /**
   * The boundary is the ceiling (the most the team can ever do, widened if needed to fit one
   * managed policy), with the guardrails' Denies.
   */
  private boundary(u: TeamUnit, envelope: Statement[]): void {
    const fitted = fitBoundary(envelope, PolicyQuotas.managedPolicySize);
    const boundary = this.addPolicy({
      id: u.boundaryId,
      name: boundaryName(this.spec, u.name),
      kind: "boundary",
      policyType: "boundary",
      path: u.path,
      description:
        `The most team ${u.name} of ${this.spec.organization} can ever do` +
        (fitted.level > 0 ? ` (widened, step ${fitted.level}, to fit one managed policy).` : "."),
      document: { Version: POLICY_VERSION, Statement: fitted.statements },
      quota: PolicyQuotas.managedPolicySize,
      ...(u.at ? { location: u.at } : {}),
    });
    if (boundary.size > PolicyQuotas.managedPolicySize) {
      this.error(
        `The permissions boundary of team "${u.name}" is ${boundary.size} characters even widened; a managed policy ` +
          `holds at most ${PolicyQuotas.managedPolicySize}.`,
        u.at,
        "Use fewer activities or datasets in this team, or split the team.",
      );
    }
  }

  /** The team's SageMaker execution role: only what its jobs need. */
  private executionRole(u: TeamUnit): void {
    const execId = ids.executionRole(u.name);
    const execName = executionRoleName(this.spec, u.name);
    const policies = this.packManaged(execId, EXECUTION_ROLE, u, [...this.library.executionRole(u.ctx), ...u.denies], {
      maxPolicies: PolicyQuotas.managedPoliciesPerRole,
      what: `the execution role of team "${u.name}"`,
    });
    const trust = this.addPolicy({
      id: ids.trust(execId),
      name: `${execName}.trust`,
      kind: "trust",
      policyType: "trust",
      document: trustPolicyForService(SAGEMAKER_SERVICE, this.spec.account),
      quota: PolicyQuotas.roleTrustPolicySize,
      owner: execId,
      ...(u.at ? { location: u.at } : {}),
    });
    this.principals.push({
      id: execId,
      kind: "role",
      name: execName,
      arn: u.ctx.executionRoleArn,
      path: u.path,
      team: u.name,
      human: false,
      service: SAGEMAKER_SERVICE,
      tags: { ...u.tags },
      groups: [],
      managedPolicies: policies,
      inlinePolicies: [],
      boundary: u.boundaryId,
      trustPolicy: trust.id,
      ...(u.at ? { location: u.at } : {}),
    });
  }

  /** One group (IAM users), role (IAM roles) or permission set (Identity Center) per persona in use. */
  private persona(u: TeamUnit, persona: string): void {
    const firstMember = sortedKeys(u.spec.members).find((m) => u.spec.members[m].includes(persona));
    const at = this.loc(`teams.${u.name}.members.${firstMember}`) ?? u.at;
    const statements = [...this.library.personaStatements(u.ctx, persona), ...u.denies];
    const p: PersonaUnit = { persona, id: ids.persona(u.name, persona), at, statements };
    if (this.spec.identity === "identity-center") this.permissionSet(u, p);
    else if (this.spec.identity === "iam-users") this.group(u, p);
    else this.role(u, p);
  }

  /** Members are IAM users: their persona groups also carry MFA self-service and the user-only denies. */
  private group(u: TeamUnit, p: PersonaUnit): void {
    const name = personaName(this.spec, u.name, p.persona, "group");
    const all = [...p.statements, ...u.selfService, ...u.userOnly];
    const policyIds = this.packManaged(p.id, p.persona, u, all, {
      maxPolicies: PolicyQuotas.managedPoliciesPerGroup,
      what: `group "${p.id}"`,
      at: p.at,
    });
    this.groups.push({
      id: p.id,
      name,
      arn: iamArn(this.spec, "group", u.path, name),
      path: u.path,
      team: u.name,
      persona: p.persona,
      managedPolicies: policyIds,
      inlinePolicies: [],
      ...(p.at ? { location: p.at } : {}),
    });
  }

  /** A persona role, assumed as `spec.trust` says (trust.ts). */
  private role(u: TeamUnit, p: PersonaUnit): void {
    const name = personaName(this.spec, u.name, p.persona, "role");
    const policyIds = this.packManaged(p.id, p.persona, u, p.statements, {
      maxPolicies: PolicyQuotas.managedPoliciesPerRole,
      what: `role "${p.id}"`,
      at: p.at,
    });
    const trust = this.addPolicy({
      id: ids.trust(p.id),
      name: `${name}.trust`,
      kind: "trust",
      policyType: "trust",
      document: trustPolicyForPersona(this.spec, u.name),
      quota: PolicyQuotas.roleTrustPolicySize,
      owner: p.id,
      ...(p.at ? { location: p.at } : {}),
    });
    this.principals.push({
      id: p.id,
      kind: "role",
      name,
      arn: iamArn(this.spec, "role", u.path, name),
      path: u.path,
      team: u.name,
      persona: p.persona,
      human: true,
      tags: { ...u.tags },
      groups: [],
      managedPolicies: policyIds,
      inlinePolicies: [],
      boundary: u.boundaryId,
      trustPolicy: trust.id,
      ...(p.at ? { location: p.at } : {}),
    });
  }

  /** With IAM users, one user per member, in the groups of the personas they play. */
  private members(u: TeamUnit): void {
    for (const member of sortedKeys(u.spec.members)) {
      const at = this.loc(`teams.${u.name}.members.${member}`);
      const groups = u.spec.members[member].map((p) => ids.persona(u.name, p)).sort();
      if (groups.length > PolicyQuotas.groupsPerUser) {
        this.error(
          `Member "${u.name}/${member}" would be in ${groups.length} groups; IAM allows ${PolicyQuotas.groupsPerUser}.`,
          at,
          "Give the member fewer personas, or declare a custom persona that combines their activities.",
        );
      }
      this.principals.push({
        id: ids.member(u.name, member),
        kind: "user",
        name: member,
        arn: iamArn(this.spec, "user", u.path, member),
        path: u.path,
        team: u.name,
        ...(u.spec.members[member].length === 1 ? { persona: u.spec.members[member][0] } : {}),
        human: true,
        tags: { [MEMBER_TAG]: member, ...u.tags },
        groups,
        managedPolicies: [],
        inlinePolicies: [],
        boundary: u.boundaryId,
        forceDestroy: true,
        ...(at ? { location: at } : {}),
      });
    }
  }

  /** Packs statements into managed policies `<owner>/policy-1..n`; returns their ids. */
  private packManaged(
    owner: string,
    role: string,
    u: TeamUnit,
    statements: Statement[],
    opts: { maxPolicies: number; what: string; at?: SourceLocation | undefined },
  ): string[] {
    if (statements.length === 0) return [];
    const at = opts.at ?? u.at;
    const packing = { maxSize: PolicyQuotas.managedPolicySize, maxPolicies: opts.maxPolicies };
    // Thousands of statements (datasets granted one by one) are first asked whether any packing
    // could fit: when none can, the principal is refused without packing them.
    const overflow = statements.length >= CERTAIN_OVERFLOW_MIN ? certainOverflow(statements, packing) : undefined;
    if (overflow) {
      this.error(
        `The policies of ${opts.what} need at least ${overflow.policies} managed policies (at least ` +
          `${overflow.size} characters, however they are merged); AWS attaches at most ${opts.maxPolicies}.`,
        at,
        "Give it fewer activities or datasets (a custom persona), or split the team.",
      );
      return [];
    }
    const packed = packStatements(statements, packing);
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
      this.addPolicy({
        id,
        name: managedPolicyName(this.spec, u.name, role, i + 1),
        kind: "managed",
        policyType: "identity",
        path: u.path,
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
  private permissionSet(u: TeamUnit, p: PersonaUnit): void {
    const name = personaName(this.spec, u.name, p.persona, "permissionSet");
    const inlineQuota = PolicyQuotas.permissionSetInlineSize;
    const packed = packStatements(p.statements, { maxSize: inlineQuota, maxPolicies: 1 });
    const inline: string[] = [];
    let managed: string[] = [];
    const first = packed.documents[0];
    if (first) {
      const id = ids.inlinePolicy(p.id);
      this.addPolicy({
        id,
        name: `${name}.inline`,
        kind: "permission-set-inline",
        policyType: "identity",
        document: first,
        size: packed.sizes[0],
        quota: inlineQuota,
        owner: p.id,
        ...(p.at ? { location: p.at } : {}),
      });
      inline.push(id);
    }
    if (packed.documents.length > 1 || packed.oversized.length > 0) {
      const rest = [...packed.documents.slice(1).flatMap((d) => d.Statement), ...packed.oversized];
      managed = this.packManaged(p.id, p.persona, u, rest, {
        maxPolicies: MANAGED_POLICIES_PER_PERMISSION_SET,
        what: `permission set "${p.id}" (beyond its ${inlineQuota}-character inline policy)`,
        at: p.at,
      });
    }
    this.principals.push({
      id: p.id,
      kind: "permission-set",
      name,
      // The role a permission set provisions: its name carries a suffix AWS picks at provisioning.
      arn: iamArn(this.spec, "role", "/aws-reserved/sso.amazonaws.com/", `AWSReservedSSO_${name}`),
      path: "/aws-reserved/sso.amazonaws.com/",
      team: u.name,
      persona: p.persona,
      human: true,
      tags: { ...u.tags },
      groups: [],
      managedPolicies: managed,
      inlinePolicies: inline,
      boundary: u.boundaryId,
      assignedGroup: ids.identityStoreGroup(u.name, p.persona),
      ...(p.at ? { location: p.at } : {}),
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
      if (personas && this.spec.identity !== "iam-users" && !/[*?]/.test(t.principal)) {
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
