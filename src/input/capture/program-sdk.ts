import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The `@pulumi/pulumi` the program itself imports. A program usually has its own copy (its own
 * `node_modules`, often another version than ai-iam's): its resources register through that copy,
 * so the mocks must be set on it, not on ai-iam's. Resolved as Node resolves the program's
 * `import "@pulumi/pulumi"`, from the program's folder; ai-iam's own copy when the program has none.
 */
// biome-ignore lint/suspicious/noExplicitAny: the program's SDK may be any version; we use a small, stable part of it
export type PulumiSdk = any;

export interface ProgramSdk {
  pulumi: PulumiSdk;
  /** The package folder (`.../node_modules/@pulumi/pulumi`). */
  root: string;
  version: string;
  /** Is it the program's own copy (rather than ai-iam's)? */
  own: boolean;
  /** `require` from inside the SDK, for its internal modules (`runtime/settings`). */
  require: NodeJS.Require;
}

const toolRequire = createRequire(import.meta.url);

function packageRoot(entry: string): string {
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) || !/[\\/]@pulumi[\\/]pulumi$/.test(dir)) {
    const up = dirname(dir);
    if (up === dir) return dirname(entry);
    dir = up;
  }
  return dir;
}

/** The program's `@pulumi/pulumi`, or ai-iam's when the program's folder resolves none. */
export function loadProgramSdk(programDir: string): ProgramSdk {
  const fromProgram = createRequire(join(programDir, "__ai-iam-capture__.js"));
  let entry: string;
  let own = true;
  try {
    entry = fromProgram.resolve("@pulumi/pulumi");
  } catch {
    entry = toolRequire.resolve("@pulumi/pulumi");
    own = false;
  }
  if (entry === toolRequire.resolve("@pulumi/pulumi")) own = false;
  const root = packageRoot(entry);
  const sdkRequire = createRequire(join(root, "package.json"));
  const version = String(
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version,
  );
  return { pulumi: sdkRequire(entry), root, version, own, require: sdkRequire };
}

/**
 * Work capture does not need, replaced by stubs on the program's SDK: serializing a
 * `CallbackFunction`'s closure into Lambda code (slow, and it fails under some loaders with
 * "Remote object was not 'function'") and walking `node_modules` for the code's dependencies. The
 * function is still registered, with a placeholder for its code.
 */
export function stubCodeSerialization(sdk: ProgramSdk): void {
  // `pulumi.runtime` re-exports these as plain properties, and callers reach them through it.
  const runtime = sdk.pulumi.runtime as Record<string, unknown>;
  runtime.serializeFunction = async () => ({
    text: "exports.handler = () => { throw new Error('code not serialized by ai-iam capture'); };\n",
    exportName: "handler",
    containsSecrets: false,
  });
  runtime.computeCodePaths = async () => new Map();
}
