import { teamResourceName } from "../../src/activities/build.js";
import { SHARED_JOB_LOG_GROUPS } from "../../src/activities/observability.js";
import { checkModel } from "../../src/analysis/checks/index.js";
import { getCatalog } from "../../src/catalog/index.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { Decision, Evaluator } from "../../src/engine/types.js";
import { policySetForPrincipal, requestFor } from "../../src/model/policy-set.js";
import { plannedResources } from "../../src/model/resources.js";
import type { AccessModel, ModelPrincipal } from "../../src/model/types.js";
import { canonicalJson } from "../../src/policy/canonical.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { PolicyQuotas } from "../../src/policy/size.js";
import { ACCOUNT, OIDC_HOST, type RandomSpec, REGION, teamSubject } from "./random-spec.js";

/**
 * The compiler's invariants (issue 13), checked with the engine on a compiled random spec. Each
 * returns what it found wrong, as readable lines; the tests assert there are none. They restate
 * what a team's resources are from the README's naming rules, not from the compiler's code:
 *
 * (a) no principal of team A is allowed any action on anything of team B: B's datasets (objects no
 *     dataset granted to A covers), its SageMaker resources (named `B--…`, tagged `team=B`), its
 *     pipeline executions and log streams (named `B--…`), its ECR repositories (`<org>/B/…`), its
 *     datasets' own KMS keys, its roles;
 * (b) every compiled document parses with no error and fits its quota, and every principal its
 *     attachment quotas;
 * (c) ids, Pulumi logical names (per type) and AWS names (per kind) are unique and within limits;
 * (d) the guardrails deny every request outside them: regions, instance types, MFA, models,
 *     runtime, network;
 * (e) `check` finds nothing in the compiled output.
 */

export interface InvariantOptions {
  /** `quick`: a few actions per resource type (npm test); `full`: every action the catalog lists. */
  depth: "quick" | "full";
  /** Run `check` on the model (e): the slowest part. */
  findings: boolean;
}

export interface InvariantResult {
  violations: string[];
  /** Requests decided, and how many of the compliant ones (own resources, within guardrails) were allowed. */
  decisions: number;
  compliantAllowed: number;
}

type Context = Record<string, string | string[] | undefined>;

/** Decides requests of the model's principals, compiling each principal's policies once. */
class Decider {
  private readonly evaluators = new Map<string, Evaluator>();
  count = 0;

  constructor(readonly model: AccessModel) {}

