import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDocument } from "../../../../src/analysis/checks/runner.js";

/**
 * `ssm:SendCommand` needs an instance and a document (Service Authorization Reference, "Actions
 * defined by AWS Systems Manager"). Only documents that run what the caller sends escalate: the
 * AWS managed command documents (`AWS-RunShellScript`, ...) or a customer's own document; an
 * AWS-owned document with a fixed task (`AWSEC2-CreateVssSnapshot`) does not. Names beginning with
 * `aws`, `amazon` or `amzn` are reserved for AWS (Systems Manager User Guide, "Creating SSM documents").
 */
function methods(documentArn: string): string[] {
  const findings = checkDocument(
    {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["ssm:SendCommand"], Resource: ["arn:aws:ec2:*:*:instance/*", documentArn] },
      ],
    },
    { kind: "identity", policyName: "p" },
  );
  return findings.flatMap((f) => (f.rule === "privilege-escalation" ? ((f.data?.methods as string[]) ?? []) : []));
}

test("SendCommand with an AWS-owned fixed-task document is not an escalation", () => {
  assert.deepEqual(methods("arn:aws:ssm:*:*:document/AWSEC2-CreateVssSnapshot"), []);
  assert.deepEqual(methods("arn:aws:ssm:*::document/AmazonInspector2-*"), []);
});

test("SendCommand with a command document, any document or a customer's document is", () => {
  assert.deepEqual(methods("arn:aws:ssm:*:*:document/AWS-RunShellScript"), ["ssm-instance-command"]);
  assert.deepEqual(methods("arn:aws:ssm:*:*:document/AWS-Run*"), ["ssm-instance-command"]);
  assert.deepEqual(methods("arn:aws:ssm:*:*:document/*"), ["ssm-instance-command"]);
  assert.deepEqual(methods("arn:aws:ssm:us-east-1:123456789012:document/team-deploy"), ["ssm-instance-command"]);
});
