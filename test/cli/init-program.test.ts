/**
 * The Pulumi program `ai-iam init` writes (index.ts, Pulumi.yaml): run under Pulumi's mocks, it
 * registers exactly what `ai-iam plan iam` lists, through `ai-iam/pulumi` as a user's project
 * imports it. `ai-iam` resolves to this repository's source through a shim package in the
 * scaffold's node_modules; `@pulumi/*` from the repository's (one Pulumi runtime, as npm's peer
 * hoisting gives a user).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { parse } from "yaml";
import { loadAccessModel } from "../../src/deploy/load-model.js";
import { setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import { plannedResources } from "../../src/model/resources.js";
import { ANSWERS, REPO_ROOT, scaffoldRepo } from "../helpers/scaffold-repo.js";

mkdirSync(join(REPO_ROOT, "test-artifacts"), { recursive: true });
const tmp = resolve(mkdtempSync(join(REPO_ROOT, "test-artifacts", "init-program-")));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("the scaffold's index.ts deploys exactly the plan of iam/, with the component and its outputs", async () => {
  const dir = join(tmp, "acme");
  scaffoldRepo(dir, { ...ANSWERS, identity: "iam-roles" });
  const shim = join(dir, "node_modules", "ai-iam");
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    join(shim, "package.json"),
    JSON.stringify({ name: "ai-iam", type: "module", exports: { "./pulumi": "./pulumi.ts" } }),
  );
  writeFileSync(join(shim, "pulumi.ts"), `export * from ${JSON.stringify(join(REPO_ROOT, "src/deploy/index.ts"))};\n`);

  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main: string;
    config: Record<string, { default: string }>;
  };
  assert.equal(project.name, "acme-iam");
  assert.equal(project.config.spec?.default, "iam");

  const recorder = await setRecordingMocks({ project: project.name, stack: "dev", account: ANSWERS.account });
  const before = process.cwd();
  process.chdir(dir); // Pulumi runs a program in its project folder.
  let outputs: Record<string, unknown>;
  try {
    outputs = (await import(join(dir, project.main))) as Record<string, unknown>;
    assert.equal(await settle(20_000), true);
  } finally {
    process.chdir(before);
  }
  const { model } = loadAccessModel(join(dir, "iam"));
  assert.ok(model);
  const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
  assert.deepEqual(
    recorder.resources
      .filter((r) => r.type !== "ai-iam:index:AccessModelDeployment")
      .map(key)
      .sort(),
    plannedResources(model).map(key).sort(),
  );
  assert.ok(recorder.resources.some((r) => r.type === "ai-iam:index:AccessModelDeployment" && r.name === "acme"));
  assert.ok("principals" in outputs && "policyArns" in outputs);
});
