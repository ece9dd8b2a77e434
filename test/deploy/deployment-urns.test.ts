import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadAccessModel } from "../../src/deploy/load-model.js";
import { identityCenterOf } from "../../src/input/capture/mocks/invokes.js";
import type { RegisteredResource } from "../../src/input/capture/run-under-mocks.js";
import type { Spec } from "../../src/input/team-spec/types.js";
import { attachmentName, logicalName, ResourceTypes } from "../../src/model/resources.js";
import type { AccessModel, ModelPrincipal } from "../../src/model/types.js";
import { canonicalJson } from "../../src/policy/canonical.js";
import type { PolicyDocument } from "../../src/policy/types.js";
import { type DeployedResource, exampleIn, MODES, recordDeployment, sha256, sortKeys } from "./deployment-record.js";

/**
 * A deployed stack sees a replacement when a URN changes, and an update when an input does. The
 * component must register, for the example in every identity mode, exactly the resources the model
 * implies, each with exactly the inputs the model implies: this test states that mapping
 * independently of the component (from the model alone, plus the ARNs the mocks give the resources
 * it references), so splitting or reorganizing the component cannot move a URN or an input.
 * When the component was split per resource family, the resources it registered were compared
 * with those the original component registered (a fixture written by deployment-record.ts at
 * commit 0d42d17), before and after, and with this expectation; the fixture is gone because the
 * example and the compiler change, and this expectation follows them.
 */

