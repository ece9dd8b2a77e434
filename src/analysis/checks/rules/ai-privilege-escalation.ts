import { type Method, methodReports, passRole } from "../risk.js";
import type { PrincipalRule } from "../types.js";

const SAGEMAKER = "sagemaker.amazonaws.com";

export const AI_ESCALATION_METHODS: readonly Method[] = [
  {
    name: "sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl + iam:PassRole",
    steps: [
      passRole(SAGEMAKER),
      { action: "sagemaker:CreateNotebookInstance" },
      { action: "sagemaker:CreatePresignedNotebookInstanceUrl" },
    ],
    how: "start a notebook with a privileged execution role and open it in a browser",
  },
  {
    name: "sagemaker:CreatePresignedNotebookInstanceUrl",
    steps: [{ action: "sagemaker:CreatePresignedNotebookInstanceUrl" }],
    how: "open someone else's notebook instance and act with its execution role",
  },
  {
    name: "sagemaker:CreateTrainingJob + iam:PassRole",
    steps: [passRole(SAGEMAKER), { action: "sagemaker:CreateTrainingJob" }],
    how: "run one's own container as a training job under a privileged execution role",
  },
  {
    name: "sagemaker:CreateProcessingJob + iam:PassRole",
    steps: [passRole(SAGEMAKER), { action: "sagemaker:CreateProcessingJob" }],
    how: "run one's own container as a processing job under a privileged execution role",
  },
  {
    name: "sagemaker:UpdateNotebookInstanceLifecycleConfig",
    steps: [{ action: "sagemaker:UpdateNotebookInstanceLifecycleConfig" }],
    how: "make an existing notebook run one's script at start, with its execution role",
  },
  {
    name: "sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance",
    steps: [
      { action: "sagemaker:CreateNotebookInstanceLifecycleConfig" },
      { action: "sagemaker:UpdateNotebookInstance" },
    ],
    how: "attach a new start-up script to an existing notebook",
  },
  {
    name: "sagemaker:CreatePresignedDomainUrl",
    steps: [{ action: "sagemaker:CreatePresignedDomainUrl" }],
    how: "open another user's SageMaker Studio profile and act with its execution role",
  },
  {
    name: "bedrock-agentcore code interpreter + iam:PassRole",
    steps: [
      passRole("bedrock-agentcore.amazonaws.com"),
      { action: "bedrock-agentcore:CreateCodeInterpreter" },
      { action: "bedrock-agentcore:StartCodeInterpreterSession" },
      { action: "bedrock-agentcore:InvokeCodeInterpreter" },
    ],
    how: "create a Bedrock AgentCore code interpreter with a privileged execution role and run code in it",
  },
];

export const aiPrivilegeEscalation: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "ai-privilege-escalation",
    severity: "security",
    category: "privilege-escalation",
    description:
      "The principal can escalate through an AI service: SageMaker notebooks, jobs, Studio, Bedrock AgentCore.",
    explanation:
      "AI services run the caller's code under an execution role: a notebook instance, a training or " +
      "processing job, a lifecycle script, a Studio profile, an AgentCore code interpreter. Whoever can create " +
      "one with a privileged role (`iam:PassRole`), open someone else's (`CreatePresignedNotebookInstanceUrl`, " +
      "`CreatePresignedDomainUrl` on other profiles) or change its start-up script acts with that role. " +
      "ai-iam asks the engine whether every request of each path is allowed on resources the principal was " +
      "not scoped to. Fix: pass only the team's own execution role (named ARN plus `iam:PassedToService`), " +
      "scope presigned URLs to the user's own profile (`sagemaker:ResourceTag/owner` or the profile ARN), and " +
      "keep lifecycle configurations in the platform team's hands.",
    equivalents: { cloudsplaining: "PrivilegeEscalation (SageMaker, partly)" },
  },
  check(ctx) {
    return methodReports(ctx, AI_ESCALATION_METHODS);
  },
};
