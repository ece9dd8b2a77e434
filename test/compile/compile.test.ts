import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { activities, builtInPersonas, memberActivities } from "../../src/activities/index.js";
import { compileSpec, isForIamUsersOnly } from "../../src/compile/compile.js";
import type { ActivityLibrary } from "../../src/compile/library.js";
import { packStatements } from "../../src/compile/pack.js";
import { planOf } from "../../src/compile/plan.js";
import { teamContext } from "../../src/compile/team-context.js";
import { loadSpec, loadSpecFromString } from "../../src/input/team-spec/load.js";
import type { Spec } from "../../src/input/team-spec/types.js";
import { plannedResources, ResourceTypes } from "../../src/model/resources.js";
import type { AccessModel } from "../../src/model/types.js";
import { PolicyQuotas, policySize } from "../../src/policy/size.js";
import type { Statement } from "../../src/policy/types.js";

function example(): Spec {
  const { spec, diagnostics } = loadSpec("examples/ai-platform");
  assert.deepEqual(diagnostics, []);
  return spec!;
}

function compile(spec: Spec, library?: ActivityLibrary): AccessModel {
  const { model, diagnostics } = compileSpec(spec, library ? { library } : {});
  assert.deepEqual(diagnostics, []);
  return model!;
}

function withIdentity(identity: Spec["identity"], extra: Partial<Spec> = {}): Spec {
  return { ...example(), identity, ...extra };
}

const text = (ds: { message: string }[]) => ds.map((d) => d.message).join("\n");

