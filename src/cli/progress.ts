import { isQuiet } from "./output.js";

/**
 * A progress bar on stderr for work that takes longer than about a second: nothing is drawn
 * before `delayMs`, nothing at all unless stderr is a TTY (so logs and pipes stay clean), and
 * never with `--quiet`. Redraws at most every 100 ms; `finish()` clears the line.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  delayMs?: number;
}

export function createProgress(label: string, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = !(opts.quiet ?? isQuiet()) && Boolean(stream.isTTY);
  const start = Date.now();
  const delay = opts.delayMs ?? 1000;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < delay || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r${renderBar(label, done, total, Math.max(20, (stream.columns ?? 80) - label.length - 30))}`);
    },
    finish() {
      if (enabled && drawn) stream.write("\r\u001b[2K");
    },
  };
}

/** `label [#######-------]  42% 420/1000` (exported for tests). */
export function renderBar(label: string, done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const pct = `${Math.round(ratio * 100)}`.padStart(3);
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${pct}% ${done}/${total}`;
}
