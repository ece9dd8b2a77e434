/**
 * Catalog benchmarks. Targets (issue 3): whole catalog indexed < 500 ms and < 100 MB; `s3:Get*`
 * expanded in < 0.1 ms once s3 is loaded. Cold figures come from fresh child processes (median of
 * several runs); warm ones from this process.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCatalog } from "../src/catalog/index.js";

interface ColdRun {
  importMs: number;
  loadMs: number;
  cpuMs: number;
  actions: number;
  heapMB: number;
  rssMB: number;
}

function cold(mode: "one" | "all"): ColdRun {
  const script = fileURLToPath(new URL("./catalog-cold.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script, mode], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as ColdRun;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function perCall(fn: () => void, minMs = 300): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    t = performance.now();
  }
  return (t - t0) / n;
}

const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);

export default async function (): Promise<void> {
  const runs = 5;
  const one = Array.from({ length: runs }, () => cold("one"));
  const all = Array.from({ length: runs }, () => cold("all"));
  process.stdout.write(
    `cold, one service (s3:GetObject), median of ${runs} fresh processes: ` +
      `module import ${f(median(one.map((r) => r.importMs)))}, first lookup ${f(median(one.map((r) => r.loadMs)))} ` +
      `(CPU ${f(median(one.map((r) => r.cpuMs)))})\n`,
  );
  process.stdout.write(
    `cold, whole catalog (${all[0].actions} actions of ${createCatalog().services().length} services) indexed, median of ${runs}: ` +
      `${f(median(all.map((r) => r.loadMs)))} wall, ${f(median(all.map((r) => r.cpuMs)))} CPU (target < 500 ms); ` +
      `heap retained ${median(all.map((r) => r.heapMB)).toFixed(1)} MB, RSS growth ${median(all.map((r) => r.rssMB)).toFixed(1)} MB (target < 100 MB)\n`,
  );

  const catalog = createCatalog();
  catalog.service("s3");
  // Uncached expansion (each pattern seen for the first time), with s3 loaded and the code warm:
  // distinct patterns built from s3's own action names, half for warming up, half measured.
  const names = catalog.service("s3")!.actions.map((a) => a.name);
  const patterns = names.flatMap((n) => [`s3:${n.slice(0, 3)}*`, `s3:*${n.slice(-4)}`, `s3:${n.slice(0, 5)}?*`]);
  const unique = [...new Set(patterns.map((p) => p.toLowerCase()))];
  const half = Math.floor(unique.length / 2);
  for (const p of unique.slice(0, half)) catalog.expandActionPattern(p);
  const t0 = performance.now();
  for (const p of unique.slice(half)) catalog.expandActionPattern(p);
  const n = unique.length - half;
  const uncached = (performance.now() - t0) / n;
  const cached = perCall(() => catalog.expandActionPattern("s3:Get*"));
  process.stdout.write(
    `expand s3:Get* (s3 loaded): first call ${f(uncached)} (mean of ${n} distinct s3 patterns, warm code), repeated ${f(cached)} (target < 0.1 ms)\n`,
  );
  const t1 = performance.now();
  const everything = catalog.expandActionPattern("*").actions.length;
  const firstStar = performance.now() - t1;
  const star = perCall(() => catalog.expandActionPattern("*"));
  process.stdout.write(
    `expand * (${everything} actions): first call, loading the whole catalog, ${f(firstStar)}; repeated ${f(star)}\n`,
  );
  const t2 = performance.now();
  catalog.expandActionPattern("*:Get*");
  const anyGet = performance.now() - t2;
  process.stdout.write(`expand *:Get* over the loaded catalog: first call ${f(anyGet)}\n`);
  const lookup = perCall(() => catalog.action("sagemaker:CreateTrainingJob"));
  process.stdout.write(`action lookup (warm): ${f(lookup)}\n`);
  // A plain name through expandActionPattern is a map lookup too, never a scan of the service.
  const ec2 = catalog.service("ec2")!.actions.map((a) => a.key);
  let k = 0;
  const plain = perCall(() => catalog.expandActionPattern(ec2[k++ % ec2.length]));
  process.stdout.write(`expand a plain action name (ec2, ${ec2.length} names in turn): ${f(plain)}\n`);
  // An unknown service prefix: its "did you mean" hint, first for each prefix, then repeated.
  let u = 0;
  const unknownFirst = perCall(() => catalog.expandActionPattern(`nosuch${u++}:GetObject`), 100);
  const unknownAgain = perCall(() => catalog.expandActionPattern("sagemkaer:CreateTrainingJob"));
  process.stdout.write(
    `expand with an unknown service prefix: new prefix ${f(unknownFirst)}, repeated ${f(unknownAgain)}\n`,
  );
  const arn = perCall(() => catalog.resourceTypesForArn("s3:GetObject", "arn:aws:s3:::team-bucket/data/*"));
  process.stdout.write(`resourceTypesForArn s3:GetObject on an object pattern: ${f(arn)}\n`);
}
