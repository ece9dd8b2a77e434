import pc from "picocolors";
import { type Diagnostic, renderDiagnostics } from "../diagnostics/index.js";

/**
 * Output settings of one CLI run, set by `main` from the global `--no-color` and the command's
 * `--quiet` before its action runs (and reset at the start of every run).
 */
const settings = { noColor: false, quiet: false };

export function configureOutput(next: { noColor?: boolean; quiet?: boolean }): void {
  if (next.noColor !== undefined) settings.noColor = next.noColor;
  if (next.quiet !== undefined) settings.quiet = next.quiet;
}

export function resetOutput(): void {
  settings.noColor = false;
  settings.quiet = false;
}

/** Whether `--quiet` is in force: only the essential result on stdout, nothing but errors on stderr. */
export function isQuiet(): boolean {
  return settings.quiet;
}

/** Colours only on a TTY, and never with NO_COLOR (set and not empty) or --no-color. */
export function useColor(
  stream: Pick<NodeJS.WriteStream, "isTTY"> = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (settings.noColor) return false;
  return Boolean(stream.isTTY);
}

export function colors(stream: Pick<NodeJS.WriteStream, "isTTY"> = process.stdout) {
  return pc.createColors(useColor(stream));
}

/**
 * Characters a terminal or a CI log acts on instead of showing, or shows in another order: C0 controls
 * but tab and line feed (escape sequences that move the cursor, erase or recolour lines, OSC links and
 * titles; a carriage return that overwrites a line), DEL and C1 controls, the Unicode bidirectional
 * controls of "Trojan Source" (CVE-2021-42574) and the line and paragraph separators.
 */
const CONTROLS =
  "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const UNPRINTABLE = new RegExp(`[${CONTROLS}]`);
/** An SGR sequence (kept when it is one of ai-iam's own colours) or one character of `UNPRINTABLE`. */
const UNPRINTABLE_ALL = new RegExp(`\\u001b\\[(?:[0-9]|[1-9][0-9])?m|[${CONTROLS}]`, "g");
/** The colour codes ai-iam's own output uses (picocolors): reset, bold, dim, normal intensity, foreground colours. */
const OWN_SGR = new Set(["0", "1", "2", "22", "30", "31", "32", "33", "34", "35", "36", "37", "39", "90"]);

/**
 * `text` as it may reach a terminal: every character of `UNPRINTABLE` written visibly as `\uXXXX`,
 * so that a file name, a Sid or a YAML key a pull request chose cannot hide, rewrite or forge a line
 * of a CI log. The escape is JSON's, so JSON and SARIF on stdout stay valid and mean the same (such
 * characters can only be inside their strings). With `keepColor`, ai-iam's own colour codes (plain
 * SGR sequences of `OWN_SGR`) pass; any other escape sequence is written visibly.
 */
export function printable(text: string, keepColor = false): string {
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE_ALL, (m) =>
    m.length > 1 && keepColor && OWN_SGR.has(m.slice(2, -1) || "0")
      ? m
      : m.length > 1
        ? `\\u001b${m.slice(1)}`
        : `\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Writes `text` on stdout, made `printable` (ai-iam's colours kept when stdout shows them). */
export function writeStdout(text: string): void {
  process.stdout.write(printable(text, useColor(process.stdout)));
}

/** Writes `text` on stderr, made `printable` (ai-iam's colours kept when stderr shows them). */
export function writeStderr(text: string): void {
  process.stderr.write(printable(text, useColor(process.stderr)));
}

/**
 * Diagnostics of one code the CLI prints one by one; the rest are counted on one line. A 1 MB spec
 * of 100,000 unknown names would otherwise print 20 MB of the same error. High enough that a spec
 * a person wrote, however broken, has every diagnostic printed.
 */
export const DIAGNOSTICS_PER_CODE = 1000;

/**
 * Print diagnostics to stderr, sorted, with a count of errors: at most `DIAGNOSTICS_PER_CODE` of
 * each code (the count is of all). With --quiet, only the errors.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  const text = renderDiagnostics(diagnostics, {
    color: colors(process.stderr),
    errorsOnly: settings.quiet,
    summary: true,
    perCode: DIAGNOSTICS_PER_CODE,
  });
  if (text) writeStderr(text);
}