  decide(principal: string, action: string, resource: string, context: Context = {}): Decision {
    this.count++;
    const request = requestFor(this.model, principal, action, resource);
    const merged: Record<string, string | string[]> = { ...(request.context ?? {}) };
    for (const [k, v] of Object.entries(context)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    request.context = merged;
    let evaluator = this.evaluators.get(principal);
    if (!evaluator) {
      evaluator = createEvaluator(policySetForPrincipal(this.model, principal));
      this.evaluators.set(principal, evaluator);
    }
    const decision = evaluator.evaluate(request).decision;
    // sts:AssumeRole on a role of the model takes its trust policy as the resource policy; an
    // explicit deny in the principal's own policies decides without it (IAM User Guide, "Policy
    // evaluation logic"), so the full set is compiled only when there is none.
    if (decision !== "ExplicitlyDenied" && action.toLowerCase().startsWith("sts:assumerole")) {
      const set = policySetForPrincipal(this.model, principal, { action, resource });
      return createEvaluator(set).evaluate(request).decision;
    }
    return decision;
  }
}

const catalog = getCatalog();
const actionsByType = new Map<string, string[]>();

/** The actions that always act on a resource of this type (required in the catalog's action table). */
function actionsOn(service: string, type: string, depth: InvariantOptions["depth"]): string[] {
  const key = `${service}:${type}`;
  let all = actionsByType.get(key);
  if (!all) {
    all = (catalog.service(service)?.actions ?? [])
      .filter((a) => a.resourceTypes.some((r) => r.name === type && r.required))
      .map((a) => a.key);
    actionsByType.set(key, all);
  }
  if (depth === "full" || all.length <= 2) return all;
  // Quick: the creates (the names a team may give are the point), the first and the last by name;
  // `full` takes them all.
  return [...new Set([all[0], ...all.filter((a) => /:Create/.test(a)), all[all.length - 1]])];
}

/** SageMaker resource types a team creates, named `<team>--…` and tagged for the team, with their ARN paths. */
const SAGEMAKER_NAMED: Array<[type: string, path: (name: string) => string]> = [
  ["endpoint", (n) => `endpoint/${n}`],
  ["endpoint-config", (n) => `endpoint-config/${n}`],
  ["experiment", (n) => `experiment/${n}`],
  ["experiment-trial", (n) => `experiment-trial/${n}`],
  ["experiment-trial-component", (n) => `experiment-trial-component/${n}`],
  ["hyper-parameter-tuning-job", (n) => `hyper-parameter-tuning-job/${n}`],
  ["model", (n) => `model/${n}`],
  ["model-package", (n) => `model-package/${n}/1`],
  ["model-package-group", (n) => `model-package-group/${n}`],
  ["notebook-instance", (n) => `notebook-instance/${n}`],
  ["pipeline", (n) => `pipeline/${n}`],
  ["pipeline-execution", (n) => `pipeline/${n}/execution/x1y2z3`],
  ["processing-job", (n) => `processing-job/${n}`],
  ["training-job", (n) => `training-job/${n}`],
];

const sm = (path: string, region = REGION) => `arn:aws:sagemaker:${region}:${ACCOUNT}:${path}`;
const logs = (path: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:${path}`;

/** Does any dataset granted to `team` cover this object of `bucket`? */
function coveredBy(spec: RandomSpec, team: string, bucket: string, key: string): boolean {
  return Object.keys(spec.teams[team].datasets).some((name) => {
    const d = spec.datasets[name];
    return d && d.bucket === bucket && key.startsWith(normalizedPrefix(d.prefix));
  });
}

const normalizedPrefix = (p: string) => (p === "" || p.endsWith("/") ? p : `${p}/`);

function principalsOf(model: AccessModel, team: string): ModelPrincipal[] {
  return model.principals.filter((p) => p.team === team);
}

/**
 * In quick mode, one IAM user per set of groups: users of one team with the same groups hold the
 * same policies and differ only in their name, which no probe here depends on.
 */
function distinctAccess(principals: ModelPrincipal[], opts: InvariantOptions): ModelPrincipal[] {
  if (opts.depth === "full") return principals;
  const seen = new Set<string>();
  return principals.filter((p) => {
    const key = p.kind === "user" ? p.groups.join(",") : `${p.kind} ${p.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** (a) Team isolation. */
function isolation(spec: RandomSpec, model: AccessModel, d: Decider, opts: InvariantOptions, out: string[]): void {
  const teams = Object.keys(spec.teams);
  for (const a of teams) {
    const mine = distinctAccess(principalsOf(model, a), opts);
    for (const b of teams) {
      if (a === b) continue;
      const probes: Array<{ action: string; resource: string; context?: Context; what: string }> = [];
      const name = teamResourceName(b, "probe");
      for (const [type, path] of SAGEMAKER_NAMED) {
        for (const action of actionsOn("sagemaker", type, opts.depth)) {
          probes.push({
            action,
            resource: sm(path(name)),
            // B's resource carries B's tag; a create request tags it for A (as A's member would).
            context: { "aws:ResourceTag/team": b, "aws:RequestTag/team": a, "aws:TagKeys": ["team"] },
            what: `${b}'s ${type}`,
          });
        }
      }
      const streams = [
        ...SHARED_JOB_LOG_GROUPS.map((g) => logs(`log-group:${g}:log-stream:${name}/algo-1-1700000000`)),
        logs(`log-group:/aws/sagemaker/Endpoints/${name}:log-stream:AllTraffic/i-0abc`),
      ];
      for (const action of actionsOn("logs", "log-stream", opts.depth)) {
        for (const resource of streams) probes.push({ action, resource, what: `${b}'s log stream` });
      }
      for (const action of actionsOn("logs", "log-group", opts.depth)) {
        probes.push({ action, resource: logs(`log-group:/aws/sagemaker/Endpoints/${name}`), what: `${b}'s log group` });
      }
      for (const action of actionsOn("ecr", "repository", opts.depth)) {
        probes.push({
          action,
          resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${spec.organization}/${b}/probe`,
          context: { "aws:ResourceTag/team": b },
          what: `${b}'s repository`,
        });
      }
      for (const ds of Object.keys(spec.teams[b].datasets)) {
        const dataset = spec.datasets[ds];
        if (!dataset) continue;
        const key = `${normalizedPrefix(dataset.prefix)}probe-object`;
        if (coveredBy(spec, a, dataset.bucket, key)) continue;
        const object = `arn:aws:s3:::${dataset.bucket}/${key}`;
        for (const action of ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"]) {
          probes.push({ action, resource: object, what: `${b}'s dataset ${ds}` });
        }
        probes.push({
          action: "s3:ListBucket",
          resource: `arn:aws:s3:::${dataset.bucket}`,
          context: { "s3:prefix": key },
          what: `${b}'s dataset ${ds} (listing)`,
        });
        const key2 = dataset.kmsKey;
        const aKeys = new Set(Object.keys(spec.teams[a].datasets).map((n) => spec.datasets[n]?.kmsKey));
        if (key2 && key2 !== spec.guardrails.kmsKey && !aKeys.has(key2)) {
          for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
            probes.push({
              action,
              resource: key2,
              context: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
              what: `${b}'s dataset key`,
            });
          }
        }
      }
      for (const role of principalsOf(model, b).filter((p) => p.kind === "role")) {
        probes.push({
          action: "iam:PassRole",
          resource: role.arn,
          context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
          what: `${b}'s role ${role.id}`,
        });
        probes.push({ action: "sts:AssumeRole", resource: role.arn, what: `${b}'s role ${role.id}` });
      }
      for (const p of mine) {
        for (const probe of probes) {
          if (d.decide(p.id, probe.action, probe.resource, probe.context) === "Allowed") {
            out.push(`(a) ${p.id} is allowed ${probe.action} on ${probe.what}: ${probe.resource}`);
          }
        }
      }
    }
  }
}

/** (b) Documents parse and fit; principals within their attachment quotas. */
function documents(model: AccessModel, out: string[]): void {
  for (const p of model.policies) {
    const parsed = parsePolicy(canonicalJson(p.document), { kind: p.policyType });
    for (const e of parsed.diagnostics.filter((x) => x.severity === "error")) {
      out.push(`(b) ${p.id} does not parse: ${e.path} ${e.message}`);
    }
    if (p.quota === undefined || p.size > p.quota) out.push(`(b) ${p.id} is ${p.size} characters, quota ${p.quota}`);
  }
  for (const pr of model.principals) {
    const max = pr.kind === "permission-set" ? 10 : PolicyQuotas.managedPoliciesPerRole;
    if (pr.managedPolicies.length > max) out.push(`(b) ${pr.id} has ${pr.managedPolicies.length} managed policies`);
    if (pr.groups.length > PolicyQuotas.groupsPerUser) out.push(`(b) ${pr.id} is in ${pr.groups.length} groups`);
    if (pr.inlinePolicies.length > 1) out.push(`(b) ${pr.id} has ${pr.inlinePolicies.length} inline policies`);
  }
  for (const g of model.groups) {
    if (g.managedPolicies.length > PolicyQuotas.managedPoliciesPerGroup) {
      out.push(`(b) group ${g.id} has ${g.managedPolicies.length} managed policies`);
    }
  }
}

/**
 * AWS name limits: IAM User Guide, "IAM and AWS STS quotas" (users, roles 64; groups, policies
 * 128); IAM Identity Center, CreatePermissionSet (32). Characters: IAM names `[\w+=,.@-]`.
 */
const LIMITS: Record<string, number> = { user: 64, role: 64, group: 128, policy: 128, "permission-set": 32 };

/** (c) Unique ids, logical names and AWS names, within AWS's limits. */
function names(model: AccessModel, out: string[]): void {
  const unique = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) out.push(`(c) duplicate ${what}: ${k}`);
      seen.add(k);
    }
  };
  unique("id", [
    ...model.principals.map((p) => p.id),
    ...model.groups.map((g) => g.id),
    ...model.policies.map((p) => p.id),
    ...model.principals.flatMap((p) => (p.assignedGroup ? [p.assignedGroup] : [])),
  ]);
  unique(
    "logical name",
    plannedResources(model).map((r) => `${r.type} ${r.name}`),
  );
  const named = [
    ...model.principals.map((p) => ({ kind: p.kind as string, name: p.name })),
    ...model.groups.map((g) => ({ kind: "group", name: g.name })),
    ...model.policies
      .filter((p) => p.kind === "managed" || p.kind === "boundary")
      .map((p) => ({ kind: "policy", name: p.name })),
  ];
  unique(
    "AWS name",
    named.map((n) => `${n.kind} ${n.name.toLowerCase()}`),
  );
  for (const n of named) {
    if (n.name.length > LIMITS[n.kind]) out.push(`(c) ${n.kind} name ${n.name} is over ${LIMITS[n.kind]} characters`);
    if (!/^[\w+=,.@-]+$/.test(n.name)) out.push(`(c) ${n.kind} name ${n.name} has characters IAM rejects`);
  }
  unique(
    "principal ARN",
    model.principals.map((p) => p.arn),
  );
}

