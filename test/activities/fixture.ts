import type { ActivityContext } from "../../src/activities/index.js";
import { personaDatasets } from "../../src/activities/index.js";
import { teamContext } from "../../src/compile/team-context.js";
import type { Spec, TeamSpec } from "../../src/input/team-spec/types.js";

/** The example organization (issue 6, "The spec (version 1)"), as the loader produces it. */
export function exampleSpec(overrides: Partial<Spec> = {}): Spec {
  const teams: Record<string, TeamSpec> = {
    nlp: {
      name: "nlp",
      datasets: { "nlp-artifacts": "write", "support-tickets": "read" },
      activities: ["bedrock"],
      members: { carol: ["data-scientist"], dan: ["mlops"], erin: ["analyst"] },
    },
    vision: {
      name: "vision",
      datasets: { imagenet: "read", "vision-artifacts": "write" },
      activities: [],
      members: { alice: ["data-scientist"], bob: ["ml-engineer"] },
      sharedImages: ["acme-ai/shared/pytorch"],
    },
  };
  return {
    version: 1,
    organization: "acme-ai",
    account: "123456789012",
    region: "us-east-1",
    partition: "aws",
    identity: "iam-users",
    guardrails: {
      allowedRegions: ["us-east-1", "us-west-2"],
      requireMfa: true,
      trainingInstanceTypes: ["ml.g5.*", "ml.p4d.24xlarge", "ml.m5.*"],
      notebookInstanceTypes: ["ml.t3.*", "ml.g5.xlarge"],
      endpointInstanceTypes: ["ml.m5.*", "ml.g5.*"],
      ec2InstanceTypes: ["g5.*", "t3.*"],
      maxTrainingSeconds: 86400,
      network: { subnets: ["subnet-0a1b2c3d4e5f60718"], securityGroups: ["sg-0123456789abcdef0"] },
      kmsKey: "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
      bedrock: {
        models: ["anthropic.claude-3-5-sonnet-*", "amazon.titan-embed-text-v2:0"],
        guardrail: "arn:aws:bedrock:us-east-1:123456789012:guardrail/abcd1234efgh",
      },
    },
    datasets: {
      imagenet: { bucket: "acme-ai-datasets", prefix: "imagenet/" },
      "support-tickets": { bucket: "acme-ai-datasets", prefix: "support/", classification: "confidential" },
      "vision-artifacts": { bucket: "acme-ai-artifacts", prefix: "vision/" },
      "nlp-artifacts": { bucket: "acme-ai-artifacts", prefix: "nlp/" },
    },
    personas: {},
    teams,
    tests: [],
    suppress: [],
    locations: new Map(),
    files: ["example.yaml"],
    ...overrides,
  };
}

/** The compiler's own team context, so these tests see the names that are deployed. */
export { teamContext };

export function activityContext(spec: Spec, team: string, persona: string): ActivityContext {
  const ctx = teamContext(spec, team);
  return { ...ctx, persona, datasets: personaDatasets(spec, ctx.team, persona) };
}
