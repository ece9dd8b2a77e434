import type { Command } from "commander";

/**
 * The `ai-iam` command lines written in a script, a workflow or a document — `ai-iam check …`,
 * `npx ai-iam check …`, `"$AI_IAM" check …` — and what is wrong with each against the real
 * program: an unknown command, an unknown flag, a value outside a flag's choices.
 */
export interface Invocation {
  line: number;
  text: string;
  command: string;
  flags: Array<{ flag: string; value?: string }>;
}

const START = /(?:^|[\s;&|(`"'])(?:npx\s+(?:--yes\s+)?)?(?:ai-iam|"\$AI_IAM"|\$AI_IAM)\s+([a-z][a-z-]*)(.*)$/;

/** Every invocation in `text`, one per line (a trailing `\` joins the next line). */
export function findInvocations(text: string): Invocation[] {
  const lines = text.split("\n");
  const out: Invocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? "";
    let j = i;
    while (line.endsWith("\\") && j + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++j]}`;
    const m = START.exec(line);
    if (!m) continue;
    const command = m[1] ?? "";
    // Stop at a comment, a redirection or the next command in a pipeline.
    const rest = (m[2] ?? "").split(/\s#|[|;&>]|\)\s*$/)[0] ?? "";
    const words = rest.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    const flags: Invocation["flags"] = [];
    for (let k = 0; k < words.length; k++) {
      const w = words[k] ?? "";
      if (!w.startsWith("--")) continue;
      const [flag, inline] = w.split("=", 2) as [string, string | undefined];
      const next = words[k + 1];
      const value = inline ?? (next && !next.startsWith("-") ? next.replace(/^["']|["']$/g, "") : undefined);
      flags.push(value === undefined ? { flag } : { flag, value });
    }
    out.push({ line: i + 1, text: line.trim(), command, flags });
  }
  return out;
}

/** Problems with `invocations` against `program` (empty when every one is valid). */
export function invocationProblems(program: Command, invocations: readonly Invocation[]): string[] {
  const problems: string[] = [];
  const globals = new Set(program.options.flatMap((o) => [o.long, o.short]).filter(Boolean) as string[]);
  globals.add("--help");
  for (const inv of invocations) {
    const cmd = program.commands.find((c) => c.name() === inv.command || c.aliases().includes(inv.command));
    if (!cmd) {
      problems.push(`line ${inv.line}: unknown command '${inv.command}' in: ${inv.text}`);
      continue;
    }
    for (const { flag, value } of inv.flags) {
      const option = cmd.options.find((o) => o.long === flag);
      if (!option) {
        if (!globals.has(flag)) problems.push(`line ${inv.line}: ${inv.command} has no option ${flag}: ${inv.text}`);
        continue;
      }
      const literal = value !== undefined && !value.includes("$");
      if (literal && option.argChoices && !option.argChoices.includes(value)) {
        problems.push(
          `line ${inv.line}: ${inv.command} ${flag} ${value} is not one of ${option.argChoices.join(", ")}`,
        );
      }
    }
  }
  return problems;
}
