import pc from "picocolors";
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from "../diagnostics.js";

/** Colours only on a TTY, and never with NO_COLOR or --no-color. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.argv.includes("--no-color")) return false;
  return Boolean(stream.isTTY);
}

export function colors(stream: NodeJS.WriteStream = process.stdout) {
  return pc.createColors(useColor(stream));
}

/** Print every diagnostic to stderr, sorted, with a count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  const c = colors(process.stderr);
  for (const d of sortDiagnostics(diagnostics)) {
    const line = formatDiagnostic(d);
    process.stderr.write(`${d.severity === "error" ? c.red(line) : c.yellow(line)}\n`);
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? "" : "s"}; nothing was written.\n`);
}
