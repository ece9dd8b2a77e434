/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order (or those named on the command
 * line), each in this process, one after another. Each module's default export runs its
 * benchmarks and prints its figures. Timings on a shared machine are noisy: compare ratios from
 * one run.
 */
import { readdirSync } from "node:fs";

const dir = new URL(".", import.meta.url);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  process.stdout.write(`\n## ${f}\n`);
  const mod = (await import(new URL(f, dir).href)) as { default: () => Promise<void> };
  await mod.default();
}
