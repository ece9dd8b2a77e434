import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import type * as pulumi from "@pulumi/pulumi";
import { loadAccessModel } from "../../src/deploy/load-model.js";
import { setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import { attachmentName, logicalName, ResourceTypes } from "../../src/model/resources.js";
import { canonicalJson } from "../../src/policy/canonical.js";

/**
 * examples/ai-platform in each identity mode: the component registers exactly the resources
 * `ai-iam plan --format json` lists, every document input is a compiled document's canonical JSON,
 * and for Identity Center every customer managed policy a permission set references (its inline
 * policy overflowed) names the policy the component creates, after it exists.
 */
const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");
mkdirSync("test-artifacts", { recursive: true });
const tmp = mkdtempSync(join("test-artifacts", "modes-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;

function exampleIn(mode: string): string {
  const dir = join(tmp, mode);
  cpSync("examples/ai-platform", dir, { recursive: true });
  const org = readFileSync(join(dir, "org.yaml"), "utf8");
  assert.match(org, /^identity: iam-users\b/m);
  writeFileSync(join(dir, "org.yaml"), org.replace(/^identity: iam-users\b/m, `identity: ${mode}`));
  return dir;
}

for (const mode of ["iam-users", "iam-roles", "identity-center"]) {
  test(`${mode}: registers exactly the plan's resources, with canonical documents`, async () => {
    const dir = exampleIn(mode);
    const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "plan", dir, "--format", "json"], {
      encoding: "utf8",
    });
    assert.equal(cli.status, 0, cli.stderr);
    const plan = JSON.parse(cli.stdout) as { resources: Array<{ type: string; name: string }> };

    const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
    const dependsOn = new Map<string, pulumi.Input<pulumi.Input<pulumi.Resource>[]> | undefined>();
    new AccessModelDeployment(
      "ai-iam",
      { spec: dir },
      {
        transformations: [
          (args) => {
            dependsOn.set(key(args), args.opts.dependsOn as pulumi.Input<pulumi.Resource>[] | undefined);
            return undefined;
          },
        ],
      },
    );
    assert.equal(await settle(30_000), true);
    const registered = recorder.resources.filter((r) => r.type !== "ai-iam:index:AccessModelDeployment");
    assert.deepEqual(registered.map(key).sort(), plan.resources.map(key).sort());

    const { model } = loadAccessModel(dir);
    const canonical = new Set(model.policies.map((p) => canonicalJson(p.document)));
    let documents = 0;
    for (const r of registered) {
      for (const prop of ["policy", "assumeRolePolicy", "inlinePolicy"]) {
        if (r.inputs[prop] === undefined) continue;
        assert.ok(canonical.has(String(r.inputs[prop])), `${key(r)} ${prop} is a compiled document`);
        documents++;
      }
    }
    assert.ok(documents > 0);

    if (mode !== "identity-center") return;
    const sets = model.principals.filter((p) => p.kind === "permission-set");
    const overflow = sets.flatMap((ps) => ps.managedPolicies.map((pid) => [ps, pid] as const));
    assert.ok(overflow.length > 0, "the example overflows some inline policies into customer managed policies");
    for (const [ps, pid] of overflow) {
      const policy = model.policies.find((p) => p.id === pid)!;
      const set = registered.find((r) => r.type === ResourceTypes.permissionSet && r.name === logicalName(ps.id))!;
      const attachment = registered.find(
        (r) => r.type === ResourceTypes.customerManagedPolicyAttachment && r.name === attachmentName(ps.id, pid),
      );
      assert.ok(attachment, `${ps.id} references ${pid}`);
      assert.equal(attachment.inputs.permissionSetArn, set.state.arn);
      assert.deepEqual(attachment.inputs.customerManagedPolicyReference, { name: policy.name, path: policy.path });
      const created = registered.find((r) => r.type === ResourceTypes.policy && r.name === logicalName(pid))!;
      assert.equal(created.inputs.name, policy.name);
      assert.equal(created.inputs.path, policy.path);
      const deps = dependsOn.get(key(attachment)) as pulumi.Resource[] | undefined;
      assert.equal(deps?.length, 1, `${key(attachment)} waits for its policy`);
    }
  });
}