mkdirSync("test-artifacts", { recursive: true });
const tmp = mkdtempSync(join("test-artifacts", "urns-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const PREFIX = "urn:pulumi:dev::ai-iam::ai-iam:index:AccessModelDeployment$";
/** What the mocks' ssoadmin.getInstances returns (the component looks the instance up when nothing names it). */
const MOCK_INSTANCE = identityCenterOf({ account: "123456789012", region: "us-east-1" });

/** The resources and inputs deploying `model` must register, derived from the model alone. */
function expectedDeployment(model: AccessModel, spec: Spec, registered: RegisteredResource[]): DeployedResource[] {
  const out: DeployedResource[] = [];
  const urn = (type: string, name: string) => `${PREFIX}${type}::${name}`;
  const add = (type: string, name: string, inputs: Record<string, unknown>, dependsOn: string[] = []) =>
    out.push({ urn: urn(type, name), inputs, dependsOn });
  const state = (type: string, name: string) => {
    const r = registered.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name} is registered`);
    return r.state;
  };
  const policy = (id: string) => model.policies.find((p) => p.id === id)!;
  const document = (d: PolicyDocument) => sha256(canonicalJson(d));
  const created = (id: string) => ["managed", "boundary"].includes(policy(id).kind);
  const arnOf = (id: string) => (created(id) ? state(ResourceTypes.policy, logicalName(id)).arn : policy(id).arn);
  const path = (p?: string) => p ?? "/";
  const tags = (pr: ModelPrincipal) => (Object.keys(pr.tags).length > 0 ? { tags: pr.tags } : {});
  const boundary = (pr: ModelPrincipal) => (pr.boundary ? { permissionsBoundary: arnOf(pr.boundary) } : {});

  // The component itself, at the root of the stack (its children's URNs name its type).
  out.push({ urn: "urn:pulumi:dev::ai-iam::ai-iam:index:AccessModelDeployment::ai-iam", inputs: {}, dependsOn: [] });
  for (const p of model.policies.filter((x) => created(x.id))) {
    const description = p.description ? { description: p.description } : {};
    add(ResourceTypes.policy, logicalName(p.id), {
      name: p.name,
      path: path(p.path),
      ...description,
      policy: document(p.document),
    });
  }
  const attachments = (
    id: string,
    owner: Record<string, string>,
    entity: { managedPolicies: string[]; inlinePolicies: string[] },
    types: { attachment: string; inline: string },
  ) => {
    for (const pid of entity.managedPolicies)
      add(types.attachment, attachmentName(id, pid), { ...owner, policyArn: arnOf(pid) });
    for (const pid of entity.inlinePolicies) {
      const p = policy(pid);
      add(types.inline, attachmentName(id, pid), { ...owner, name: p.name, policy: document(p.document) });
    }
  };
  for (const g of model.groups) {
    add(ResourceTypes.group, logicalName(g.id), { name: g.name, path: path(g.path) });
    attachments(g.id, { group: g.name }, g, {
      attachment: ResourceTypes.groupPolicyAttachment,
      inline: ResourceTypes.groupPolicy,
    });
  }
  const ic = { ...MOCK_INSTANCE, ...spec.identityCenter };
  const storeGroups = new Set<string>();
  for (const pr of model.principals) {
    const name = logicalName(pr.id);
    if (pr.kind === "user") {
      const force = pr.forceDestroy === undefined ? {} : { forceDestroy: pr.forceDestroy };
      add(ResourceTypes.user, name, { name: pr.name, path: path(pr.path), ...boundary(pr), ...force, ...tags(pr) });
      if (pr.groups.length > 0) {
        const groups = [...pr.groups].sort().map((gid) => model.groups.find((g) => g.id === gid)!.name);
        add(ResourceTypes.userGroupMembership, `${name}--groups`, { user: pr.name, groups });
      }
      attachments(pr.id, { user: pr.name }, pr, {
        attachment: ResourceTypes.userPolicyAttachment,
        inline: ResourceTypes.userPolicy,
      });
    } else if (pr.kind === "role") {
      const trust = document(policy(pr.trustPolicy!).document);
      add(ResourceTypes.role, name, {
        name: pr.name,
        path: path(pr.path),
        assumeRolePolicy: trust,
        ...boundary(pr),
        ...tags(pr),
      });
      attachments(pr.id, { role: pr.name }, pr, {
        attachment: ResourceTypes.rolePolicyAttachment,
        inline: ResourceTypes.rolePolicy,
      });
    } else {
      add(ResourceTypes.permissionSet, name, { instanceArn: ic.instanceArn, name: pr.name, ...tags(pr) });
      const set = { instanceArn: ic.instanceArn, permissionSetArn: state(ResourceTypes.permissionSet, name).arn };
      for (const pid of pr.inlinePolicies) {
        add(ResourceTypes.permissionSetInlinePolicy, attachmentName(pr.id, pid), {
          ...set,
          inlinePolicy: document(policy(pid).document),
        });
      }
      // A customer managed policy or boundary this component creates is created first.
      const after = (pid: string) => (created(pid) ? [urn(ResourceTypes.policy, logicalName(pid))] : []);
      for (const pid of pr.managedPolicies) {
        const p = policy(pid);
        const reference = { name: p.name, path: path(p.path) };
        add(
          ResourceTypes.customerManagedPolicyAttachment,
          attachmentName(pr.id, pid),
          { ...set, customerManagedPolicyReference: reference },
          after(pid),
        );
      }
      if (pr.boundary) {
        const b = policy(pr.boundary);
        const permissionsBoundary =
          b.kind === "aws-managed" && b.arn
            ? { managedPolicyArn: b.arn }
            : { customerManagedPolicyReference: { name: b.name, path: path(b.path) } };
        add(
          ResourceTypes.permissionsBoundaryAttachment,
          `${name}--boundary`,
          { ...set, permissionsBoundary },
          after(b.id),
        );
      }
      if (pr.assignedGroup) {
        const groupName = logicalName(pr.assignedGroup);
        if (!storeGroups.has(groupName)) {
          storeGroups.add(groupName);
          add(ResourceTypes.identityStoreGroup, groupName, {
            identityStoreId: ic.identityStoreId,
            displayName: pr.name,
            description: `ai-iam: ${pr.id}`,
          });
        }
        add(ResourceTypes.accountAssignment, `${name}--assignment`, {
          ...set,
          principalId: state(ResourceTypes.identityStoreGroup, groupName).groupId,
          principalType: "GROUP",
          targetId: model.account,
          targetType: "AWS_ACCOUNT",
        });
      }
    }
  }
  return out
    .map((r) => ({ ...r, inputs: sortKeys(r.inputs) as Record<string, unknown> }))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** The first difference between two resource lists, named by URN (deepEqual's diff of 50 resources is unreadable). */
function firstDifference(actual: DeployedResource[], expected: DeployedResource[]): string | undefined {
  const a = new Map(actual.map((r) => [r.urn, r]));
  const e = new Map(expected.map((r) => [r.urn, r]));
  for (const u of e.keys()) if (!a.has(u)) return `missing: ${u}`;
  for (const u of a.keys()) if (!e.has(u)) return `unexpected: ${u}`;
  for (const [u, r] of e) {
    const got = JSON.stringify(a.get(u));
    if (got !== JSON.stringify(r)) return `${u}\n  expected ${JSON.stringify(r)}\n  got      ${got}`;
  }
  return undefined;
}

describe("the deployment's URNs and inputs are exactly what the model implies", () => {
  for (const mode of MODES) {
    test(`${mode}`, async () => {
      const dir = exampleIn(tmp, mode);
      const { resources, registered } = await recordDeployment(dir);
      const { model, spec } = loadAccessModel(dir);
      const expected = expectedDeployment(model, spec, registered);
      assert.ok(resources.length > 40, `${resources.length} resources`);
      assert.equal(firstDifference(resources, expected), undefined);
      assert.deepEqual(resources, expected);
    });
  }
});
