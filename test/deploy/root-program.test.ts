import assert from "node:assert/strict";
import { test } from "node:test";
import { planOf } from "../../src/compile/plan.js";
import { loadAccessModel } from "../../src/deploy/load-model.js";
import { resolveExports, setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import { attachmentName, logicalName, ResourceTypes } from "../../src/model/resources.js";
import { canonicalJson } from "../../src/policy/canonical.js";

// The project root's Pulumi program on its default spec (examples/ai-platform), under mocks.
const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
const outputs = await resolveExports(await import("../../index.js"));
assert.equal(await settle(20_000), true);
const { model } = loadAccessModel("examples/ai-platform");
const registered = recorder.resources.filter((r) => r.type !== "ai-iam:index:AccessModelDeployment");
const find = (type: string, name: string) => {
  const r = registered.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} registered`);
  return r;
};

test("registers exactly the resources `ai-iam plan --format json` lists", () => {
  const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
  assert.ok(model.principals.length > 0);
  assert.deepEqual(registered.map(key).sort(), planOf(model).resources.map(key).sort());
});

test("every policy input is the compiled document's canonical JSON", () => {
  let checked = 0;
  for (const p of model.policies) {
    if (p.kind === "managed" || p.kind === "boundary") {
      const r = find(ResourceTypes.policy, logicalName(p.id));
      assert.equal(r.inputs.policy, canonicalJson(p.document), p.id);
      assert.equal(r.inputs.name, p.name);
      checked++;
    }
  }
  for (const pr of model.principals.filter((x) => x.kind === "role")) {
    const trust = model.policies.find((p) => p.id === pr.trustPolicy);
    assert.ok(trust, `${pr.id} has a trust policy`);
    assert.equal(find(ResourceTypes.role, logicalName(pr.id)).inputs.assumeRolePolicy, canonicalJson(trust.document));
    checked++;
  }
  assert.ok(checked >= model.policies.filter((p) => p.kind === "managed" || p.kind === "boundary").length);
});

test("every attachment links the right policy to the right group or role", () => {
  const policyArn = (id: string) => find(ResourceTypes.policy, logicalName(id)).state.arn;
  let links = 0;
  for (const g of model.groups) {
    const group = find(ResourceTypes.group, logicalName(g.id));
    for (const pid of g.managedPolicies) {
      const a = find(ResourceTypes.groupPolicyAttachment, attachmentName(g.id, pid));
      assert.equal(a.inputs.group, group.state.name);
      assert.equal(a.inputs.policyArn, policyArn(pid));
      links++;
    }
  }
  for (const pr of model.principals.filter((x) => x.kind === "role")) {
    const role = find(ResourceTypes.role, logicalName(pr.id));
    for (const pid of pr.managedPolicies) {
      const a = find(ResourceTypes.rolePolicyAttachment, attachmentName(pr.id, pid));
      assert.equal(a.inputs.role, role.state.name);
      assert.equal(a.inputs.policyArn, policyArn(pid));
      links++;
    }
  }
  assert.ok(links > 0);
});

test("every user has its team's boundary and its groups", () => {
  const users = model.principals.filter((p) => p.kind === "user");
  assert.ok(users.length > 0);
  for (const u of users) {
    assert.ok(u.boundary, `${u.id} has a boundary in the model`);
    const r = find(ResourceTypes.user, logicalName(u.id));
    assert.equal(r.inputs.permissionsBoundary, find(ResourceTypes.policy, logicalName(u.boundary)).state.arn);
    const m = find(ResourceTypes.userGroupMembership, `${logicalName(u.id)}--groups`);
    const groupNames = u.groups.map((g) => model.groups.find((x) => x.id === g)!.name).sort();
    assert.deepEqual(m.inputs.groups, groupNames);
  }
});

test("the stack outputs give every principal's name and ARN and every policy's ARN", () => {
  const principals = outputs.principals as Record<string, { kind: string; name: string; arn: string }>;
  assert.deepEqual(Object.keys(principals).sort(), model.principals.map((p) => p.id).sort());
  for (const p of model.principals) {
    assert.equal(principals[p.id].name, p.name);
    assert.equal(principals[p.id].arn, p.arn, `${p.id}: the deployed ARN is the one the model analyzed`);
  }
  const policyArns = outputs.policyArns as Record<string, string>;
  for (const p of model.policies.filter((x) => x.kind === "managed" || x.kind === "boundary")) {
    assert.equal(policyArns[p.id], p.arn);
  }
});
