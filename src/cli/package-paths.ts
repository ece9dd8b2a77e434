import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Files the package ships (examples/seed, examples/ai-platform, templates): `ai-iam start` names
 * them by their repository paths; from an installed copy, where the working directory is the
 * user's, they are found in the package instead.
 */

/** The package's root folder (src/cli and dist/cli are both two folders below it). */
export function packageRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

/**
 * `path` as given when it exists from the working directory; else, when `path` is one of the
 * package's own files (`examples/seed`), the package's copy, relative to the working directory.
 */
export function packagedPath(path: string, cwd = process.cwd()): string {
  if (existsSync(resolve(cwd, path))) return path;
  const shipped = resolve(packageRoot(), path);
  return existsSync(shipped) ? relative(cwd, shipped) || "." : path;
}
