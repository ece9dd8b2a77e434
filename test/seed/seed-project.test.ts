import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";
import { DEFAULT_BUCKET_NAME } from "../../examples/seed/program.js";

/** The seed's Pulumi.yaml: what `pulumi up` in examples/seed reads. */
const project = parse(readFileSync("examples/seed/Pulumi.yaml", "utf8"));

test("the seed is its own nodejs project, running index.ts through tsx", () => {
  assert.equal(project.name, "ai-iam-seed");
  assert.equal(project.main, "index.ts");
  assert.equal(project.runtime.name, "nodejs");
  assert.equal(project.runtime.options.typescript, false);
  assert.match(project.runtime.options.nodeargs, /--import tsx/);
});

test("stack config bucketName is declared with the program's default", () => {
  assert.equal(DEFAULT_BUCKET_NAME, "your-ai-team-bucket-name");
  assert.deepEqual(project.config.bucketName, { type: "string", default: DEFAULT_BUCKET_NAME });
});
