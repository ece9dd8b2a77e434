import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { captureProgram } from "../../../src/input/capture/capture.js";

// Inside the repository so that `@pulumi/*` resolves; one program per file (per process).
mkdirSync("test-artifacts", { recursive: true });
const dir = mkdtempSync(join("test-artifacts", "hanging-program-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a program awaiting a value the mocks never supply is a located error, not a silent exit", async () => {
  writeFileSync(join(dir, "Pulumi.yaml"), "name: hanging\nruntime: nodejs\n");
  writeFileSync(
    join(dir, "index.ts"),
    [
      'import * as aws from "@pulumi/aws";',
      'const domain = new aws.emr.Studio("studio", {',
      '  name: "studio", authMode: "IAM", defaultS3Location: "s3://b/s", engineSecurityGroupId: "sg-1",',
      '  workspaceSecurityGroupId: "sg-2", serviceRole: "arn:aws:iam::123456789012:role/x", vpcId: "vpc-1", subnetIds: ["subnet-1"],',
      "});",
      "// An EMR studio's ARN stays unknown under the mocks: this never resolves.",
      "const arn = await new Promise<string>((resolve) => domain.arn.apply(resolve));",
      'new aws.iam.User("u", { tags: { domain: arn } });',
      "",
    ].join("\n"),
  );
  const { model, diagnostics } = await captureProgram(dir, { timeoutMs: 1500 });
  assert.equal(model, undefined);
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.file]),
    [["error", "capture-timeout", join(process.cwd(), dir, "index.ts")]],
  );
});