describe("compileSpec: iam-users (the example)", () => {
  const model = compile(example());

  test("one IAM user per member, under the team path, tagged, in its persona groups, with the boundary", () => {
    const users = model.principals.filter((p) => p.kind === "user");
    assert.deepEqual(
      users.map((u) => u.id),
      ["nlp/carol", "nlp/dan", "vision/alice", "vision/bob"],
    );
    const alice = users.find((u) => u.id === "vision/alice")!;
    assert.equal(alice.name, "alice");
    assert.equal(alice.path, "/ai-iam/acme-ai/vision/");
    // AWS: IAM User Guide, "IAM identifiers" — arn:aws:iam::account:user/path/name.
    assert.equal(alice.arn, "arn:aws:iam::123456789012:user/ai-iam/acme-ai/vision/alice");
    assert.deepEqual(alice.tags, { "ai-iam:member": "alice", team: "vision" });
    assert.deepEqual(alice.groups, ["vision/data-scientist"]);
    for (const u of users) {
      assert.equal(u.boundary, `${u.team}/boundary`);
      assert.deepEqual(u.managedPolicies, [], "policies are never attached to users directly");
      assert.deepEqual(u.inlinePolicies, []);
    }
  });

  test("a group per team × persona holds the packed managed policies", () => {
    assert.deepEqual(
      model.groups.map((g) => g.id),
      ["nlp/data-scientist", "nlp/mlops", "vision/data-scientist", "vision/ml-engineer"],
    );
    const g = model.groups.find((x) => x.id === "vision/data-scientist")!;
    // Parts joined with ".", which no organization, team or persona name contains (README, "Naming").
    assert.equal(g.name, "acme-ai.vision.data-scientist");
    assert.equal(g.arn, "arn:aws:iam::123456789012:group/ai-iam/acme-ai/vision/acme-ai.vision.data-scientist");
    assert.ok(g.managedPolicies.length >= 1 && g.managedPolicies.length <= PolicyQuotas.managedPoliciesPerGroup);
    for (const [i, id] of g.managedPolicies.entries()) assert.equal(id, `vision/data-scientist/policy-${i + 1}`);
    const p = model.policies.find((x) => x.id === "vision/data-scientist/policy-1")!;
    assert.equal(p.name, "acme-ai.vision.data-scientist.1");
    assert.equal(p.arn, "arn:aws:iam::123456789012:policy/ai-iam/acme-ai/vision/acme-ai.vision.data-scientist.1");
  });

  test("every policy fits its quota and records its size as IAM counts it", () => {
    for (const p of model.policies) {
      assert.equal(p.size, policySize(p.document), p.id);
      assert.ok(p.quota && p.size <= p.quota, `${p.id}: ${p.size} > ${p.quota}`);
    }
  });

  test("each team's SageMaker execution role trusts SageMaker for this account only, with the boundary", () => {
    const role = model.principals.find((p) => p.id === "vision/execution-role")!;
    assert.equal(role.kind, "role");
    assert.equal(role.name, "acme-ai.vision.execution-role");
    assert.equal(role.arn, "arn:aws:iam::123456789012:role/ai-iam/acme-ai/vision/acme-ai.vision.execution-role");
    assert.equal(role.boundary, "vision/boundary");
    assert.equal(role.human, false);
    const trust = model.policies.find((p) => p.id === role.trustPolicy)!;
    assert.equal(trust.kind, "trust");
    assert.deepEqual(trust.document.Statement[0].Principal, { Service: ["sagemaker.amazonaws.com"] });
    assert.deepEqual(trust.document.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": ["123456789012"] },
    });
  });

  test("guardrail denies: in every principal's policies, MFA ones only in the members' groups, none in the boundary", () => {
    const docsOf = (ids: string[]) => ids.flatMap((id) => model.policies.find((p) => p.id === id)!.document.Statement);
    const exec = model.principals.find((p) => p.id === "vision/execution-role")!;
    const execStatements = docsOf(exec.managedPolicies);
    assert.ok(execStatements.some((s) => s.Effect === "Deny" && s.Sid === "GuardrailDenyOtherRegions"));
    assert.ok(!execStatements.some(isForIamUsersOnly), "the execution role must not get MFA denies");
    const group = model.groups.find((g) => g.id === "vision/data-scientist")!;
    const groupStatements = docsOf(group.managedPolicies);
    assert.ok(groupStatements.some((s) => s.Sid === "GuardrailDenyWithoutMfa"));
    assert.ok(groupStatements.some((s) => s.Sid === "GuardrailDenyOtherRegions"));
    const boundary = model.policies.find((p) => p.id === "vision/boundary")!;
    assert.equal(boundary.kind, "boundary");
    assert.ok(boundary.document.Statement.every((s) => s.Effect === "Allow"));
  });

  test("ids, lists and planned resources are sorted and the plan JSON has the documented shape", () => {
    for (const list of [model.principals, model.groups, model.policies]) {
      const ids = list.map((x) => x.id);
      assert.deepEqual(ids, [...ids].sort());
    }
    const plan = planOf(model);
    assert.deepEqual(Object.keys(plan), ["principals", "policies", "resources"]);
    const alice = plan.principals.find((p) => p.id === "vision/alice")!;
    assert.deepEqual(Object.keys(alice), ["id", "kind", "team", "persona", "groups", "policies", "boundary"]);
    assert.deepEqual(alice.policies, model.groups.find((g) => g.id === "vision/data-scientist")!.managedPolicies);
    assert.deepEqual(Object.keys(plan.policies[0]), ["id", "name", "kind", "document", "size"]);
    assert.deepEqual(plan.resources, plannedResources(model));
    const count = (t: string) => plan.resources.filter((r) => r.type === t).length;
    assert.equal(count(ResourceTypes.user), 4);
    assert.equal(count(ResourceTypes.group), 4);
    assert.equal(count(ResourceTypes.role), 2);
    assert.equal(count(ResourceTypes.userGroupMembership), 4);
    assert.equal(count(ResourceTypes.policy), model.policies.filter((p) => p.kind !== "trust").length);
  });

  test("the spec's tests travel with the model", () => {
    assert.equal(model.tests?.length, 5);
    assert.equal(model.tests?.[0].location?.file, "examples/ai-platform/nlp.yaml");
  });
});

