import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { after, test } from "node:test";
import { loadAccessModel } from "../../src/deploy/load-model.js";
import { DiagnosticsError } from "../../src/diagnostics/index.js";
import { identityCenterOf } from "../../src/input/capture/mocks/invokes.js";
import { setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import { plannedResources } from "../../src/model/resources.js";

/**
 * The root program's `ai-iam:spec`: a relative path means the project folder, wherever Pulumi runs
 * the program from; a spec with errors stops the program with every diagnostic before anything,
 * not even the component, is registered. Each run re-imports index.ts under fresh mocks.
 */
const projectDir = resolve(".");
mkdirSync("test-artifacts", { recursive: true });
const tmp = resolve(mkdtempSync(join("test-artifacts", "root-spec-")));
after(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;

async function runRoot(spec: string, cwd: string, config: Record<string, string> = {}) {
  const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev", config: { spec, ...config } });
  const before = process.cwd();
  process.chdir(cwd);
  try {
    runs += 1;
    await import(`../../index.js?run=${runs}`);
    assert.equal(await settle(20_000), true);
    return { resources: recorder.resources, error: undefined };
  } catch (error) {
    await settle(2000);
    return { resources: recorder.resources, error };
  } finally {
    process.chdir(before);
  }
}

test("a relative ai-iam:spec means the project folder, also when run from elsewhere", async () => {
  const { resources, error } = await runRoot("examples/ai-platform-single.yaml", join(projectDir, "examples"));
  assert.equal(error, undefined);
  const { model } = loadAccessModel(join(projectDir, "examples/ai-platform-single.yaml"));
  const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
  assert.deepEqual(
    resources
      .filter((r) => r.type !== "ai-iam:index:AccessModelDeployment")
      .map(key)
      .sort(),
    plannedResources(model).map(key).sort(),
  );
});

test("a spec with errors fails with every diagnostic, located, and registers nothing", async () => {
  const file = join(tmp, "broken.yaml");
  writeFileSync(
    file,
    [
      "version: 1",
      "organization: acme-ai",
      'account: "12"',
      "region: us-east-1",
      "teams:",
      "  vision:",
      "    members:",
      "      alice: data-scientst",
      "",
    ].join("\n"),
  );
  const { resources, error } = await runRoot(relative(projectDir, file), tmp);
  assert.ok(error instanceof DiagnosticsError, String(error));
  const codes = error.diagnostics.map((d) => d.code).sort();
  assert.ok(codes.includes("spec-invalid-value") && codes.includes("spec-unknown-persona"), codes.join(", "));
  for (const d of error.diagnostics) {
    assert.match(error.message, new RegExp(`broken\\.yaml:${d.line}:${d.column} - error ${d.code}`));
  }
  assert.deepEqual(
    resources.map((r) => `${r.type} ${r.name}`),
    [],
  );
});

test("identity-center: the instance comes from stack config, else the spec's identityCenter, else the account's", async () => {
  const dir = join(tmp, "identity-center");
  cpSync("examples/ai-platform", dir, { recursive: true });
  const org = join(dir, "org.yaml");
  writeFileSync(org, readFileSync(org, "utf8").replace(/^identity: iam-users\b/m, "identity: identity-center"));
  const spec = relative(projectDir, dir);
  const instances = async (config: Record<string, string> = {}) => {
    const { resources, error } = await runRoot(spec, projectDir, config);
    assert.equal(error, undefined);
    const of = (type: string, prop: string) => [
      ...new Set(resources.filter((r) => r.type === type).map((r) => String(r.inputs[prop]))),
    ];
    return {
      instanceArn: of("aws:ssoadmin/permissionSet:PermissionSet", "instanceArn"),
      identityStoreId: of("aws:identitystore/group:Group", "identityStoreId"),
    };
  };
  // Neither: the account's only instance (the mocks answer ssoadmin.getInstances as AWS would).
  const account = identityCenterOf({ account: "123456789012", region: "us-east-1" });
  assert.deepEqual(await instances(), {
    instanceArn: [account.instanceArn],
    identityStoreId: [account.identityStoreId],
  });
  writeFileSync(
    org,
    `${readFileSync(org, "utf8")}identityCenter: { instanceArn: "arn:aws:sso:::instance/ssoins-1111111111111111", identityStoreId: d-1111111111 }\n`,
  );
  assert.deepEqual(await instances(), {
    instanceArn: ["arn:aws:sso:::instance/ssoins-1111111111111111"],
    identityStoreId: ["d-1111111111"],
  });
  assert.deepEqual(
    await instances({
      identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-2222222222222222",
      identityStoreId: "d-2222222222",
    }),
    { instanceArn: ["arn:aws:sso:::instance/ssoins-2222222222222222"], identityStoreId: ["d-2222222222"] },
  );
});
