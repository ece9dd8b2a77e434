/**
 * Run by bench/catalog.bench.ts in a fresh Node process, so that its figures are truly cold:
 * `tsx bench/catalog-cold.ts one|all` prints one JSON line with timings and memory.
 */
const mode = process.argv[2] ?? "one";
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const { getCatalog } = await import("../src/catalog/index.js");
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const catalog = getCatalog();
let actions = 0;
if (mode === "one") {
  actions = catalog.action("s3:GetObject") ? 1 : 0;
} else {
  actions = catalog.allActions().length;
  // Index every service's condition keys too, as whole-catalog checks do.
  catalog.conditionKey("aws:SourceIp");
}
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
gc?.();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    mode,
    importMs: t1 - t0,
    loadMs: t2 - t1,
    /** CPU time of the load (user + system, all threads): steadier than wall time on a busy machine. */
    cpuMs: (cpu.user + cpu.system) / 1000,
    actions,
    heapMB: (after.heapUsed - before.heapUsed) / 1e6,
    rssMB: (after.rss - before.rss) / 1e6,
    totalHeapMB: after.heapUsed / 1e6,
  })}\n`,
);
