import { resolve } from "node:path";

/**
 * The file a build script writes: `--out <file>` when given, else `fallback` (a URL relative to
 * the script, `new URL("../dist/...", import.meta.url)`).
 */
export function outArgument(fallback: URL): string {
  const at = process.argv.indexOf("--out");
  return resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback.pathname);
}
