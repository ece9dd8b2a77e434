import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/index.js";

/**
 * `ai-iam init`'s scaffold: the files under `templates/init/` (shipped in the package), with the
 * answers filled in. A template's path maps to the file it writes: a `dot-` prefix becomes `.`
 * (npm would drop or rename real dotfiles such as `.gitignore` from the package) and `__team__`
 * becomes the team's name. `{{name}}` in a template is replaced by a value; a name with no value is
 * a bug in the template, so rendering throws.
 */

export const IDENTITY_MODES = ["iam-users", "iam-roles", "identity-center"] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

export interface InitAnswers {
  organization: string;
  account: string;
  region: string;
  identity: IdentityMode;
  team: string;
  member: string;
  persona: string;
}

/** What the templates need beyond the answers: versions to pin, where the docs and schema are. */
export interface ScaffoldContext {
  version: string;
  docsUrl: string;
  /** The `$schema` the spec files name for editors (yaml-language-server), if the package has one. */
  schemaRef?: string;
  pulumiVersion: string;
  pulumiAwsVersion: string;
  tsxVersion: string;
  /** z3-solver, the optional peer that `diff --fail-on-new-access` in the scaffold's workflow proves with. */
  z3Version: string;
}

export interface ScaffoldFile {
  /** Relative to the target folder, with `/`. */
  path: string;
  text: string;
  /**
   * `create`: the file is the scaffold's (an existing different one is a conflict, overwritten
   * only with --force); `if-missing`: a file a repository may already have (package.json,
   * .gitignore, README.md), written only where there is none and never overwritten.
   */
  mode: "create" | "if-missing";
}

/** Files a repository may already have: the scaffold never replaces them, even with --force. */
const IF_MISSING = new Set(["package.json", ".gitignore", "README.md"]);

/** The folder of init's templates, in the repository and in the installed package alike. */
export function templatesDir(): string {
  // src/scaffold/ and dist/scaffold/ are both two folders below the package root.
  return fileURLToPath(new URL("../../templates/init/", import.meta.url));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const IDENTITY_NOTES: Record<IdentityMode, string> = {
  "iam-users":
    "# Members are IAM users (long-lived keys, MFA required); with an identity provider, prefer\n" +
    "# iam-roles (SAML or OIDC) or identity-center.",
  "iam-roles":
    "# Members assume their persona's role. Who may assume it (default: this account's principals,\n" +
    "# with MFA); or your identity provider:\n" +
    "# trust: { samlProvider: arn:aws:iam::{{account}}:saml-provider/YourIdP }",
  "identity-center":
    "# Members join an Identity Store group per team and persona. The instance (default: the\n" +
    "# account's only one; stack config may name it too):\n" +
    "# identityCenter: { instanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef, identityStoreId: d-0123456789 }",
};

function fill(text: string, values: Record<string, string>, where: string): string {
  // Lines whose only content is a placeholder with an empty value disappear whole.
  const once = text.replace(/^\{\{(\w+)\}\}\n/gm, (line, key: string) => (values[key] === "" ? "" : line));
  const out = once.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`template ${where}: no value for {{${key}}}`);
    return v;
  });
  return out;
}

/** The scaffold's files for these answers, sorted by path. */
export function renderScaffold(answers: InitAnswers, context: ScaffoldContext): ScaffoldFile[] {
  const base: Record<string, string> = {
    ...answers,
    version: context.version,
    docsUrl: context.docsUrl,
    pulumiVersion: context.pulumiVersion,
    pulumiAwsVersion: context.pulumiAwsVersion,
    tsxVersion: context.tsxVersion,
    z3Version: context.z3Version,
    schemaLine: context.schemaRef ? `# yaml-language-server: $schema=${context.schemaRef}` : "",
  };
  // The note may itself name the account.
  const values = { ...base, identityNote: fill(IDENTITY_NOTES[answers.identity], base, "identity note") };
  const root = templatesDir();
  return walk(root)
    .map((file): ScaffoldFile => {
      const rel = relative(root, file).split(sep).join("/");
      const path = rel
        .split("/")
        .map((part) => part.replace(/^dot-/, ".").replace(/__team__/g, answers.team))
        .join("/");
      return {
        path,
        text: fill(readFileSync(file, "utf8"), values, rel),
        mode: IF_MISSING.has(path) ? "if-missing" : "create",
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface ScaffoldPlan {
  /** Files to write: new ones, and with --force the scaffold's files that differ. */
  write: ScaffoldFile[];
  /** Already there with exactly this content. */
  unchanged: string[];
  /** `if-missing` files the folder already has (left as they are). */
  kept: string[];
  /** The scaffold's files that exist with other content (an error without --force). */
  conflicts: string[];
}

/** What writing `files` into `dir` would do; `force` overwrites the scaffold's own files. */
export function planScaffold(dir: string, files: readonly ScaffoldFile[], force: boolean): ScaffoldPlan {
  const plan: ScaffoldPlan = { write: [], unchanged: [], kept: [], conflicts: [] };
  for (const f of files) {
    const target = join(dir, f.path);
    if (!existsSync(target)) {
      plan.write.push(f);
      continue;
    }
    let current: string | undefined;
    try {
      current = statSync(target).isFile() ? readFileSync(target, "utf8") : undefined;
    } catch {
      current = undefined;
    }
    if (current === f.text) plan.unchanged.push(f.path);
    else if (f.mode === "if-missing") plan.kept.push(f.path);
    else if (force && current !== undefined) plan.write.push(f);
    else plan.conflicts.push(f.path);
  }
  return plan;
}

/** Diagnostics for the rendered spec: a scaffold that does not load and compile is never written. */
export async function verifyScaffold(files: readonly ScaffoldFile[], dir: string): Promise<Diagnostic[]> {
  const { loadSpecFromFiles } = await import("../input/team-spec/load.js");
  const { compileSpec } = await import("../compile/compile.js");
  const spec = files
    .filter((f) => f.path.startsWith("iam/") && /\.ya?ml$/.test(f.path))
    .map((f) => ({ file: join(dir, f.path), text: f.text }));
  const loaded = loadSpecFromFiles(spec);
  if (!loaded.spec) return loaded.diagnostics;
  const compiled = compileSpec(loaded.spec, { source: join(dir, "iam") });
  return [...loaded.diagnostics, ...compiled.diagnostics];
}
