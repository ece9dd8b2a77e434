import assert from "node:assert/strict";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../../src/deploy/policy-json.js";
import { type RegisteredResource, setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import { logicalName, plannedResources, ResourceTypes } from "../../src/model/resources.js";
import type { AccessModel } from "../../src/model/types.js";
import { identityCenterModel, smallModel } from "./fixtures/models.js";

const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");

/** Every component's registerOutputs call, to check the component ends its registration. */
const outputsRegistered: Array<{ resource: pulumi.Resource; outputs: unknown }> = [];
const proto = pulumi.ComponentResource.prototype as unknown as { registerOutputs(o?: unknown): void };
const registerOutputs = proto.registerOutputs;
proto.registerOutputs = function (this: pulumi.Resource, outputs?: unknown) {
  outputsRegistered.push({ resource: this, outputs });
  return registerOutputs.call(this, outputs);
};

interface Deployed {
  resources: RegisteredResource[];
  children: Array<{ type: string; name: string; parent?: pulumi.Resource }>;
  component: InstanceType<typeof AccessModelDeployment>;
}

/** Deploy `model` under fresh mocks and wait until every registration has been recorded. */
async function deploy(model: AccessModel, identityCenter?: Record<string, string>): Promise<Deployed> {
  const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
  const children: Deployed["children"] = [];
  const component = new AccessModelDeployment(
    "org",
    { model, ...(identityCenter ? { identityCenter } : {}) },
    {
      transformations: [
        (args) => {
          // Transformations also run for the component itself; record only its children.
          if (args.type !== "ai-iam:index:AccessModelDeployment") {
            children.push({ type: args.type, name: args.name, parent: args.opts.parent });
          }
          return undefined;
        },
      ],
    },
  );
  assert.equal(await settle(10_000), true, "registrations settle");
  return {
    resources: recorder.resources.filter((r) => r.type !== "ai-iam:index:AccessModelDeployment"),
    children,
    component,
  };
}

const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
const find = (d: Deployed, type: string, name: string) => {
  const r = d.resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} registered`);
  return r;
};
/** Type + name → inputs, for comparing variants. */
const inputsByKey = (d: Deployed) => new Map(d.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));

const base = await deploy(smallModel());

test("registers exactly plannedResources(model), each child parented to the component", () => {
  const model = smallModel();
  assert.deepEqual(base.resources.map(key).sort(), plannedResources(model).map(key).sort());
  assert.equal(base.children.length, base.resources.length);
  for (const c of base.children) assert.equal(c.parent, base.component, `${c.type} ${c.name} parent`);
});

test("policy inputs are the canonical JSON of the model's documents; attachments link the right ARN", () => {
  const model = smallModel();
  for (const p of model.policies.filter((x) => x.kind === "managed" || x.kind === "boundary")) {
    const r = find(base, ResourceTypes.policy, logicalName(p.id));
    assert.equal(r.inputs.policy, policyJson(p.document));
    assert.equal(r.inputs.name, p.name);
  }
  for (const g of model.groups) {
    const group = find(base, ResourceTypes.group, logicalName(g.id));
    for (const pid of g.managedPolicies) {
      const att = find(base, ResourceTypes.groupPolicyAttachment, `${logicalName(g.id)}--${logicalName(pid)}`);
      const policy = find(base, ResourceTypes.policy, logicalName(pid));
      assert.equal(att.inputs.policyArn, policy.state.arn);
      assert.equal(att.inputs.group, group.state.name);
    }
  }
  const role = find(base, ResourceTypes.role, "vision.execution-role");
  assert.equal(
    role.inputs.assumeRolePolicy,
    policyJson(model.policies.find((p) => p.id === "vision/execution-role-trust")!.document),
  );
  const roleAtt = find(base, ResourceTypes.rolePolicyAttachment, "vision.execution-role--vision.execution-role-1");
  assert.equal(roleAtt.inputs.role, "acme-ai-vision-execution-role");
  assert.equal(roleAtt.inputs.policyArn, "arn:aws:iam::123456789012:policy/acme-ai-vision-execution-role-1");
});

test("every user has its team's boundary, its group membership, forceDestroy and tags", () => {
  for (const u of smallModel().principals.filter((p) => p.kind === "user")) {
    const r = find(base, ResourceTypes.user, logicalName(u.id));
    assert.equal(r.inputs.permissionsBoundary, `arn:aws:iam::123456789012:policy/acme-ai-${u.team}-boundary`);
    assert.equal(r.inputs.forceDestroy, true);
    assert.deepEqual(r.inputs.tags, u.tags);
    const m = find(base, ResourceTypes.userGroupMembership, `${logicalName(u.id)}--groups`);
    assert.deepEqual(m.inputs.groups, [`acme-ai-${u.team}-${u.persona}`]);
    assert.equal(m.inputs.user, u.name);
  }
});

test("the component is an ai-iam:index:AccessModelDeployment and registers its outputs", async () => {
  const { resolveOutput } = await import("../../src/input/capture/run-under-mocks.js");
  assert.equal(
    await resolveOutput(base.component.urn),
    "urn:pulumi:dev::ai-iam::ai-iam:index:AccessModelDeployment::org",
  );
  // The component's own call comes first (and is the one that counts); the SDK's automatic call
  // after `initialize` then finds the outputs registered and does nothing.
  const mine = outputsRegistered.filter((r) => r.resource === base.component);
  assert.deepEqual(
    mine.map((r) => r.outputs === undefined),
    [false, true],
  );
  const outputs = mine[0].outputs as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(outputs).sort(), ["groups", "policyArns", "principals"]);
  assert.deepEqual(
    Object.keys(outputs.principals).sort(),
    smallModel()
      .principals.map((p) => p.id)
      .sort(),
  );
  const alice = outputs.principals["vision/alice"] as { kind: string; arn: pulumi.Output<string> };
  assert.equal(alice.kind, "user");
  assert.equal(await resolveOutput(alice.arn), "arn:aws:iam::123456789012:user/acme-ai-vision-alice");
});

test("the component exposes each principal's name and ARN and each policy's ARN", async () => {
  const { resolveOutput } = await import("../../src/input/capture/run-under-mocks.js");
  assert.equal(
    await resolveOutput(base.component.principals["vision/alice"].arn),
    "arn:aws:iam::123456789012:user/acme-ai-vision-alice",
  );
  assert.equal(await resolveOutput(base.component.principals["nlp/execution-role"].name), "acme-ai-nlp-execution-role");
  assert.equal(
    await resolveOutput(base.component.policyArns["nlp/boundary"]),
    "arn:aws:iam::123456789012:policy/acme-ai-nlp-boundary",
  );
});

test("reordering the model changes no name and no input", async () => {
  const model = smallModel();
  model.principals.reverse();
  model.groups.reverse();
  model.policies.reverse();
  const reordered = await deploy(model);
  assert.deepEqual(inputsByKey(reordered), inputsByKey(base));
});

test("adding a member creates only that member's resources; removing one deletes only theirs", async () => {
  const members: Array<[string, string, string]> = [
    ["vision", "alice", "data-scientist"],
    ["vision", "bob", "ml-engineer"],
    ["nlp", "carol", "data-scientist"],
  ];
  const added = await deploy(smallModel({ members: [...members, ["vision", "erin", "data-scientist"]] }));
  const before = inputsByKey(base);
  const after = inputsByKey(added);
  const created = [...after.keys()].filter((k) => !before.has(k)).sort();
  assert.deepEqual(created, [
    `${ResourceTypes.user} vision.erin`,
    `${ResourceTypes.userGroupMembership} vision.erin--groups`,
  ]);
  for (const [k, v] of before) assert.equal(after.get(k), v, `${k} unchanged`);

  const removed = await deploy(smallModel({ members: members.filter(([, m]) => m !== "bob") }));
  const gone = [...before.keys()].filter((k) => !inputsByKey(removed).has(k)).sort();
  // bob was the only ml-engineer: his group and its policy go with him, nothing else.
  assert.deepEqual(gone, [
    `${ResourceTypes.group} vision.ml-engineer`,
    `${ResourceTypes.groupPolicyAttachment} vision.ml-engineer--vision.ml-engineer-1`,
    `${ResourceTypes.policy} vision.ml-engineer-1`,
    `${ResourceTypes.user} vision.bob`,
    `${ResourceTypes.userGroupMembership} vision.bob--groups`,
  ]);
  for (const [k, v] of inputsByKey(removed)) assert.equal(before.get(k), v, `${k} unchanged`);
});

test("identity-center: permission sets, inline policies, boundaries, groups and assignments", async () => {
  const model = identityCenterModel();
  const ic = { instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", identityStoreId: "d-1234567890" };
  const d = await deploy(model, ic);
  assert.deepEqual(d.resources.map(key).sort(), plannedResources(model).map(key).sort());
  const ps = find(d, ResourceTypes.permissionSet, "vision.data-scientist");
  assert.equal(ps.inputs.instanceArn, ic.instanceArn);
  assert.equal(ps.inputs.name, "acme-ai-vision-data-scientist");
  const inline = find(
    d,
    ResourceTypes.permissionSetInlinePolicy,
    "vision.data-scientist--vision.data-scientist-inline",
  );
  assert.equal(inline.inputs.permissionSetArn, ps.state.arn);
  assert.equal(
    inline.inputs.inlinePolicy,
    policyJson(model.policies.find((p) => p.id === "vision/data-scientist-inline")!.document),
  );
  const boundary = find(d, ResourceTypes.permissionsBoundaryAttachment, "vision.data-scientist--boundary");
  assert.deepEqual(boundary.inputs.permissionsBoundary, {
    customerManagedPolicyReference: { name: "acme-ai-vision-boundary", path: "/" },
  });
  const group = find(d, ResourceTypes.identityStoreGroup, "vision.data-scientist-group");
  assert.equal(group.inputs.identityStoreId, ic.identityStoreId);
  const assignment = find(d, ResourceTypes.accountAssignment, "vision.data-scientist--assignment");
  assert.equal(assignment.inputs.permissionSetArn, ps.state.arn);
  assert.equal(assignment.inputs.principalType, "GROUP");
  assert.equal(assignment.inputs.targetId, "123456789012");
  assert.equal(assignment.inputs.targetType, "AWS_ACCOUNT");
  assert.equal(assignment.inputs.principalId, group.state.groupId);
});
