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
  if (text) process.stderr.write(text);
}
