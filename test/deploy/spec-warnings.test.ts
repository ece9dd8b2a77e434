import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { setRecordingMocks } from "../../src/input/capture/run-under-mocks.js";

// A spec's warnings (here a region newer than the list, allowed explicitly) do not stop a deployment, but `pulumi up` shows them.
await setRecordingMocks({ project: "ai-iam" });
const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");

test("the component logs the spec's warnings through Pulumi's log", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-warn-"));
  const single = readFileSync("examples/ai-platform-single.yaml", "utf8")
    .replace(/^region: .*$/m, "region: us-east-9")
    .replace(/^guardrails:$/m, "guardrails:\n  allowUnknownRegions: true")
    // The home region is among the allowed ones (else the region guardrail would deny every grant).
    .replace(/^ {2}allowedRegions: \[us-east-1, /m, "  allowedRegions: [us-east-9, us-east-1, ");
  assert.match(single, /^region: us-east-9$/m);
  assert.match(single, /allowedRegions: \[us-east-9,/);
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
