/**
 * Policy benchmarks. Target (issue 3): parse 1,000 typical policies at > 20,000 policies/s.
 * "Typical": 1 to 6 statements of ML-team permissions (S3 data, SageMaker jobs, ECR, KMS,
 * logs), string-or-list elements, conditions on some statements, pretty-printed as people write them.
 */
import { canonicalJson, type PolicyDocument, parsePolicy, policySize } from "../src/policy/index.js";

/** A deterministic pseudo-random generator, so every run parses the same documents. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:ListBucket",
  "s3:DeleteObject",
  "sagemaker:CreateTrainingJob",
  "sagemaker:DescribeTrainingJob",
  "sagemaker:CreateModel",
  "sagemaker:InvokeEndpoint",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "kms:Decrypt",
  "kms:GenerateDataKey",
  "logs:PutLogEvents",
  "bedrock:InvokeModel",
  "iam:PassRole",
  "sagemaker:List*",
  "s3:Get*",
];

export function typicalPolicies(count: number, seed = 42): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: string[] = [];
  for (let p = 0; p < count; p++) {
    const statements: Record<string, unknown>[] = [];
    const n = 1 + Math.floor(r() * 6);
    for (let i = 0; i < n; i++) {
      const actions = Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(ACTIONS));
      const st: Record<string, unknown> = {
        Sid: `Stmt${p}x${i}`,
        Effect: r() < 0.85 ? "Allow" : "Deny",
        Action: actions.length === 1 ? actions[0] : actions,
        Resource:
          r() < 0.3
            ? "*"
            : [
                `arn:aws:s3:::team-${p}-data`,
                `arn:aws:s3:::team-${p}-data/*`,
                `arn:aws:sagemaker:us-east-1:111122223333:training-job/team-${p}-*`,
              ],
      };
      if (r() < 0.5) {
        st.Condition = {
          StringEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"], "aws:PrincipalTag/team": `team-${p}` },
          ...(r() < 0.5 ? { Bool: { "aws:SecureTransport": true } } : {}),
          ...(r() < 0.3 ? { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.g5.*", "ml.p4d.*"] } } : {}),
        };
      }
      statements.push(st);
    }
    out.push(JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2));
  }
  return out;
}

/**
 * Median wall time of 5 rounds after a warm-up, and the median CPU time (user + system): on a
 * shared, busy machine the CPU figure is the steadier one.
 */
function measure(label: string, count: number, run: () => void): void {
  run(); // warm up
  run();
  const rounds = 7;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const w = mid(wall);
  const c = mid(cpu);
  process.stdout.write(
    `${label}: ${w.toFixed(1)} ms wall (${Math.round((count / w) * 1000)}/s), ` +
      `${c.toFixed(1)} ms CPU (${Math.round((count / c) * 1000)}/s) for ${count}, median of ${rounds}\n`,
  );
}

export default async function (): Promise<void> {
  const texts = typicalPolicies(1000);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  process.stdout.write(
    `1,000 typical policies, ${(bytes / 1000).toFixed(0)} kB of pretty JSON, mean ${Math.round(bytes / texts.length)} characters each\n`,
  );
  let docs: PolicyDocument[] = [];
  measure("parsePolicy (positions + validation + normalization; target > 20,000/s)", texts.length, () => {
    docs = [];
    for (const t of texts) {
      const r = parsePolicy(t);
      if (!r.document) throw new Error(`benchmark policy invalid: ${JSON.stringify(r.diagnostics)}`);
      docs.push(r.document);
    }
  });
  measure("parsePolicy, then reading its source map (positions scanned on first read)", texts.length, () => {
    for (const t of texts) {
      const r = parsePolicy(t);
      if (r.sourceMap.size === 0) throw new Error("empty source map");
    }
  });
  measure("JSON.parse alone, for comparison", texts.length, () => {
    for (const t of texts) JSON.parse(t);
  });
  measure("canonicalJson", docs.length, () => {
    for (const d of docs) canonicalJson(d);
  });
  measure("policySize of a document", docs.length, () => {
    for (const d of docs) policySize(d);
  });
}
