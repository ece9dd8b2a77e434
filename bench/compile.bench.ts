/**
 * Compiling a generated organization of 100 teams and 1,000 members (every persona, every
 * activity): loading the YAML, compiling to an AccessModel, and `plan --format json` (plan + JSON).
 * Targets: compile < 2 s, plan --format json < 3 s.
 */
import { compileSpec } from "../src/compile/compile.js";
import { planOf } from "../src/compile/plan.js";
import { loadSpecFromString } from "../src/input/team-spec/load.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

/** Wall time, and this process's CPU time (less disturbed by other work on a shared machine). */
function time<T>(fn: () => T): { value: T; ms: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, ms: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

export default async function (): Promise<void> {
  const yaml = generateOrgSpec(100, 10);
  for (const identity of ["iam-users", "iam-roles", "identity-center"] as const) {
    const text = identity === "iam-users" ? yaml : yaml.replace("identity: iam-users", `identity: ${identity}`);
    const runs: Array<{
      load: number;
      compile: number;
      plan: number;
      total: number;
      compileCpu: number;
      totalCpu: number;
    }> = [];
    let summary = "";
    for (let i = 0; i < 3; i++) {
      const loaded = time(() => loadSpecFromString(text, "generated.yaml"));
      if (!loaded.value.spec) throw new Error(JSON.stringify(loaded.value.diagnostics.slice(0, 3)));
      const compiled = time(() => compileSpec(loaded.value.spec!));
      const model = compiled.value.model;
      if (!model) throw new Error(JSON.stringify(compiled.value.diagnostics.slice(0, 3)));
      const planned = time(() => JSON.stringify(planOf(model), null, 2));
      runs.push({
        load: loaded.ms,
        compile: compiled.ms,
        plan: planned.ms,
        total: loaded.ms + compiled.ms + planned.ms,
        compileCpu: compiled.cpu,
        totalCpu: loaded.cpu + compiled.cpu + planned.cpu,
      });
      summary =
        `${model.principals.length} principals, ${model.groups.length} groups, ${model.policies.length} policies, ` +
        `plan JSON ${(planned.value.length / 1e6).toFixed(1)} MB`;
    }
    const best = (k: keyof (typeof runs)[0]) => Math.min(...runs.map((r) => r[k])).toFixed(0);
    process.stdout.write(
      `${identity.padEnd(16)} 100 teams × 10 members: load ${best("load")} ms, compile ${best("compile")} ms ` +
        `(cpu ${best("compileCpu")} ms; target < 2000), load+compile+plan --format json ${best("total")} ms ` +
        `(cpu ${best("totalCpu")} ms; target < 3000); ${summary}\n`,
    );
  }
}
