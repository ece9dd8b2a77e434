/**
 * The prover (issue 11). Targets: solver start-up < 1 s; a typical one-statement edit per principal
 * < 1 s, per action-class query p50 < 50 ms and p99 < 500 ms; a full `never` proof and an
 * equivalence proof for a principal at IAM's quota (10 managed policies × 6,144 characters, about
 * 300 statements) < 10 s; peak RSS < 500 MB. The machine is shared: read the figures with `uptime`.
 */
import { loadavg } from "node:os";
import { proveNever, proveNoNewAccess } from "../src/analysis/prover/index.js";
import { solver } from "../src/analysis/prover/z3.js";
import { getCatalog } from "../src/catalog/index.js";
import { canonicalJson } from "../src/policy/canonical.js";
import type { PolicySet } from "../src/policy/policy-set.js";
import type { PolicyDocument, Statement } from "../src/policy/types.js";

const ACCOUNT = "123456789012";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

function doc(statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** A team's statements, in the shape the compiler writes them. */
function teamStatements(team: string, n: number): Statement[] {
  const st: Statement[] = [
    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [`arn:aws:s3:::acme-${team}-data`] },
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: [`arn:aws:s3:::acme-ai-datasets/${team}/*`],
    },
    {
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: [`arn:aws:s3:::acme-ai-artifacts/${team}/*`],
      Condition: { StringEquals: { "s3:x-amz-server-side-encryption": ["aws:kms"] } },
    },
    {
      Effect: "Allow",
      Action: ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"],
      Resource: [
        `arn:aws:sagemaker:*:${ACCOUNT}:training-job/${team}-${n}-*`,
        `arn:aws:sagemaker:*:${ACCOUNT}:processing-job/${team}-${n}-*`,
      ],
      Condition: {
        "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.g5.*", "ml.m5.*"] },
        NumericLessThanEquals: { "sagemaker:MaxRuntimeInSeconds": ["86400"] },
      },
    },
    {
      Effect: "Allow",
      Action: ["sagemaker:InvokeEndpoint"],
      Resource: [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${team}-${n}-*`],
    },
    {
      Effect: "Allow",
      Action: ["logs:GetLogEvents", "logs:FilterLogEvents"],
      Resource: [`arn:aws:logs:*:${ACCOUNT}:log-group:/aws/sagemaker/*:log-stream:${team}-${n}-*`],
    },
    {
      Effect: "Allow",
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${team}/${n}/*`],
    },
    {
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/${team}-${n}`],
      Condition: { StringLike: { "kms:ViaService": ["s3.*.amazonaws.com"] } },
    },
  ];
  return st;
}

function guardrails(regions: string[], mfa: boolean): Statement[] {
  const out: Statement[] = [
    {
      Sid: "Regions",
      Effect: "Deny",
      NotAction: ["iam:*", "sts:*", "organizations:*", "support:*"],
      Resource: ["*"],
      Condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
    },
  ];
  if (mfa) {
    out.push({
      Sid: "Mfa",
      Effect: "Deny",
      NotAction: ["iam:ChangePassword", "sts:GetSessionToken"],
      Resource: ["*"],
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
    });
  }
  return out;
}

function typicalSet(wide: boolean): PolicySet {
  const st = teamStatements("vision", 0);
  if (wide) st[1] = { ...st[1], Resource: ["arn:aws:s3:::acme-ai-datasets/*"] };
  return {
    identityPolicies: [
      { name: "team", document: doc(st) },
      { name: "guardrails", document: doc(guardrails(["us-east-1", "us-west-2"], true)) },
    ],
    permissionBoundaries: [{ name: "boundary", document: doc([{ Effect: "Allow", Action: ["*"], Resource: ["*"] }]) }],
  };
}

/** Ten managed policies of up to 6,144 characters each, packed with varied statements. */
export function quotaSet(): PolicySet {
  const policies: { name: string; document: PolicyDocument }[] = [];
  let n = 0;
  for (let p = 0; p < 10; p++) {
    const statements: Statement[] = [];
    for (;;) {
      const next = teamStatements(`t${n % 40}`, n)[n % 8];
      const candidate = doc([...statements, next]);
      if (canonicalJson(candidate).replace(/\s/g, "").length > 6144) break;
      statements.push(next);
      n++;
    }
    policies.push({ name: `managed-${p}`, document: doc(statements) });
  }
  return { identityPolicies: policies };
}

function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

export default async function run(): Promise<void> {
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  let t = performance.now();
  await solver();
  process.stdout.write(`solver start-up: ${ms(performance.now() - t)} (target < 1 s)\n`);
  t = performance.now();
  getCatalog().allActions();
  process.stdout.write(`catalog load (every action, once per process): ${ms(performance.now() - t)}\n`);

  const queries: number[] = [];
  const onQuery = (q: number) => queries.push(q);
  // Warm-up: the first proof builds the action list.
  await proveNoNewAccess(typicalSet(false), typicalSet(true), { principal: ALICE });
  const edits: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const r = await proveNoNewAccess(typicalSet(false), typicalSet(true), { principal: ALICE, onQuery });
    edits.push(performance.now() - t);
    if (r.status !== "violated") throw new Error(`typical edit: expected violated, got ${r.status}`);
  }
  const guard: PolicySet = {
    ...typicalSet(false),
    identityPolicies: [
      typicalSet(false).identityPolicies[0],
      { name: "guardrails", document: doc(guardrails(["us-east-1", "us-west-2", "eu-west-1"], false)) },
    ],
  };
  t = performance.now();
  const g = await proveNoNewAccess(typicalSet(false), guard, { principal: ALICE, onQuery });
  const guardMs = performance.now() - t;
  process.stdout.write(
    `one-statement edit (a dataset widened), per principal: median ${ms(percentile(edits, 0.5))} of 5 (target < 1 s)\n` +
      `guardrails edit (region added, MFA removed; touches every class): ${ms(guardMs)}, ${g.stats.queries} queries, ${g.status}\n`,
  );

  const quota = quotaSet();
  const statements = quota.identityPolicies.reduce((n, p) => n + p.document.Statement.length, 0);
  t = performance.now();
  const never = await proveNever(
    quota,
    { action: "*", resource: "arn:aws:s3:::acme-ai-datasets/secret/*" },
    { principal: ALICE, onQuery, timeoutMs: 10_000 },
  );
  const neverMs = performance.now() - t;
  const narrowed: PolicySet = {
    identityPolicies: [
      ...quota.identityPolicies,
      { name: "guardrails", document: doc(guardrails(["us-east-1"], true)) },
    ],
  };
  t = performance.now();
  const eq = await proveNoNewAccess(quota, narrowed, { principal: ALICE, onQuery, timeoutMs: 10_000 });
  const eqMs = performance.now() - t;
  process.stdout.write(
    `quota principal (${quota.identityPolicies.length} policies, ${statements} statements):\n` +
      `  never s3 on another prefix, every action: ${ms(neverMs)}, ${never.stats.queries} queries, ${never.status} (target < 10 s)\n` +
      `  no new access after adding guardrails (every class compared): ${ms(eqMs)}, ${eq.stats.queries} queries, ${eq.status} (target < 10 s)\n`,
  );
  process.stdout.write(
    `per action-class query: p50 ${ms(percentile(queries, 0.5))}, p99 ${ms(percentile(queries, 0.99))}, max ${ms(Math.max(...queries))} over ${queries.length} (targets 50 ms / 500 ms)\n`,
  );
  process.stdout.write(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 500 MB)\n`);
}
