import { escalationReport } from "../risk/describe.js";
import { where } from "../risk.js";
import type { PrincipalRule } from "../types.js";

/** The escalation methods through AI services (SageMaker, Bedrock AgentCore) of `risk/methods.ts`. */
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
      "ai-iam asks the engine whether every request of each path is allowed on the resources the principal's " +
      "statements name and on an account-wide one (see `privilege-escalation`); one finding per principal. Fix: pass only the team's own execution role (named ARN plus `iam:PassedToService`), " +
      "scope presigned URLs to the user's own profile (`sagemaker:ResourceTag/owner` or the profile ARN), and " +
      "keep lifecycle configurations in the platform team's hands.",
    equivalents: { cloudsplaining: "PrivilegeEscalation (SageMaker, partly)" },
    messages: {
      escalation: "can escalate privileges through an AI service by {{count}}: {{methods}}",
    },
  },
  check(ctx) {
    const found = ctx.access.escalations().filter((r) => r.method.ai === true);
    const r = escalationReport(found, "escalation", (p, s) => where(ctx.access.locate(p, s)));
    return r ? [r] : [];
  },
};