describe("compileSpec: determinism", () => {
  const shuffle = <T>(xs: T[], seed: number): T[] => {
    const out = [...xs];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const reorder = <T>(r: Record<string, T>, seed: number): Record<string, T> =>
    Object.fromEntries(shuffle(Object.entries(r), seed));

  test("the same input gives byte-identical output", () => {
    assert.equal(JSON.stringify(compile(example())), JSON.stringify(compile(example())));
  });

  test("reordering teams, members, datasets, personas and lists changes nothing", () => {
    const base = JSON.stringify(compile(example()));
    for (const seed of [1, 2, 3, 4, 5]) {
      const spec = example();
      spec.datasets = reorder(spec.datasets, seed);
      spec.teams = reorder(spec.teams, seed + 1);
      for (const t of Object.values(spec.teams)) {
        t.members = reorder(Object.fromEntries(Object.entries(t.members).map(([m, p]) => [m, shuffle(p, seed)])), seed);
        t.datasets = reorder(t.datasets, seed + 2);
        t.activities = shuffle(t.activities, seed);
      }
      spec.guardrails.trainingInstanceTypes = shuffle(spec.guardrails.trainingInstanceTypes, seed);
      assert.equal(JSON.stringify(compile(spec)), base, `seed ${seed}`);
    }
  });

  test("reordering the YAML itself changes nothing but source locations", () => {
    const strip = (m: AccessModel) => JSON.stringify(m, (k, v) => (k === "location" || k === "source" ? undefined : v));
    const a = loadSpec("examples/ai-platform-single.yaml").spec!;
    const yaml = `version: 1
organization: acme-ai
region: us-east-1
account: "123456789012"
teams:
  nlp:
    members: { dan: mlops, carol: data-scientist }
    activities: [bedrock]
    datasets: { nlp-artifacts: write, support-tickets: read }
    clearance: confidential
  vision:
    members: { bob: ml-engineer, alice: data-scientist }
    datasets: { vision-artifacts: write, imagenet: read }
datasets:
  vision-artifacts: { prefix: vision/, bucket: acme-ai-artifacts }
  nlp-artifacts: { bucket: acme-ai-artifacts, prefix: nlp }
  support-tickets: { bucket: acme-ai-datasets, prefix: support/, classification: confidential }
  imagenet: { bucket: acme-ai-datasets, prefix: imagenet/ }
guardrails:
  bedrock:
    guardrail: arn:aws:bedrock:us-east-1:123456789012:guardrail/abcd1234efgh
    models: ["amazon.titan-embed-text-v2:0", "anthropic.claude-3-5-sonnet-*"]
  kmsKey: arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee
  network: { securityGroups: [sg-0123456789abcdef0], subnets: [subnet-0a1b2c3d4e5f60718] }
  maxTrainingSeconds: 86400
  ec2InstanceTypes: ["t3.*", "g5.*"]
  notebookInstanceTypes: ["ml.g5.xlarge", "ml.t3.*"]
  trainingInstanceTypes: ["ml.m5.*", "ml.p4d.24xlarge", "ml.g5.*"]
  requireMfa: true
  allowedRegions: [us-west-2, us-east-1]
`;
    const b = loadSpecFromString(yaml).spec!;
    const ma = compile({ ...a, tests: [] });
    const mb = compile({ ...b, tests: [] });
    assert.equal(strip(mb), strip(ma));
  });
});

describe("compileSpec: identity modes", () => {
  test("iam-roles: a role per team × persona, trusted by the account with MFA, with the boundary", () => {
    const model = compile(withIdentity("iam-roles"));
    const roles = model.principals.filter((p) => p.kind === "role" && p.human);
    assert.deepEqual(
      roles.map((r) => r.id),
      ["nlp/data-scientist", "nlp/mlops", "vision/data-scientist", "vision/ml-engineer"],
    );
    assert.equal(model.principals.filter((p) => p.kind === "user").length, 0);
    assert.equal(model.groups.length, 0);
    const r = roles[0];
    assert.equal(r.name, "acme-ai.nlp.data-scientist");
    assert.equal(r.boundary, "nlp/boundary");
    assert.deepEqual(r.tags, { team: "nlp" });
    assert.ok(r.managedPolicies.length > 0 && r.managedPolicies.length <= PolicyQuotas.managedPoliciesPerRole);
    const trust = model.policies.find((p) => p.id === r.trustPolicy)!.document.Statement[0];
    assert.deepEqual(trust.Principal, { AWS: ["arn:aws:iam::123456789012:root"] });
    assert.deepEqual(trust.Condition, { Bool: { "aws:MultiFactorAuthPresent": ["true"] } });
    // No MFA self-service nor MFA denies for roles: MFA is checked when the role is assumed.
    const statements = r.managedPolicies.flatMap((id) => model.policies.find((p) => p.id === id)!.document.Statement);
    assert.ok(!statements.some(isForIamUsersOnly));
    // A member's test runs as their persona's role.
    assert.deepEqual(
      model.tests?.map((t) => t.principal),
      [
        "nlp/data-scientist",
        "nlp/data-scientist",
        "nlp/data-scientist",
        "vision/data-scientist",
        "vision/data-scientist",
      ],
    );
  });

  test("iam-roles: SAML and OIDC trust", () => {
    const saml = compile(
      withIdentity("iam-roles", { trust: { samlProvider: "arn:aws:iam::123456789012:saml-provider/Okta" } }),
    );
    const s = saml.policies.find((p) => p.id === "vision/data-scientist/trust")!.document.Statement[0];
    assert.deepEqual(s.Action, ["sts:AssumeRoleWithSAML", "sts:TagSession"]);
    assert.deepEqual(s.Principal, { Federated: ["arn:aws:iam::123456789012:saml-provider/Okta"] });
    const oidc = compile(
      withIdentity("iam-roles", {
        trust: {
          oidcProvider: "arn:aws:iam::123456789012:oidc-provider/idp.example.com",
          oidcAudience: "ai-iam",
          oidcSubjects: ["team:vision"],
        },
      }),
    );
    const o = oidc.policies.find((p) => p.id === "vision/data-scientist/trust")!.document.Statement[0];
    assert.deepEqual(o.Condition, {
      StringEquals: { "idp.example.com:aud": ["ai-iam"] },
      StringLike: { "idp.example.com:sub": ["team:vision"] },
    });
  });

  test("identity-center: a permission set per team × persona with one inline policy and the boundary, assigned to a group", () => {
    const model = compile(withIdentity("identity-center"));
    const sets = model.principals.filter((p) => p.kind === "permission-set");
    assert.equal(sets.length, 4);
    for (const ps of sets) {
      assert.equal(ps.inlinePolicies.length, 1);
      // What does not fit the inline policy goes to customer managed policies the set references.
      assert.ok(ps.managedPolicies.length <= 10);
      const inline = model.policies.find((p) => p.id === ps.inlinePolicies[0])!;
      assert.equal(inline.kind, "permission-set-inline");
      // AWS: IAM Identity Center User Guide, "IAM Identity Center quotas" — inline policy 10,240 characters.
      assert.ok(inline.size <= PolicyQuotas.permissionSetInlineSize);
      assert.equal(ps.boundary, `${ps.team}/boundary`);
      assert.equal(ps.assignedGroup, `${ps.id}/group`);
    }
    const types = new Set(plannedResources(model).map((r) => r.type));
    for (const t of [
      ResourceTypes.permissionSet,
      ResourceTypes.permissionSetInlinePolicy,
      ResourceTypes.customerManagedPolicyAttachment,
      ResourceTypes.permissionsBoundaryAttachment,
      ResourceTypes.identityStoreGroup,
      ResourceTypes.accountAssignment,
    ]) {
      assert.ok(types.has(t), t);
    }
  });
});

describe("compileSpec: diagnostics", () => {
  /** A library granting mlops `count` statements of about 150 characters (the default 2,000 cannot fit 10 policies). */
  const bigWith = (count: number): ActivityLibrary => ({
    personaStatements: (ctx, persona) =>
      Array.from(
        { length: persona === "mlops" ? count : 5 },
        (_, i): Statement => ({
          Sid: `S${i}`,
          Effect: "Allow",
          Action: [`s3:GetObject`],
          Resource: [`arn:aws:s3:::${ctx.team.name}-bucket-with-a-rather-long-name/prefix/${i}/*`],
          Condition: { StringEquals: { "aws:ResourceTag/project": [`p${i}`] } },
        }),
      ),
    executionRole: () => [],
    clientContext: () => [],
    guardrails: () => ({
      boundary: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }],
      denies: [],
      selfService: [],
    }),
  });
  const big = bigWith(2000);

  test("a principal that cannot fit its quota is named, with its size and what to change", () => {
    // 700 statements are packed, and the packing's count is given.
    const packed = compileSpec(example(), { library: bigWith(700) });
    assert.equal(packed.model, undefined);
    assert.match(
      text(packed.diagnostics),
      /group "nlp\/mlops" need \d+ managed policies \(\d+ characters\); AWS attaches at most 10/,
    );
    // 2,000 are refused before packing (pack.ts, certainOverflow), with what any packing needs at least.
    const { model, diagnostics } = compileSpec(example(), { library: big });
    assert.equal(model, undefined);
    const d = diagnostics.find((x) => x.code === "compile-quota");
    assert.ok(d, text(diagnostics));
    const least =
      /group "nlp\/mlops" need at least (\d+) managed policies \(at least (\d+) characters, however they are merged\); AWS attaches at most 10/.exec(
        d.message,
      );
    assert.ok(least, d.message);
    const statements = big.personaStatements(teamContext(example(), "nlp"), "mlops");
    const packing = packStatements(statements, { maxSize: 6144, maxPolicies: 10 });
    assert.ok(Number(least[1]) > 10 && Number(least[1]) <= packing.documents.length, d.message);
    assert.ok(Number(least[2]) <= packing.totalSize, d.message);
    assert.equal(d.file, "examples/ai-platform/nlp.yaml");
    assert.match(d.hint ?? "", /fewer activities/);
    const ic = compileSpec(withIdentity("identity-center"), { library: big });
    assert.match(
      text(ic.diagnostics),
      /permission set "nlp\/mlops" \(beyond its 10240-character inline policy\) need at least \d+ managed/,
    );
  });

  test("a member in two teams would be the same IAM user: an error", () => {
    const spec = example();
    spec.teams.nlp.members.alice = ["analyst"];
    const { diagnostics } = compileSpec(spec);
    assert.match(text(diagnostics), /Member "alice" is in teams "nlp" and "vision"/);
    assert.equal(compileSpec({ ...spec, identity: "iam-roles" }).diagnostics.length, 0);
  });

  test("names longer than AWS allows are shortened, deterministically and distinctly", () => {
    const spec = { ...example(), organization: "a-very-long-organization-name-indeed" };
    const model = compile({ ...spec, identity: "identity-center" });
    const sets = model.principals.filter((p) => p.kind === "permission-set");
    // AWS: IAM Identity Center, CreatePermissionSet — Name, at most 32 characters.
    for (const ps of sets) assert.ok(ps.name.length <= 32, ps.name);
    assert.equal(new Set(sets.map((ps) => ps.name)).size, sets.length);
    const ds = sets.find((ps) => ps.id === "nlp/data-scientist")!;
    assert.match(ds.name, /^nlp\.data-scientist\.[0-9a-z]{6}$/);
    assert.equal(
      compile({ ...spec, identity: "identity-center" }).principals.find((p) => p.id === ds.id)!.name,
      ds.name,
    );
    // Another organization with the same team and persona gets another name (the hash is of the full name).
    const other = compile({
      ...spec,
      organization: "a-very-long-organization-name-other",
      identity: "identity-center",
    });
    assert.notEqual(other.principals.find((p) => p.id === ds.id)!.name, ds.name);
  });

  test("with roles, a test naming a member with several personas must name one", () => {
    const spec = withIdentity("iam-roles");
    spec.teams.vision.members.alice = ["analyst", "data-scientist"];
    const { diagnostics } = compileSpec(spec);
    assert.match(text(diagnostics), /"vision\/alice" plays several personas/);
  });
});

