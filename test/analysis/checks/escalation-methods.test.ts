import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Method } from "../../../src/analysis/checks/risk.js";
import {
  AI_ESCALATION_METHODS,
  aiPrivilegeEscalation,
} from "../../../src/analysis/checks/rules/ai-privilege-escalation.js";
import { ESCALATION_METHODS, privilegeEscalation } from "../../../src/analysis/checks/rules/privilege-escalation.js";
import { checkDocument, checkModel } from "../../../src/analysis/checks/runner.js";
import type { PrincipalRule } from "../../../src/analysis/checks/types.js";
import { getCatalog } from "../../../src/catalog/index.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";

/**
 * Every escalation method the issue lists, data-driven: granted on `*` it is reported (by name);
 * a Deny of any one of its requests, a permissions boundary, dropping one of its steps, or scoping
 * its resource-level requests to other resources removes it. Requests are evaluated as AWS does
 * (IAM User Guide, "Policy evaluation logic"): an explicit Deny in any policy wins; a boundary
 * limits the maximum permissions ("Permissions boundaries for IAM entities").
 */
const V = "2012-10-17";
const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: V, Statement });
const catalog = getCatalog();

/** The methods of the issue's list, by the name each rule gives them. */
const ISSUE_IAM = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:AddUserToGroup",
  "iam:UpdateAssumeRolePolicy + sts:AssumeRole",
  "iam:PassRole + ec2:RunInstances",
  "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
  "iam:PassRole + lambda:CreateFunction + lambda:AddPermission",
  "iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
  "iam:PassRole + glue:CreateDevEndpoint",
  "iam:PassRole + cloudformation:CreateStack",
  "iam:PassRole + datapipeline:CreatePipeline",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "glue:UpdateDevEndpoint",
];
const ISSUE_AI = [
  "sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl + iam:PassRole",
  "sagemaker:CreatePresignedNotebookInstanceUrl",
  "sagemaker:CreateTrainingJob + iam:PassRole",
  "sagemaker:CreateProcessingJob + iam:PassRole",
  "sagemaker:UpdateNotebookInstanceLifecycleConfig",
  "sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance",
  "sagemaker:CreatePresignedDomainUrl",
  "bedrock-agentcore code interpreter + iam:PassRole",
];

const actionsOf = (m: Method) => [...new Set(m.steps.map((s) => s.action))];
const reported = (rule: PrincipalRule, d: PolicyDocument, method: Method) =>
  checkDocument(d, { kind: "identity", rules: [rule], policyName: "p" }).filter((f) =>
    f.message.startsWith(`${method.name}: `),
  );

function boundedModel(method: Method): AccessModel {
  return {
    source: { kind: "spec", path: "t.yaml" },
    account: "111122223333",
    partition: "aws",
    principals: [
      {
        id: "r",
        kind: "role",
        name: "r",
        arn: "arn:aws:iam::111122223333:role/r",
        tags: {},
        groups: [],
        managedPolicies: ["grant"],
        inlinePolicies: [],
        boundary: "b",
      },
    ],
    groups: [],
    policies: [
      {
        id: "grant",
        name: "grant",
        kind: "managed",
        policyType: "identity",
        document: doc({ Effect: "Allow", Action: actionsOf(method), Resource: ["*"] }),
        size: 0,
      },
      {
        id: "b",
        name: "b",
        kind: "boundary",
        policyType: "boundary",
        document: doc({ Effect: "Allow", Action: ["s3:*", "sagemaker:List*"], Resource: ["*"] }),
        size: 0,
      },
    ],
    resourcePolicies: [],
  };
}

function suite(title: string, rule: PrincipalRule, methods: readonly Method[], issueList: string[]) {
  describe(title, () => {
    test("every method of the issue's list is implemented", () => {
      assert.deepEqual(
        issueList.filter((n) => !methods.some((m) => m.name === n)),
        [],
      );
    });
    for (const method of methods) {
      describe(method.name, () => {
        const actions = actionsOf(method);
        const granted = { Effect: "Allow", Action: actions, Resource: ["*"] } as Statement;
        test("granted on * → one finding of the method, with its category, at the granting statement", () => {
          const f = reported(rule, doc(granted), method);
          assert.equal(f.length, 1);
          assert.equal(f[0].category, "privilege-escalation");
          assert.equal(f[0].statement, 0);
        });
        test("a Deny of any one of its requests removes it", () => {
          for (const a of actions) {
            const d = doc(granted, { Effect: "Deny", Action: [a], Resource: ["*"] });
            assert.deepEqual(reported(rule, d, method), [], `Deny ${a}`);
          }
        });
        test("a permissions boundary that does not allow it removes it", () => {
          const m = boundedModel(method);
          const has = () => checkModel(m, { rules: [rule] }).some((f) => f.message.startsWith(`${method.name}: `));
          assert.equal(has(), false);
          m.principals[0].boundary = undefined;
          assert.equal(has(), true, "without the boundary it is reported");
        });
        if (actions.length > 1) {
          test("every request is needed: without any one of them it is not reported", () => {
            for (const a of actions) {
              const d = doc({ ...granted, Action: actions.filter((x) => x !== a) });
              assert.deepEqual(reported(rule, d, method), [], `without ${a}`);
            }
          });
        }
        test("scoped to other resources (the resource-level requests), it is not reported", () => {
          const scopable = actions.filter((a) => !catalog.action(a)?.wildcardOnly);
          assert.ok(scopable.length > 0, "some request can be scoped");
          const d = doc(
            { Effect: "Allow", Action: scopable, Resource: ["arn:aws:s3:::some-other-bucket"] },
            ...(scopable.length < actions.length
              ? [
                  {
                    Effect: "Allow",
                    Action: actions.filter((a) => !scopable.includes(a)),
                    Resource: ["*"],
                  } as Statement,
                ]
              : []),
          );
          assert.deepEqual(reported(rule, d, method), []);
        });
      });
    }
  });
}

suite("privilege-escalation: each published IAM method", privilegeEscalation, ESCALATION_METHODS, ISSUE_IAM);
suite("ai-privilege-escalation: each AI-service path", aiPrivilegeEscalation, AI_ESCALATION_METHODS, ISSUE_AI);
