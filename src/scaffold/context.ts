import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { docsBaseUrl } from "../report/docs-url.js";
import type { ScaffoldContext } from "./scaffold.js";

/**
 * The JSON Schema of the spec, as shipped in the package: the scaffold's spec files name it for
 * editors (`# yaml-language-server: $schema=…`), through the project's own node_modules, so it is
 * always the schema of the installed version.
 */
export const SPEC_SCHEMA_FILE = "schema/spec.schema.json";

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as PackageJson;
}

/**
 * The versions a scaffolded project depends on: this ai-iam, and the Pulumi, tsx and Z3 it is
 * tested with (Z3 because the scaffold's workflow gates on `diff --fail-on-new-access`, which proves).
 */
export function scaffoldContext(docsUrl?: string): ScaffoldContext {
  const pkg = packageJson();
  const range = (name: string) =>
    pkg.peerDependencies?.[name] ?? pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? "*";
  const schema = fileURLToPath(new URL(`../../${SPEC_SCHEMA_FILE}`, import.meta.url));
  return {
    version: pkg.version,
    docsUrl: docsBaseUrl(docsUrl),
    // The spec files sit in iam/, one folder below the project's package.json.
    ...(existsSync(schema) ? { schemaRef: `../node_modules/ai-iam/${SPEC_SCHEMA_FILE}` } : {}),
    pulumiVersion: range("@pulumi/pulumi"),
    pulumiAwsVersion: range("@pulumi/aws"),
    tsxVersion: range("tsx"),
    z3Version: range("z3-solver"),
  };
}
