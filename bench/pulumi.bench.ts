/**
 * Registering a generated organization of 100 teams × 10 members (1,000 members) under Pulumi's
 * mocks: through the `AccessModelDeployment` component, against a baseline program that registers
 * the same plain `aws.iam` resources directly (same inputs, same references, no component). Each
 * runs in its own child process for clean memory figures; the model is compiled once, here, and
 * handed to both as JSON so that compiling is in neither measurement. Target: the component adds
 * at most 30% wall time and peak memory over the baseline.
 *
 * `npx tsx bench/run.ts pulumi`
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as aws from "@pulumi/aws";
import type { AccessModel } from "../src/model/types.js";

const WORKER_FLAG = "--pulumi-bench-worker";

interface Figures {
  mode: string;
  resources: number;
  ms: number;
  /** CPU time of the process over the same span (less disturbed by other work on a shared machine). */
  cpuMs: number;
  /** Peak resident set size over the registration (sampled), and the process's max RSS. */
  peakRssMb: number;
  maxRssMb: number;
  baseRssMb: number;
}

async function worker(mode: "component" | "baseline", modelFile: string): Promise<void> {
  const model = JSON.parse(readFileSync(modelFile, "utf8")) as AccessModel;
  const { setRecordingMocks, settle } = await import("../src/input/capture/run-under-mocks.js");
  const recorder = await setRecordingMocks({ project: "bench", stack: "dev" });
  // Load every module the run needs before measuring.
  const awsSdk = await import("@pulumi/aws");
  const { AccessModelDeployment } = await import("../src/deploy/access-model-deployment.js");
  const { attachmentName, logicalName } = await import("../src/model/resources.js");
  const { policyJson } = await import("../src/deploy/policy-json.js");
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  if (mode === "component") {
    new AccessModelDeployment("org", { model });
  } else {
    // The same resources, written as a plain Pulumi program would.
    const policies = new Map<string, aws.iam.Policy>();
    for (const p of model.policies) {
      if (p.kind !== "managed" && p.kind !== "boundary") continue;
      policies.set(
        p.id,
        new awsSdk.iam.Policy(logicalName(p.id), { name: p.name, path: p.path ?? "/", policy: policyJson(p.document) }),
      );
    }
    const groups = new Map<string, aws.iam.Group>();
    for (const g of model.groups) {
      const group = new awsSdk.iam.Group(logicalName(g.id), { name: g.name, path: g.path ?? "/" });
      groups.set(g.id, group);
      for (const pid of g.managedPolicies) {
        new awsSdk.iam.GroupPolicyAttachment(attachmentName(g.id, pid), {
          group: group.name,
          policyArn: policies.get(pid)!.arn,
        });
      }
    }
    for (const pr of model.principals) {
      const boundary = pr.boundary ? { permissionsBoundary: policies.get(pr.boundary)!.arn } : {};
      if (pr.kind === "user") {
        const user = new awsSdk.iam.User(logicalName(pr.id), {
          name: pr.name,
          path: pr.path ?? "/",
          ...boundary,
          tags: pr.tags,
          ...(pr.forceDestroy === undefined ? {} : { forceDestroy: pr.forceDestroy }),
        });
        if (pr.groups.length > 0) {
          new awsSdk.iam.UserGroupMembership(`${logicalName(pr.id)}--groups`, {
            user: user.name,
            groups: [...pr.groups].sort().map((g) => groups.get(g)!.name),
          });
        }
      } else if (pr.kind === "role") {
        const trust = model.policies.find((p) => p.id === pr.trustPolicy)!;
        const role = new awsSdk.iam.Role(logicalName(pr.id), {
          name: pr.name,
          path: pr.path ?? "/",
          assumeRolePolicy: policyJson(trust.document),
          ...boundary,
          tags: pr.tags,
        });
        for (const pid of pr.managedPolicies) {
          new awsSdk.iam.RolePolicyAttachment(attachmentName(pr.id, pid), {
            role: role.name,
            policyArn: policies.get(pid)!.arn,
          });
        }
      }
    }
  }
  const settled = await settle(600_000);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!settled) throw new Error("registrations did not settle");
  const resources = recorder.resources.filter((r) => !r.type.startsWith("ai-iam:")).length;
  const figures: Figures = {
    mode,
    resources,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: peak / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb: baseRss / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function runWorker(mode: string, modelFile: string): Figures {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", self, WORKER_FLAG, mode, modelFile], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  const line = res.stdout.trim().split("\n").pop() ?? "";
  if (res.status !== 0 || !line.startsWith("{")) throw new Error(`${mode} worker failed:\n${res.stderr}`);
  return JSON.parse(line) as Figures;
}

export default async function (): Promise<void> {
  const { loadSpecFromString } = await import("../src/input/team-spec/load.js");
  const { compileSpec } = await import("../src/compile/compile.js");
  const { plannedResources } = await import("../src/model/resources.js");
  const { generateOrgSpec } = await import("../test/helpers/generate-org.js");
  const loaded = loadSpecFromString(generateOrgSpec(100, 10), "generated.yaml");
  if (!loaded.spec) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const { model } = compileSpec(loaded.spec);
  if (!model) throw new Error("the generated organization does not compile");
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-pulumi-bench-"));
  try {
    const modelFile = join(dir, "model.json");
    writeFileSync(modelFile, JSON.stringify(model));
    const planned = plannedResources(model).length;
    // Alternate the two, twice, and keep each one's best run: wall time on a shared machine is noisy.
    const runs: Figures[] = [];
    for (let round = 0; round < 2; round++) {
      runs.push(runWorker("baseline", modelFile), runWorker("component", modelFile));
    }
    const best = (mode: string): Figures => {
      const mine = runs.filter((r) => r.mode === mode);
      for (const f of mine) {
        if (f.resources !== planned)
          throw new Error(`${f.mode} registered ${f.resources} resources, planned ${planned}`);
      }
      return {
        ...mine.reduce((a, b) => (a.ms <= b.ms ? a : b)),
        cpuMs: Math.min(...mine.map((f) => f.cpuMs)),
        peakRssMb: Math.min(...mine.map((f) => f.peakRssMb)),
      };
    };
    const baseline = best("baseline");
    const component = best("component");
    for (const f of [baseline, component]) {
      process.stdout.write(
        `${f.mode.padEnd(10)} ${f.resources} resources: ${f.ms.toFixed(0)} ms (cpu ${f.cpuMs.toFixed(0)} ms), ` +
          `peak RSS ${f.peakRssMb.toFixed(0)} MB (+${(f.peakRssMb - f.baseRssMb).toFixed(0)} MB over ` +
          `${f.baseRssMb.toFixed(0)} MB loaded; max RSS ${f.maxRssMb.toFixed(0)} MB)\n`,
      );
    }
    const time = component.ms / baseline.ms - 1;
    const cpu = component.cpuMs / baseline.cpuMs - 1;
    const memory = component.peakRssMb / baseline.peakRssMb - 1;
    const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;
    process.stdout.write(
      `component over baseline (${model.principals.length} principals, 1,000 members; best of 2 each): ` +
        `wall time ${pct(time)} (cpu ${pct(cpu)}), peak RSS ${pct(memory)} (target: at most +30%) ` +
        `${time <= 0.3 && memory <= 0.3 ? "OK" : "OVER TARGET"}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === WORKER_FLAG) {
  await worker(process.argv[3] as "component" | "baseline", process.argv[4]);
}
