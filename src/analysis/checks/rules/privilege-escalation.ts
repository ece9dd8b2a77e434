import { type Method, methodReports, passRole } from "../risk.js";
import type { PrincipalRule } from "../types.js";

/**
 * The published IAM privilege-escalation methods (Rhino Security Labs' list, as Cloudsplaining and
 * PMapper use it), each as the requests that must all be allowed.
 */
export const ESCALATION_METHODS: readonly Method[] = [
  {
    name: "iam:CreatePolicyVersion",
    steps: [{ action: "iam:CreatePolicyVersion" }],
    how: "rewrite a managed policy attached to oneself as the new default version",
  },
  {
    name: "iam:SetDefaultPolicyVersion",
    steps: [{ action: "iam:SetDefaultPolicyVersion" }],
    how: "switch a managed policy back to a more permissive earlier version",
  },
  {
    name: "iam:CreateAccessKey",
    steps: [{ action: "iam:CreateAccessKey" }],
    how: "create access keys for another (more privileged) user",
  },
  {
    name: "iam:CreateLoginProfile",
    steps: [{ action: "iam:CreateLoginProfile" }],
    how: "set a console password for another user and sign in as them",
  },
  {
    name: "iam:UpdateLoginProfile",
    steps: [{ action: "iam:UpdateLoginProfile" }],
    how: "change another user's console password",
  },
  {
    name: "iam:AttachUserPolicy",
    steps: [{ action: "iam:AttachUserPolicy" }],
    how: "attach AdministratorAccess to a user",
  },
  {
    name: "iam:AttachGroupPolicy",
    steps: [{ action: "iam:AttachGroupPolicy" }],
    how: "attach AdministratorAccess to one's group",
  },
  {
    name: "iam:AttachRolePolicy",
    steps: [{ action: "iam:AttachRolePolicy" }],
    how: "attach AdministratorAccess to a role one can use",
  },
  {
    name: "iam:PutUserPolicy",
    steps: [{ action: "iam:PutUserPolicy" }],
    how: "write an inline policy granting anything to a user",
  },
  {
    name: "iam:PutGroupPolicy",
    steps: [{ action: "iam:PutGroupPolicy" }],
    how: "write an inline policy granting anything to one's group",
  },
  {
    name: "iam:PutRolePolicy",
    steps: [{ action: "iam:PutRolePolicy" }],
    how: "write an inline policy granting anything to a role one can use",
  },
  { name: "iam:AddUserToGroup", steps: [{ action: "iam:AddUserToGroup" }], how: "join a more privileged group" },
  {
    name: "iam:UpdateAssumeRolePolicy + sts:AssumeRole",
    steps: [{ action: "iam:UpdateAssumeRolePolicy" }, { action: "sts:AssumeRole" }],
    how: "rewrite a privileged role's trust policy to trust oneself, then assume it",
  },
  {
    name: "iam:PassRole + ec2:RunInstances",
    steps: [passRole("ec2.amazonaws.com"), { action: "ec2:RunInstances" }],
    how: "launch an instance with a privileged instance profile and use its credentials",
  },
  {
    name: "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
    steps: [passRole("lambda.amazonaws.com"), { action: "lambda:CreateFunction" }, { action: "lambda:InvokeFunction" }],
    how: "create a function with a privileged role and invoke it",
  },
  {
    name: "iam:PassRole + lambda:CreateFunction + lambda:AddPermission",
    steps: [passRole("lambda.amazonaws.com"), { action: "lambda:CreateFunction" }, { action: "lambda:AddPermission" }],
    how: "create a function with a privileged role and let oneself or a service invoke it",
  },
  {
    name: "iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
    steps: [
      passRole("lambda.amazonaws.com"),
      { action: "lambda:CreateFunction" },
      { action: "lambda:CreateEventSourceMapping" },
    ],
    how: "create a function with a privileged role, triggered by a stream or queue",
  },
  {
    name: "iam:PassRole + glue:CreateDevEndpoint",
    steps: [passRole("glue.amazonaws.com"), { action: "glue:CreateDevEndpoint" }],
    how: "create a Glue development endpoint with a privileged role and log in to it",
  },
  {
    name: "iam:PassRole + cloudformation:CreateStack",
    steps: [passRole("cloudformation.amazonaws.com"), { action: "cloudformation:CreateStack" }],
    how: "create a stack whose service role creates anything",
  },
  {
    name: "iam:PassRole + datapipeline:CreatePipeline",
    steps: [
      passRole("datapipeline.amazonaws.com"),
      { action: "datapipeline:CreatePipeline" },
      { action: "datapipeline:PutPipelineDefinition" },
    ],
    how: "run a pipeline with a privileged role that executes arbitrary commands",
  },
  {
    name: "lambda:UpdateFunctionCode",
    steps: [{ action: "lambda:UpdateFunctionCode" }],
    how: "replace the code of a function that runs with a privileged role",
  },
  {
    name: "lambda:UpdateFunctionConfiguration",
    steps: [{ action: "lambda:UpdateFunctionConfiguration" }],
    how: "add a layer or environment to a privileged function to run one's own code",
  },
  {
    name: "glue:UpdateDevEndpoint",
    steps: [{ action: "glue:UpdateDevEndpoint" }],
    how: "add one's SSH key to a privileged Glue development endpoint",
  },
];

export const privilegeEscalation: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "privilege-escalation",
    severity: "security",
    category: "privilege-escalation",
    description: "The principal's effective permissions include a published IAM privilege-escalation method.",
    explanation:
      "Some permissions let a principal give itself more: rewrite a policy version, attach a policy, create " +
      "another user's access key, or pass a privileged role to a service that runs code it controls " +
      "(EC2, Lambda, Glue, CloudFormation, Data Pipeline). ai-iam asks the engine, over the principal's whole " +
      "policy set (boundaries and Denies included), whether each request of each method is allowed on a " +
      "resource the principal was not scoped to; a finding names the method and points at the statement " +
      "that grants its first step. Fix: scope the IAM actions to the principal's own resources " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "(`${aws:username}`), pass only named roles with `iam:PassedToService`, or add a permissions boundary.",
    equivalents: {
      cloudsplaining: "PrivilegeEscalation",
      parliament: "PRIVILEGE_ESCALATION (community)",
      checkov: "CKV_AWS_286",
    },
  },
  check(ctx) {
    return methodReports(ctx, ESCALATION_METHODS);
  },
};
