/**
 * The prover (issue 11), every row of its benchmark table: solver start-up < 1 s; a typical
 * one-statement edit per principal < 1 s, per action-class query p50 < 50 ms and p99 < 500 ms; a
 * full `never` proof and an equivalence proof for a principal at IAM's quota (10 managed policies ×
 * 6,144 characters, about 300 statements) < 10 s; `prove examples/ai-platform` < 30 s; `diff` of
 * the 100-team generated organization with every member changed < 5 min on 2 cores (`--jobs 2`);
 * peak RSS < 500 MB. The machine is shared: each figure is given with its CPU time (every thread
 * of the process: this one, the prover's workers and Z3's own threads), which the load distorts
 * less than the wall time, the load average, and the peak RSS so far. `PROVER_BENCH_TEAMS=n`
 * shrinks the organization (default 100 teams of 10).
 *
 * The prover remembers answers, action classes and automata within a process (prove.ts): every
 * figure but the organization's is measured after `forgetRemembered()`, as a first proof; the
 * organization's diff is measured as a user runs it (members sharing a persona ask the same queries).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { guardrailProperties } from "../src/analysis/prover/guardrails.js";
import { proveNever, proveNoNewAccess } from "../src/analysis/prover/index.js";
import { proveModelJobs, proveModelNoNewAccessJobs } from "../src/analysis/prover/jobs.js";
import { forgetRemembered } from "../src/analysis/prover/prove.js";
import { solver } from "../src/analysis/prover/z3.js";
import { getCatalog } from "../src/catalog/index.js";
import { compileSpec } from "../src/compile/compile.js";
import { loadSpec, loadSpecFromString } from "../src/input/team-spec/load.js";
import type { AccessModel } from "../src/model/types.js";
import { canonicalJson } from "../src/policy/canonical.js";
import type { PolicySet } from "../src/policy/policy-set.js";
import type { PolicyDocument, Statement } from "../src/policy/types.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

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
const load = () => loadavg()[0].toFixed(1);

/** Wall and CPU time of `f` (CPU: every thread of this process), and the load when it ended. */
async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number; load: string }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000, load: load() };
}

const figures = (t: { wall: number; cpu: number; load: string }) =>
  `${ms(t.wall)} wall, ${ms(t.cpu)} CPU, load ${t.load}`;
const rss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

function compile(text: string): AccessModel {
  const loaded = loadSpecFromString(text, "generated.yaml");
  if (!loaded.spec) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const compiled = compileSpec(loaded.spec);
  if (!compiled.model) throw new Error(JSON.stringify(compiled.diagnostics.slice(0, 3)));
  return compiled.model;
}