/** A request value that matches a guardrail pattern (`ml.m5.*` → `ml.m5.large`). */
const instance = (pattern: string) => pattern.replace(/\*/g, "large").replace(/\?/g, "x");

/** (d) Guardrails deny everything outside them; compliant requests of the team's own are allowed. */
function guardrails(spec: RandomSpec, model: AccessModel, d: Decider, result: InvariantResult): void {
  const g = spec.guardrails;
  const out = result.violations;
  const outside = (p: string, action: string, resource: string, context: Context, why: string) => {
    if (d.decide(p, action, resource, context) === "Allowed") out.push(`(d) ${p} is allowed ${action} ${why}`);
  };
  /** Reading each of the team's datasets, in a request outside a guardrail. */
  const readOwnDatasets = (p: string, context: Context, why: string) => {
    const team = model.principals.find((x) => x.id === p)!.team!;
    for (const ds of Object.keys(spec.teams[team].datasets)) {
      const dataset = spec.datasets[ds];
      if (!dataset) continue;
      const object = `arn:aws:s3:::${dataset.bucket}/${normalizedPrefix(dataset.prefix)}x`;
      outside(p, "s3:GetObject", object, context, `on ${ds} ${why}`);
    }
  };
  for (const p of model.principals) {
    const team = p.team!;
    const job = sm(`training-job/${teamResourceName(team, "probe")}`);
    const compliant: Context = {
      "sagemaker:InstanceTypes": [instance(g.trainingInstanceTypes[0] ?? "ml.m5.*")],
      "aws:RequestTag/team": team,
      "aws:TagKeys": ["team"],
      ...(g.network
        ? { "sagemaker:VpcSubnets": g.network.subnets, "sagemaker:VpcSecurityGroupIds": g.network.securityGroups }
        : { "sagemaker:NetworkIsolation": "true" }),
      ...(g.kmsKey ? { "sagemaker:OutputKmsKeyArn": g.kmsKey, "sagemaker:VolumeKmsKeyArn": g.kmsKey } : {}),
      ...(g.maxTrainingSeconds !== undefined ? { "sagemaker:MaxRuntimeInSeconds": "60" } : {}),
    };
    if (
      g.trainingInstanceTypes.length > 0 &&
      d.decide(p.id, "sagemaker:CreateTrainingJob", job, compliant) === "Allowed"
    ) {
      result.compliantAllowed++;
    }
    outside(
      p.id,
      "sagemaker:CreateTrainingJob",
      job,
      { ...compliant, "sagemaker:InstanceTypes": ["ml.x99.bogus"] },
      "on an instance type outside the list",
    );
    if (g.maxTrainingSeconds !== undefined) {
      outside(
        p.id,
        "sagemaker:CreateTrainingJob",
        job,
        { ...compliant, "sagemaker:MaxRuntimeInSeconds": String(g.maxTrainingSeconds + 1) },
        "beyond maxTrainingSeconds",
      );
    }
    if (g.network) {
      outside(
        p.id,
        "sagemaker:CreateTrainingJob",
        job,
        { ...compliant, "sagemaker:VpcSubnets": ["subnet-ffffffffffffffff0"] },
        "in another subnet",
      );
    }
    const nb = sm(`notebook-instance/${teamResourceName(team, "probe")}`);
    outside(
      p.id,
      "sagemaker:CreateNotebookInstance",
      nb,
      {
        ...compliant,
        "sagemaker:InstanceTypes": ["ml.x99.bogus"],
        "sagemaker:RootAccess": "Disabled",
        "sagemaker:DirectInternetAccess": "Disabled",
      },
      "on a notebook instance type outside the list",
    );
    const cfg = sm(`endpoint-config/${teamResourceName(team, "probe")}`);
    outside(
      p.id,
      "sagemaker:CreateEndpointConfig",
      cfg,
      { ...compliant, "sagemaker:InstanceTypes": ["ml.x99.bogus"] },
      "on an endpoint instance type outside the list",
    );
    const ec2 = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`;
    outside(
      p.id,
      "ec2:RunInstances",
      ec2,
      { "ec2:InstanceType": "x99.bogus", "aws:RequestTag/team": team },
      "on an EC2 instance type outside the list",
    );

    // Regions: nothing outside the allowed ones (global services exempt, none of these).
    if (g.allowedRegions.length > 0) {
      const away = { "aws:RequestedRegion": "eu-central-1" };
      outside(
        p.id,
        "sagemaker:CreateTrainingJob",
        sm(`training-job/${teamResourceName(team, "probe")}`, "eu-central-1"),
        { ...compliant, ...away },
        "in eu-central-1",
      );
      outside(p.id, "sagemaker:ListTrainingJobs", "*", away, "in eu-central-1");
      readOwnDatasets(p.id, away, "in eu-central-1");
    }
    // MFA: an IAM user without it can do nothing but set it up.
    if (p.kind === "user" && g.requireMfa) {
      const noMfa = { "aws:MultiFactorAuthPresent": "false" };
      outside(p.id, "sagemaker:ListTrainingJobs", "*", noMfa, "without MFA");
      readOwnDatasets(p.id, noMfa, "without MFA");
    }
    // Models: only the approved ones, only through the guardrail.
    const model_ = "arn:aws:bedrock:us-east-1::foundation-model/";
    const guardrailArn = g.bedrock?.guardrail
      ? g.bedrock.guardrail.startsWith("arn:")
        ? g.bedrock.guardrail
        : `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/${g.bedrock.guardrail}`
      : undefined;
    const through = guardrailArn ? { "bedrock:GuardrailIdentifier": guardrailArn } : {};
    outside(p.id, "bedrock:InvokeModel", `${model_}meta.unapproved-model-v1:0`, through, "on an unapproved model");
    if (g.bedrock && guardrailArn) {
      const approved = `${model_}${instance(g.bedrock.models[0])}`;
      outside(
        p.id,
        "bedrock:InvokeModel",
        approved,
        { "bedrock:GuardrailIdentifier": undefined },
        "without the guardrail",
      );
      outside(
        p.id,
        "bedrock:InvokeModel",
        approved,
        { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/other00000000` },
        "through another guardrail",
      );
    }
  }
  // Persona roles trusted by the account: with MFA required, not without it.
  if (
    spec.identity === "iam-roles" &&
    spec.trust &&
    !("samlProvider" in spec.trust) &&
    !("oidcProvider" in spec.trust)
  ) {
    const mfa = (spec.trust.requireMfa as boolean | undefined) ?? g.requireMfa;
    for (const role of model.principals.filter((p) => p.kind === "role" && p.human)) {
      const trust = model.policies.find((x) => x.id === role.trustPolicy)!;
      const evaluator = createEvaluator({
        identityPolicies: [
          {
            name: "caller",
            document: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["*"] }],
            },
          },
        ],
        resourcePolicy: { name: "trust", document: trust.document },
      });
      const request = (present: string) => ({
        principal: `arn:aws:iam::${ACCOUNT}:user/someone`,
        action: "sts:AssumeRole",
        resource: role.arn,
        resourceAccount: ACCOUNT,
        context: { "aws:MultiFactorAuthPresent": present, "aws:RequestedRegion": REGION },
      });
      d.count += 2;
      if (mfa && evaluator.evaluate(request("false")).decision === "Allowed") {
        out.push(`(d) ${role.id} can be assumed without MFA`);
      }
      if (evaluator.evaluate(request("true")).decision === "Allowed") result.compliantAllowed++;
    }
  }
}

