/**
 * `ai-iam init` as a library call: the scaffold for a set of answers, verified (its spec loads and
 * compiles) and planned against the target folder. Writing the files and asking the questions are
 * the caller's (the CLI's); nothing here writes.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { scaffoldContext } from "./context.js";
import { type InitAnswers, planScaffold, renderScaffold, type ScaffoldPlan, verifyScaffold } from "./scaffold.js";

export { SPEC_SCHEMA_FILE, scaffoldContext } from "./context.js";
export {
  IDENTITY_MODES,
  type IdentityMode,
  type InitAnswers,
  planScaffold,
  renderScaffold,
  type ScaffoldContext,
  type ScaffoldFile,
  type ScaffoldPlan,
  templatesDir,
  verifyScaffold,
} from "./scaffold.js";

/** A pattern an answer must match, and what it expects in words. */
export interface AnswerPattern {
  re: RegExp;
  expected: string;
}

export interface ScaffoldOptions {
  /** Overwrite the scaffold's own files where they exist with other content. */
  force?: boolean;
  /** The documentation base URL the scaffold's comments link to (see `docsBaseUrl`). */
  docsUrl?: string;
}

/** The formats the answers must have: the spec language's own patterns, and its built-in personas. */
export async function scaffoldAnswerFormats(): Promise<{
  name: AnswerPattern;
  member: AnswerPattern;
  account: AnswerPattern;
  region: AnswerPattern;
  personas: string[];
}> {
  const patterns = await import("../input/team-spec/patterns.js");
  const { builtInPersonas } = await import("../activities/personas.js");
  return {
    name: patterns.NAME,
    member: patterns.MEMBER,
    account: patterns.ACCOUNT,
    region: patterns.REGION,
    personas: Object.keys(builtInPersonas).sort(),
  };
}

/**
 * What `init` would write into `dir` for these answers: every error (a spec that does not load or
 * compile, the scaffold's files that exist with other content and no `force`) as diagnostics, and
 * no plan then; else the plan (files to write, unchanged, kept, none in conflict).
 */
export async function scaffoldRepository(
  dir: string,
  answers: InitAnswers,
  options: ScaffoldOptions = {},
): Promise<{ diagnostics: Diagnostic[]; plan?: ScaffoldPlan }> {
  const files = renderScaffold(answers, scaffoldContext(options.docsUrl));
  const invalid = (await verifyScaffold(files, dir)).filter((d) => d.severity === "error");
  if (invalid.length > 0) return { diagnostics: invalid };
  const plan = planScaffold(dir, files, Boolean(options.force));
  if (plan.conflicts.length > 0) {
    return {
      diagnostics: plan.conflicts.map((path) => ({
        code: "init-file-exists",
        severity: "error" as const,
        message: `${path} exists with other content`,
        file: `${dir.replace(/\/+$/, "")}/${path}`,
        hint: "keep it, or run again with --force to replace the scaffold's files",
      })),
    };
  }
  return { diagnostics: [], plan };
}

/** What `init` prints once the plan is written: each file's fate, then the next steps. */
export function renderScaffoldSummary(plan: ScaffoldPlan, answers: InitAnswers, dir: string): string {
  let out = "";
  for (const f of plan.write) out += `  create  ${f.path}\n`;
  for (const p of plan.unchanged) out += `  same    ${p}\n`;
  for (const p of plan.kept) out += `  kept    ${p} (yours; not replaced)\n`;
  const cd = dir === "." ? "" : `  cd ${dir}\n`;
  out +=
    `\n${plan.write.length === 0 ? "Nothing to write: the scaffold is in place." : `Scaffolded ${answers.organization} in ${dir}.`}\n\n` +
    "Next steps:\n" +
    cd +
    "  npm install                    # ai-iam, Pulumi and tsx, as package.json lists them; commit package-lock.json\n" +
    "  npx ai-iam plan iam            # the IAM that `pulumi up` would create\n" +
    "  npx ai-iam test iam            # the access tests\n" +
    "  npx ai-iam check iam policies  # lint, quotas and risks\n" +
    "  npx ai-iam report iam --out out/report.html\n" +
    "  pulumi stack init dev && pulumi up\n";
  return out;
}
