import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";

/** The files the Pulumi CLI reads: the root program, its dev stack, and the policy pack. */
const yaml = (file: string) => parse(readFileSync(file, "utf8"));

test("the root program: nodejs through tsx, ai-iam:spec defaulting to examples/ai-platform", () => {
  const project = yaml("Pulumi.yaml");
  assert.equal(project.name, "ai-iam", "config keys are namespaced ai-iam:");
  assert.equal(project.main, "index.ts");
  assert.equal(project.runtime.name, "nodejs");
  assert.equal(project.runtime.options.typescript, false);
  assert.match(project.runtime.options.nodeargs, /--import tsx/);
  assert.equal(project.config.spec.default, "examples/ai-platform");
  assert.ok(existsSync(project.config.spec.default));
});

test("Pulumi.dev.yaml shows the config the program reads", () => {
  const stack = yaml("Pulumi.dev.yaml");
  assert.equal(stack.config["ai-iam:spec"], "examples/ai-platform");
  assert.match(stack.config["aws:region"], /^[a-z]{2}-[a-z]+-\d$/);
  const text = readFileSync("Pulumi.dev.yaml", "utf8");
  for (const key of ["ai-iam:identityCenterInstanceArn", "ai-iam:identityStoreId"]) assert.match(text, new RegExp(key));
  const index = readFileSync("index.ts", "utf8");
  for (const key of ["spec", "identityCenterInstanceArn", "identityStoreId"]) {
    assert.match(index, new RegExp(`config\\.get\\("${key}"\\)`));
  }
});

test("the policy pack: a nodejs PulumiPolicy.yaml and a CommonJS entry that exists", () => {
  const pack = yaml("policypack/PulumiPolicy.yaml");
  assert.equal(pack.runtime.name, "nodejs");
  const pkg = JSON.parse(readFileSync("policypack/package.json", "utf8"));
  assert.equal(pkg.main, "index.cjs", "Pulumi's pack runner require()s the entry");
  assert.ok(existsSync(join("policypack", pkg.main)));
});
