import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import { unknownMark } from "../../model/unknown-mark.js";
import { readInputFile } from "../files/read-bounded.js";
import { parseBoundedYaml } from "../files/yaml-limits.js";

/**
 * A Pulumi program as the CLI finds it: the entry (`main` in Pulumi.yaml, else package.json's
 * `main`, else `index.ts`/`index.js`), the project name, and the stack's configuration — project
 * defaults from Pulumi.yaml, then `Pulumi.<stack>.yaml`, then `--config-file` files, then
 * `--config key=value` flags. Object and array values are kept (as JSON, which is how Pulumi hands
 * them to `config.getObject`); secure values cannot be decrypted offline and are reported.
 */
export interface ProgramConfigOptions {
  /** Stack name (reads `Pulumi.<stack>.yaml`). Default `dev`. */
  stack?: string;
  /** `key=value` pairs or a map; unqualified keys get the project's namespace. Win over files. */
  config?: Record<string, string>;
  /** Further config files (`config:` maps like a stack file). */
  configFiles?: string[];
}

export interface ProgramInfo {
  entry: string;
  dir: string;
  project: string;
  stack: string;
  /** `namespace:key` → value as Pulumi passes it (JSON for objects and arrays). */
  config: Record<string, string>;
  /** Keys whose values are encrypted in the stack file (not known offline). */
  secrets: string[];
}

function diag(
  code: DiagnosticCode,
  message: string,
  file?: string,
  hint?: string,
  line?: number,
  column?: number,
): Diagnostic {
  return {
    code,
    severity: "error",
    message,
    ...(file ? { file } : {}),
    ...(line ? { line, column: column ?? 1 } : {}),
    ...(hint ? { hint } : {}),
  };
}

/**
 * Read a YAML file within the input limits (a regular file within the size limits; nesting, aliases
 * and duplicate keys as in every YAML input: src/input/files/yaml-limits.ts); each problem becomes a
 * located diagnostic. Aliases read as the value they name, each anchored node converted once.
 */
function readYaml(file: string, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const read = readInputFile(file);
  if (!("text" in read)) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  const parsed = parseBoundedYaml(read.text);
  const errors = parsed.problems.filter((p) => p.severity === "error");
  for (const e of errors) {
    diagnostics.push(diag("program-config-invalid", `YAML: ${e.message}`, file, undefined, e.line, e.column));
  }
  if (errors.length > 0 || !parsed.doc) return undefined;
  const value = plain(parsed.doc.contents, parsed.targets, new Map());
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A YAML node as plain data (maps as objects without a prototype, so that any key is a key). Its
 * nesting is bounded (checked before parsing) and an aliased node is converted once and shared.
 */
function plain(node: unknown, targets: ReadonlyMap<unknown, Node | undefined>, done: Map<Node, unknown>): unknown {
  if (isAlias(node)) {
    const target = targets.get(node);
    if (!target) return null;
    if (!done.has(target)) done.set(target, plain(target, targets, done));
    return done.get(target);
  }
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => plain(item, targets, done));
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of node.items) {
      const key = plain(pair.key, targets, done);
      out[typeof key === "object" && key !== null ? JSON.stringify(key) : String(key)] = plain(
        pair.value,
        targets,
        done,
      );
    }
    return out;
  }
  return null;
}

/** A config value as Pulumi stores it: strings as they are, everything else as JSON. */
function configValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

const qualify = (key: string, project: string) => (key.includes(":") ? key : `${project}:${key}`);

/** Copy a `config:` map of a stack or config file into `into`, noting secure values. */
function addConfig(values: unknown, project: string, into: Record<string, string>, secrets: Set<string>): void {
  if (typeof values !== "object" || values === null) return;
  for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
    const key = qualify(k, project);
    if (v === null || v === undefined) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v) {
      // Pulumi encrypts it with the stack's key: offline it is unknown, marked by name.
      secrets.add(key);
      into[key] = unknownMark(`secure config value ${key}`);
      continue;
    }
    into[key] = configValue(v);
  }
}

