import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { setRecordingMocks } from "../../src/input/capture/run-under-mocks.js";

// A spec's warnings (here an unknown region) do not stop a deployment, but `pulumi up` shows them.
await setRecordingMocks({ project: "ai-iam" });
const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");

test("the component logs the spec's warnings through Pulumi's log", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-warn-"));
  const single = readFileSync("examples/ai-platform-single.yaml", "utf8").replace(/^region: .*$/m, "region: us-east-9");
  assert.match(single, /^region: us-east-9$/m);
  const file = join(dir, "spec.yaml");
  writeFileSync(file, single);
  const warnings: string[] = [];
  const log = pulumi.log as { warn: (msg: string) => Promise<void> };
  const original = log.warn;
  log.warn = async (msg: string) => {
    warnings.push(msg);
  };
  try {
    new AccessModelDeployment("org", { spec: file });
  } finally {
    log.warn = original;
  }
  assert.ok(
    warnings.some((w) => /spec-unknown-region/.test(w) && w.includes(file)),
    warnings.join("\n"),
  );
});
