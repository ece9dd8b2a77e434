import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { compileSpec } from "../../src/compile/compile.js";
import { loadSpecFromString } from "../../src/input/team-spec/load.js";
import type { AccessModel } from "../../src/model/types.js";

/**
 * Stable identities through the whole pipeline: spec text → compiler → component → registered
 * resources, for variants of examples/ai-platform-single.yaml. Reordering the spec changes no URN
 * and no input; adding a member creates only that member's resources; removing one deletes only
 * theirs. (Each deploy resets the mocks; one file, one process.)
 */
const { setRecordingMocks, settle } = await import("../../src/input/capture/run-under-mocks.js");
const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");

const base = readFileSync("examples/ai-platform-single.yaml", "utf8");

function compile(text: string): AccessModel {
  const loaded = loadSpecFromString(text, "variant.yaml");
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  const { model, diagnostics } = compileSpec(loaded.spec);
  assert.ok(model, JSON.stringify(diagnostics));
  return model;
}

/** Type + logical name → inputs JSON, as the engine would compare them for a diff. */
async function deploy(text: string): Promise<Map<string, string>> {
  const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
  new AccessModelDeployment("ai-iam", { model: compile(text) });
  assert.equal(await settle(20_000), true);
  return new Map(
    recorder.resources
      .filter((r) => r.type !== "ai-iam:index:AccessModelDeployment")
      .map((r) => [`${r.type} ${r.name}`, JSON.stringify(r.inputs)]),
  );
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the example contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const before = await deploy(base);

test("reordering teams and members changes no URN and no input", async () => {
  // Swap the two members of vision, and move the nlp team before vision.
  let reordered = replaceOnce(
    base,
    "      alice: data-scientist\n      bob: ml-engineer",
    "      bob: ml-engineer\n      alice: data-scientist",
  );
  const vision = reordered.slice(reordered.indexOf("  vision:"), reordered.indexOf("  nlp:"));
  reordered = reordered.replace(vision, "");
  const nlpEnd = reordered.indexOf("\n", reordered.indexOf("      dan:"));
  reordered = `${reordered.slice(0, nlpEnd + 1)}${vision}${reordered.slice(nlpEnd + 1)}`;
  assert.notEqual(reordered, base);
  assert.deepEqual(await deploy(reordered), before);
});

test("adding a member creates only that member's resources", async () => {
  const added = replaceOnce(
    base,
    "      alice: data-scientist\n",
    "      alice: data-scientist\n      erin: data-scientist\n",
  );
  const after = await deploy(added);
  const created = [...after.keys()].filter((k) => !before.has(k)).sort();
  assert.deepEqual(created, [
    "aws:iam/user:User vision.erin",
    "aws:iam/userGroupMembership:UserGroupMembership vision.erin--groups",
  ]);
  for (const [k, v] of before) assert.equal(after.get(k), v, `${k} unchanged`);
});

test("removing a member deletes only theirs", async () => {
  // frank shares alice's persona, so removing him takes away no persona (and changes no group
  // policy or team boundary, which follow the personas in use): only his own resources go.
  const withFrank = replaceOnce(
    base,
    "      alice: data-scientist\n",
    "      alice: data-scientist\n      frank: data-scientist\n",
  );
  const full = await deploy(withFrank);
  const after = before;
  const deleted = [...full.keys()].filter((k) => !after.has(k)).sort();
  assert.deepEqual(deleted, [
    "aws:iam/user:User vision.frank",
    "aws:iam/userGroupMembership:UserGroupMembership vision.frank--groups",
  ]);
  assert.deepEqual(
    [...after.keys()].filter((k) => !full.has(k)),
    [],
    "nothing is created",
  );
  for (const [k, v] of after) assert.equal(full.get(k), v, `${k} unchanged`);
});

test("every identity mode registers exactly its plan; Identity Center's instance comes from the spec", async () => {
  const { plannedResources } = await import("../../src/model/resources.js");
  const { loadAccessModel } = await import("../../src/deploy/load-model.js");
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-variants-"));
  try {
    for (const mode of ["iam-roles", "identity-center"]) {
      let text = replaceOnce(base, "identity: iam-users", `identity: ${mode}`);
      if (mode === "identity-center") {
        text = replaceOnce(
          text,
          "region: us-east-1\n",
          "region: us-east-1\nidentityCenter: { instanceArn: arn:aws:sso:::instance/ssoins-1111222233334444, identityStoreId: d-1111222233 }\n",
        );
      }
      const file = join(dir, `${mode}.yaml`);
      writeFileSync(file, text);
      const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
      new AccessModelDeployment("ai-iam", { spec: file });
      assert.equal(await settle(20_000), true);
      const { model } = loadAccessModel(file);
      const registered = recorder.resources.filter((r) => r.type !== "ai-iam:index:AccessModelDeployment");
      const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
      assert.deepEqual(registered.map(key).sort(), plannedResources(model).map(key).sort(), mode);
      if (mode === "identity-center") {
        const sets = registered.filter((r) => r.type === "aws:ssoadmin/permissionSet:PermissionSet");
        assert.ok(sets.length > 0);
        for (const s of sets) assert.equal(s.inputs.instanceArn, "arn:aws:sso:::instance/ssoins-1111222233334444");
        const groups = registered.filter((r) => r.type === "aws:identitystore/group:Group");
        assert.ok(groups.length > 0 && groups.every((g) => g.inputs.identityStoreId === "d-1111222233"));
      } else {
        const role = registered.find((r) => r.type === "aws:iam/role:Role" && r.name === "vision.data-scientist");
        assert.ok(role && typeof role.inputs.assumeRolePolicy === "string" && role.inputs.permissionsBoundary);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