/** Find the program in `path` (a folder, or an entry file) and its configuration for the stack. */
export function readProgram(
  path: string,
  opts: ProgramConfigOptions = {},
): { info?: ProgramInfo; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const stack = opts.stack ?? "dev";
  const target = resolve(path);
  if (!existsSync(target)) return { diagnostics: [diag("program-not-found", `no such directory: ${path}`, path)] };
  const root = statSync(target).isFile() ? dirname(target) : target;
  let project = basename(root);
  let main: string | undefined;
  const config: Record<string, string> = {};
  const secrets = new Set<string>();
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => join(root, f)).find((f) => existsSync(f));
  if (projectFile) {
    const y = readYaml(projectFile, diagnostics);
    if (y) {
      if (typeof y.name === "string") project = y.name;
      if (typeof y.main === "string") main = y.main;
      // Project config: `key: { default: v }`, `key: { value: v }` or `key: v`.
      const defaults = y.config;
      if (typeof defaults === "object" && defaults !== null) {
        for (const [k, v] of Object.entries(defaults as Record<string, unknown>)) {
          const value =
            typeof v === "object" && v !== null && !Array.isArray(v)
              ? ((v as { default?: unknown; value?: unknown }).value ?? (v as { default?: unknown }).default)
              : v;
          if (value !== undefined && value !== null) config[qualify(k, project)] = configValue(value);
        }
      }
    }
  }
  const stackFile = ["yaml", "yml"].map((e) => join(root, `Pulumi.${stack}.${e}`)).find((f) => existsSync(f));
  if (stackFile) addConfig(readYaml(stackFile, diagnostics)?.config, project, config, secrets);
  else if (opts.stack) {
    diagnostics.push({
      code: "program-stack-config-missing",
      severity: "warning",
      message: `no Pulumi.${stack}.yaml in ${path}: the stack's configuration is only what --config gives`,
      file: root,
    });
  }
  for (const file of opts.configFiles ?? []) {
    if (!existsSync(file)) {
      diagnostics.push(diag("program-config-file-missing", `no such config file: ${file}`, file));
      continue;
    }
    const y = readYaml(file, diagnostics);
    // A stack file's shape (`config:`), or a plain map of keys.
    addConfig(y && "config" in y ? y.config : y, project, config, secrets);
  }
  for (const [k, v] of Object.entries(opts.config ?? {})) {
    config[qualify(k, project)] = v;
    secrets.delete(qualify(k, project));
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  if (!main) {
    const pkg = join(root, "package.json");
    if (existsSync(pkg)) {
      try {
        const m = (JSON.parse(readFileSync(pkg, "utf8")) as { main?: unknown }).main;
        if (typeof m === "string") main = m;
      } catch {
        // An unreadable package.json is the program's business; fall back to index.ts.
      }
    }
  }
  const candidates = statSync(target).isFile()
    ? [target]
    : main
      ? [join(root, main), join(root, main, "index.ts"), join(root, main, "index.js")]
      : [join(root, "index.ts"), join(root, "index.js")];
  const entry = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (!entry) {
    diagnostics.push(
      diag(
        "program-not-found",
        `no program entry in ${path} (looked for ${candidates.join(", ")})`,
        path,
        "pass the folder that holds Pulumi.yaml and index.ts",
      ),
    );
    return { diagnostics };
  }
  return { info: { entry, dir: root, project, stack, config, secrets: [...secrets].sort() }, diagnostics };
}

/** `--config key=value` flags → a map; a flag without `=` is a diagnostic. */
export function parseConfigFlags(flags: readonly string[]): {
  config: Record<string, string>;
  diagnostics: Diagnostic[];
} {
  const config: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) {
      diagnostics.push({
        code: "cli-invalid-config",
        severity: "error",
        message: `--config '${flag}' is not key=value`,
        hint: "e.g. --config aws:region=eu-west-1 --config teams='[\"vision\"]'",
      });
      continue;
    }
    config[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return { config, diagnostics };
}