/**
 * (a), (d) for roles trusting the OIDC provider: a token is accepted only with the audience and a
 * subject the spec names for the role's team (its own, else the organization's); another team's
 * subject, a stranger's repository and another audience are all refused.
 */
function oidcTrust(spec: RandomSpec, model: AccessModel, d: Decider, result: InvariantResult): void {
  if (spec.identity !== "iam-roles" || !spec.trust || !("oidcProvider" in spec.trust)) return;
  const orgSubjects = spec.trust.oidcSubjects as string[] | undefined;
  const provider = spec.trust.oidcProvider as string;
  for (const role of model.principals.filter((p) => p.kind === "role" && p.human)) {
    const team = role.team!;
    const trust = model.policies.find((x) => x.id === role.trustPolicy)!;
    const evaluator = createEvaluator({
      identityPolicies: [],
      resourcePolicy: { name: "trust", document: trust.document },
    });
    const assume = (sub: string, aud = "sts.amazonaws.com") => {
      d.count++;
      return evaluator.evaluate({
        principal: provider,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: role.arn,
        resourceAccount: ACCOUNT,
        context: { [`${OIDC_HOST}:sub`]: sub, [`${OIDC_HOST}:aud`]: aud },
      }).decision;
    };
    const own = orgSubjects?.[0] ?? teamSubject(spec.organization, team);
    if (assume(own) === "Allowed") result.compliantAllowed++;
    else result.violations.push(`(a) ${role.id}: its own OIDC subject ${own} cannot assume it`);
    const strangers = [`repo:stranger/x:ref:refs/heads/main`, ...(orgSubjects ? [] : Object.keys(spec.teams))];
    for (const other of strangers) {
      if (other === team) continue;
      const sub = other.startsWith("repo:") ? other : teamSubject(spec.organization, other);
      if (assume(sub) === "Allowed") result.violations.push(`(a) ${role.id} can be assumed by OIDC subject ${sub}`);
    }
    if (assume(own, "some-other-audience") === "Allowed") {
      result.violations.push(`(a) ${role.id} can be assumed with another OIDC audience`);
    }
  }
}

