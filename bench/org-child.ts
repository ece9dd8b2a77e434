/**
 * One measured check of the generated organization for `checks.bench.ts`, in a process of its
 * own so that its peak memory is its own: `org-child.ts <teams> [identity]` (identity-center
 * by default: an account's quotas refuse IAM users and their groups beyond about 125 teams). Prints one line of JSON: the
 * check's wall and CPU time in milliseconds (the load of a shared machine inflates wall time far
 * more), the peak resident set size of the process in MB, principals and findings.
 */
import { checkModel } from "../src/analysis/checks/runner.js";
import { compileSpec } from "../src/compile/compile.js";
import { loadSpecFromString } from "../src/input/team-spec/load.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

const teams = Number(process.argv[2] ?? 100);
const identity = (process.argv[3] ?? "identity-center") as "iam-users" | "iam-roles" | "identity-center";
const loaded = loadSpecFromString(generateOrgSpec(teams, 10, { identity }), "generated.yaml");
const model = loaded.spec ? compileSpec(loaded.spec).model : undefined;
if (!model) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
const start = performance.now();
const cpu = process.cpuUsage();
const findings = checkModel(model).length;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    teams,
    identity,
    principals: model.principals.length,
    findings,
    wallMs: Math.round(performance.now() - start),
    cpuMs: Math.round((used.user + used.system) / 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
