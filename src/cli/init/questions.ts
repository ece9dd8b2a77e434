import { basename, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import { IDENTITY_MODES, type InitAnswers } from "../../scaffold/index.js";

/**
 * The questions `ai-iam init` asks on a terminal, each also a flag. Each answer is checked at once
 * (an invalid one is asked again); the whole spec is checked again by loading it before anything is
 * written. The formats are the spec's own (src/input/team-spec/patterns.ts).
 */

export interface Question {
  key: keyof InitAnswers;
  /** The flag that answers it (`--organization`). */
  flag: string;
  prompt: string;
  /** A short list of allowed values, shown with the prompt. */
  choices?: readonly string[];
  /** The default in a folder (the organization defaults to the folder's name). */
  defaultFor(dir: string, answers: Partial<InitAnswers>): string;
  /** A message when the value is not acceptable. */
  validate(value: string): string | undefined;
}

export interface QuestionFormats {
  name: { re: RegExp; expected: string };
  member: { re: RegExp; expected: string };
  account: { re: RegExp; expected: string };
  region: { re: RegExp; expected: string };
  personas: readonly string[];
}

const matches = (f: { re: RegExp; expected: string }) => (v: string) =>
  f.re.test(v) ? undefined : `expected ${f.expected}`;

/** A folder name made into an organization name: `My Org_2` → `my-org-2`. */
export function organizationFromDir(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 24)
    .replace(/-+$/, "");
  return name || "my-ai-org";
}

export function initQuestions(formats: QuestionFormats): Question[] {
  return [
    {
      key: "organization",
      flag: "--organization",
      prompt: "Organization (prefixes every AWS name)",
      defaultFor: (dir) => organizationFromDir(dir),
      validate: matches(formats.name),
    },
    {
      key: "account",
      flag: "--account",
      prompt: "AWS account id (the account `pulumi up` deploys to)",
      defaultFor: () => "123456789012",
      validate: matches(formats.account),
    },
    {
      key: "region",
      flag: "--region",
      prompt: "Region",
      defaultFor: () => "us-east-1",
      validate: matches(formats.region),
    },
    {
      key: "identity",
      flag: "--identity",
      prompt: "How people sign in",
      choices: IDENTITY_MODES,
      defaultFor: () => "iam-users",
      validate: (v) =>
        (IDENTITY_MODES as readonly string[]).includes(v) ? undefined : `expected ${list(IDENTITY_MODES)}`,
    },
    {
      key: "team",
      flag: "--team",
      prompt: "First team",
      defaultFor: () => "research",
      validate: matches(formats.name),
    },
    {
      key: "member",
      flag: "--member",
      prompt: "Its first member",
      defaultFor: () => "alice",
      validate: matches(formats.member),
    },
    {
      key: "persona",
      flag: "--persona",
      prompt: "The member's persona",
      choices: formats.personas,
      defaultFor: () => "data-scientist",
      validate: (v) => (formats.personas.includes(v) ? undefined : `expected ${list(formats.personas)}`),
    },
  ];
}

function list(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

/**
 * Asks each question not answered yet, on `input`/`output` (a terminal). An empty answer takes the
 * default; an invalid one is asked again. Resolves undefined if the input ends (Ctrl-D) first.
 */
export async function ask(
  questions: readonly Question[],
  given: Partial<InitAnswers>,
  dir: string,
  io: { input: Readable; output: Writable },
): Promise<InitAnswers | undefined> {
  const answers: Partial<InitAnswers> = { ...given };
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of questions) {
      if (answers[q.key] !== undefined) continue;
      const fallback = q.defaultFor(dir, answers);
      for (;;) {
        const choices = q.choices ? ` (${q.choices.join(", ")})` : "";
        io.output.write(`${q.prompt}${choices} [${fallback}]: `);
        const next = await lines.next();
        if (next.done) {
          io.output.write("\n");
          return undefined;
        }
        const value = String(next.value).trim() || fallback;
        const problem = q.validate(value);
        if (!problem) {
          (answers as Record<string, string>)[q.key] = value;
          break;
        }
        io.output.write(`  ${JSON.stringify(value)}: ${problem}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return answers as InitAnswers;
}