const RANK = ["public", "internal", "confidential", "restricted"];
const rank = (c: string | undefined) => RANK.indexOf(c ?? "internal");

/**
 * (a), (d) for classified datasets (README, "Classification"): a team not cleared for a dataset's
 * classification reads none of its objects, whatever it was granted; and a confidential or
 * restricted object is never read without TLS, by an IAM user without MFA, nor written without
 * the dataset's KMS key — by anyone.
 */
function classification(spec: RandomSpec, model: AccessModel, d: Decider, opts: InvariantOptions, out: string[]): void {
  for (const [name, ds] of Object.entries(spec.datasets)) {
    const object = `arn:aws:s3:::${ds.bucket}/${normalizedPrefix(ds.prefix)}probe/object.bin`;
    const classified = rank(ds.classification) >= rank("confidential");
    for (const team of Object.keys(spec.teams)) {
      const cleared = rank(spec.teams[team].clearance) >= rank(ds.classification);
      for (const p of distinctAccess(principalsOf(model, team), opts)) {
        if (!cleared && d.decide(p.id, "s3:GetObject", object) === "Allowed") {
          out.push(`(a) ${p.id} reads ${ds.classification} dataset ${name}, above its team's clearance`);
        }
        if (!classified) continue;
        if (d.decide(p.id, "s3:GetObject", object, { "aws:SecureTransport": "false" }) === "Allowed") {
          out.push(`(d) ${p.id} reads ${ds.classification} dataset ${name} without TLS`);
        }
        if (
          p.kind === "user" &&
          d.decide(p.id, "s3:GetObject", object, { "aws:MultiFactorAuthPresent": "false" }) === "Allowed"
        ) {
          out.push(`(d) ${p.id} reads ${ds.classification} dataset ${name} without MFA`);
        }
        for (const key of [undefined, "arn:aws:kms:us-east-1:123456789012:key/other"]) {
          const ctx = { "s3:x-amz-server-side-encryption-aws-kms-key-id": key };
          if (d.decide(p.id, "s3:PutObject", object, ctx) === "Allowed") {
            out.push(
              `(d) ${p.id} writes ${ds.classification} dataset ${name} ${key ? "with another key" : "without its key"}`,
            );
          }
        }
      }
    }
  }
}

