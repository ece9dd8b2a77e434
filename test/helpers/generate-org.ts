const GENERATED_PERSONAS = ["data-scientist", "ml-engineer", "mlops", "analyst"];

export interface GenerateOrgOptions {
  identity?: "iam-users" | "iam-roles" | "identity-center";
  organization?: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * A generated organization for benchmarks and scale tests: `teams` teams of `membersPerTeam`
 * members each, cycling through every built-in persona, every team opted in to Bedrock (so every
 * activity is in use), each team with a shared read-only dataset, one of its own at `write` and
 * one more at `read`. Member names are unique across the organization (IAM user names are
 * account-wide). Returns the spec as YAML text, to exercise the loader too.
 */
export function generateOrgSpec(teams: number, membersPerTeam: number, opts: GenerateOrgOptions = {}): string {
  const org = opts.organization ?? "gen-ai";
  const lines: string[] = [
    "version: 1",
    `organization: ${org}`,
    'account: "123456789012"',
    "region: us-east-1",
    `identity: ${opts.identity ?? "iam-users"}`,
    "guardrails:",
    "  allowedRegions: [us-east-1, us-west-2]",
    "  requireMfa: true",
    '  trainingInstanceTypes: ["ml.g5.*", "ml.p4d.24xlarge", "ml.m5.*"]',
    '  notebookInstanceTypes: ["ml.t3.*", "ml.g5.xlarge"]',
    '  endpointInstanceTypes: ["ml.g5.*", "ml.m5.*"]',
    '  ec2InstanceTypes: ["g5.*", "t3.*"]',
    "  maxTrainingSeconds: 86400",
    "  network:",
    "    subnets: [subnet-0a1b2c3d4e5f60718]",
    "    securityGroups: [sg-0123456789abcdef0]",
    "  kmsKey: arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
    "  bedrock:",
    '    models: ["anthropic.claude-3-5-sonnet-*", "amazon.titan-embed-text-v2:0"]',
    "    guardrail: arn:aws:bedrock:us-east-1:123456789012:guardrail/abcd1234efgh",
    "datasets:",
    `  shared-corpus: { bucket: ${org}-datasets, prefix: shared/ }`,
  ];
  const width = String(Math.max(teams, membersPerTeam)).length;
  for (let t = 0; t < teams; t++) {
    const team = `t${pad(t, width)}`;
    lines.push(`  ${team}-data: { bucket: ${org}-datasets, prefix: ${team}/, classification: internal }`);
    lines.push(`  ${team}-artifacts: { bucket: ${org}-artifacts, prefix: ${team}/ }`);
  }
  lines.push("teams:");
  for (let t = 0; t < teams; t++) {
    const team = `t${pad(t, width)}`;
    lines.push(`  ${team}:`);
    lines.push(`    datasets: { shared-corpus: read, ${team}-data: read, ${team}-artifacts: write }`);
    lines.push("    activities: [bedrock]");
    lines.push("    members:");
    for (let m = 0; m < membersPerTeam; m++) {
      lines.push(`      ${team}-m${pad(m, width)}: ${GENERATED_PERSONAS[(t + m) % GENERATED_PERSONAS.length]}`);
    }
  }
  lines.push("tests:");
  for (let t = 0; t < Math.min(teams, 10); t++) {
    const team = `t${pad(t, width)}`;
    const member = `${team}-m${pad(0, width)}`;
    lines.push(
      `  - { principal: ${team}/${member}, action: s3:GetObject, resource: "arn:aws:s3:::${org}-datasets/shared/x", expect: allow }`,
    );
  }
  return `${lines.join("\n")}\n`;
}
