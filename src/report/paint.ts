/** The few styles text renderers use; `colors()` from the CLI satisfies it, `plain` draws nothing. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const id = (s: string) => s;
export const plain: Paint = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };

/** Pads by visible width (ignores ANSI colour codes). */
export function pad(s: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
  const visible = s.replace(/\u001b\[[0-9;]*m/g, "").length;
  return visible >= width ? s : s + " ".repeat(width - visible);
}