/** Everything wrong with one compiled random spec. */
export function invariantViolations(spec: RandomSpec, model: AccessModel, opts: InvariantOptions): InvariantResult {
  const result: InvariantResult = { violations: [], decisions: 0, compliantAllowed: 0 };
  const d = new Decider(model);
  isolation(spec, model, d, opts, result.violations);
  documents(model, result.violations);
  names(model, result.violations);
  guardrails(spec, model, d, result);
  oidcTrust(spec, model, d, result);
  classification(spec, model, d, opts, result.violations);
  if (opts.findings) {
    for (const f of checkModel(model)) {
      // What the spec chose, reported as it should be (README, "Invariants"): IAM users for people,
      // and IAM users without MFA (`requireMfa: false`).
      if (f.rule === "iam-user-for-human") continue;
      if (f.rule === "no-mfa-guardrail" && spec.identity === "iam-users" && !spec.guardrails.requireMfa) continue;
      // TODO(risk engineer): an OIDC provider's own keys (`<host>:aud`, `<host>:sub`) are valid in a
      // trust policy (IAM User Guide, "Available keys for AWS web identity federation").
      if (f.rule === "condition-key-not-applicable" && /unknown condition key ".+:(aud|sub|amr|azp)"/.test(f.message)) {
        continue;
      }
      result.violations.push(`(e) ${f.rule}: ${f.message}`);
    }
  }
  result.decisions = d.count;
  return result;
}