describe("generateOrgSpec (the benchmark's organization)", () => {
  test("a small generated organization loads and compiles in every identity mode, within every quota", async () => {
    const { generateOrgSpec } = await import("../helpers/generate-org.js");
    for (const identity of ["iam-users", "iam-roles", "identity-center"] as const) {
      const loaded = loadSpecFromString(generateOrgSpec(6, 5, { identity }), "generated.yaml");
      assert.deepEqual(loaded.diagnostics, [], identity);
      const spec = loaded.spec!;
      // As its doc says: every built-in persona is played and every activity is in use.
      const played = new Set(Object.values(spec.teams).flatMap((t) => Object.values(t.members).flat()));
      assert.deepEqual([...played].sort(), Object.keys(builtInPersonas).sort(), identity);
      const used = new Set(
        Object.values(spec.teams).flatMap((t) => [...played].flatMap((p) => memberActivities(spec, t, p) ?? [])),
      );
      assert.deepEqual([...used].sort(), activities.map((a) => a.id).sort(), identity);
      const model = compile(spec);
      assert.equal(model.identity, identity);
      const humans = model.principals.filter((p) => p.human).length;
      assert.equal(humans, identity === "iam-users" ? 30 : 24, identity);
      for (const p of model.policies) assert.ok(p.quota && p.size <= p.quota, `${identity} ${p.id}`);
    }
  });
});