export default async function run(): Promise<void> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const start = await timed(() => solver());
  write(`solver start-up: ${figures(start)} (target < 1 s)`);
  const cat = await timed(() => getCatalog().allActions());
  write(`catalog load (every action, once per process): ${figures(cat)}`);

  const queries: number[] = [];
  const onQuery = (q: number) => queries.push(q);
  // Warm-up: the first proof builds the action list.
  await proveNoNewAccess(typicalSet(false), typicalSet(true), { principal: ALICE });
  const edits: Array<Awaited<ReturnType<typeof timed>>> = [];
  for (let i = 0; i < 5; i++) {
    forgetRemembered();
    const t = await timed(() => proveNoNewAccess(typicalSet(false), typicalSet(true), { principal: ALICE, onQuery }));
    edits.push(t);
    const r = t.value as Awaited<ReturnType<typeof proveNoNewAccess>>;
    if (r.status !== "violated") throw new Error(`typical edit: expected violated, got ${r.status}`);
  }
  const median = [...edits].sort((a, b) => a.wall - b.wall)[2];
  const guard: PolicySet = {
    ...typicalSet(false),
    identityPolicies: [
      typicalSet(false).identityPolicies[0],
      { name: "guardrails", document: doc(guardrails(["us-east-1", "us-west-2", "eu-west-1"], false)) },
    ],
  };
  forgetRemembered();
  const g = await timed(() => proveNoNewAccess(typicalSet(false), guard, { principal: ALICE, onQuery }));
  write(
    `one-statement edit (a dataset widened), per principal: median of 5 ${figures(median)} (target < 1 s)\n` +
      `guardrails edit (region added, MFA removed; touches every class): ${figures(g)}, ${g.value.stats.queries} queries, ${g.value.status}; peak RSS ${rss()}`,
  );
  write(
    `per action-class query: p50 ${ms(percentile(queries, 0.5))}, p99 ${ms(percentile(queries, 0.99))}, max ${ms(Math.max(...queries))} over ${queries.length} (targets 50 ms / 500 ms)`,
  );

  const quota = quotaSet();
  const statements = quota.identityPolicies.reduce((n, p) => n + p.document.Statement.length, 0);
  const quotaQueries: number[] = [];
  forgetRemembered();
  const never = await timed(() =>
    proveNever(
      quota,
      { action: "*", resource: "arn:aws:s3:::acme-ai-datasets/secret/*" },
      { principal: ALICE, onQuery: (q) => quotaQueries.push(q), timeoutMs: 10_000 },
    ),
  );
  const narrowed: PolicySet = {
    identityPolicies: [
      ...quota.identityPolicies,
      { name: "guardrails", document: doc(guardrails(["us-east-1"], true)) },
    ],
  };
  forgetRemembered();
  const eq = await timed(() =>
    proveNoNewAccess(quota, narrowed, { principal: ALICE, onQuery: (q) => quotaQueries.push(q), timeoutMs: 10_000 }),
  );
  write(
    `quota principal (${quota.identityPolicies.length} policies, ${statements} statements):\n` +
      `  never s3 on another prefix, every action: ${figures(never)}, ${never.value.stats.queries} queries, ${never.value.status} (target < 10 s)\n` +
      `  no new access after adding guardrails (every class compared): ${figures(eq)}, ${eq.value.stats.queries} queries, ${eq.value.status} (target < 10 s)\n` +
      `  its queries: p50 ${ms(percentile(quotaQueries, 0.5))}, max ${ms(Math.max(...quotaQueries))}; peak RSS ${rss()}`,
  );

  const loaded = loadSpec("examples/ai-platform");
  const exampleModel = loaded.spec && compileSpec(loaded.spec).model;
  if (!exampleModel || !loaded.spec) throw new Error("examples/ai-platform does not load");
  // All of `prove`'s properties: isolation and the spec's guardrails.
  const properties = guardrailProperties(loaded.spec, exampleModel);
  for (const jobs of [1, 2]) {
    forgetRemembered();
    const p = await timed(() => proveModelJobs(exampleModel, { jobs, properties }));
    write(
      `prove examples/ai-platform --jobs ${jobs}: ${figures(p)}, ${p.value.properties.length} properties ${p.value.status} (target < 30 s); peak RSS ${rss()}`,
    );
    if (p.value.status !== "proven") throw new Error(`prove examples/ai-platform: ${p.value.status}`);
  }

  const teams = Number(process.env.PROVER_BENCH_TEAMS ?? 100);
  const yaml = generateOrgSpec(teams, 10);
  // What analyze.bench.ts changes: one more approved model and training instance family, so every
  // member's policies change.
  const changed = yaml
    .replace('"amazon.titan-embed-text-v2:0"]', '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]')
    .replace('trainingInstanceTypes: ["ml.g5.*"', 'trainingInstanceTypes: ["ml.g6.*", "ml.g5.*"');
  const [before, after] = [compile(yaml), compile(changed)];
  forgetRemembered();
  const org = await timed(() => proveModelNoNewAccessJobs(before, after, { jobs: 2 }));
  const byStatus = new Map<string, number>();
  for (const p of org.value.principals) byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
  const orgQueries = org.value.principals.reduce((n, p) => n + p.queries, 0);
  write(
    `diff --fail-on-new-access, ${teams}-team generated org (${after.principals.length} principals, every member changed), --jobs 2: ` +
      `${figures(org)}, ${org.value.principals.length} questions (${[...byStatus].map(([k, v]) => `${v} ${k}`).join(", ")}), ${orgQueries} queries (target < 5 min on 2 cores); peak RSS of this process so far ${rss()}`,
  );

  // Peak RSS as users meet it: each command in a process of its own (the rows above share one).
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-prover-bench-"));
  try {
    writeFileSync(join(dir, "old.yaml"), yaml);
    writeFileSync(join(dir, "new.yaml"), changed);
    const runs = [
      ["prove", "examples/ai-platform", "--jobs", "1"],
      ["prove", "examples/ai-platform", "--jobs", "2"],
      ["diff", join(dir, "old.yaml"), join(dir, "new.yaml"), "--fail-on-new-access", "--jobs", "1"],
      ["diff", join(dir, "old.yaml"), join(dir, "new.yaml"), "--fail-on-new-access", "--jobs", "2"],
    ].map((args) => cliRun(args));
    for (const r of runs) write(`CLI ${r.label}: ${r.figures}`);
    const peak = Math.max(...runs.map((r) => r.rssMb));
    write(`peak RSS over the CLI runs: ${peak.toFixed(0)} MB (target < 500 MB)${peak < 500 ? "" : " MISSED"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const USAGE = new URL("usage-report.mjs", import.meta.url).href;

/** One CLI command in a process of its own: wall, CPU (every thread) and peak RSS, exit code. */
function cliRun(args: string[]): { label: string; figures: string; rssMb: number } {
  const cli = existsSync("dist/cli/bin.js") ? ["dist/cli/bin.js"] : ["--import", "tsx", "src/cli/bin.ts"];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", USAGE, ...cli, ...args, "--quiet"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = performance.now() - t0;
  const m = /BENCH-USAGE (\d+) (\d+)/.exec(r.stderr ?? "");
  const cpu = m ? Number(m[1]) / 1000 : Number.NaN;
  const rssMb = m ? Number(m[2]) / 1024 : Number.POSITIVE_INFINITY;
  const label = args
    .map((a) => (a.includes("/") && a.endsWith(".yaml") ? a.slice(a.lastIndexOf("/") + 1) : a))
    .join(" ");
  return {
    label,
    figures: `exit ${r.status}, ${ms(wall)} wall, ${ms(cpu)} CPU, load ${load()}, peak RSS ${rssMb.toFixed(0)} MB`,
    rssMb,
  };
}
