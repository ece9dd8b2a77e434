/**
 * A captured program runs in ai-iam's own process, so what it does to the process is guarded:
 *
 * - While it is captured, `process.exit(n)` does not end ai-iam (which would exit with the
 *   program's code, or Pulumi's leak detector's 1, having analyzed nothing): it is a failure of the
 *   program, reported like a throw. An exception thrown from a timer or callback is one too (it
 *   would otherwise crash ai-iam with a stack trace).
 * - Timers and intervals the program left pending when capture ends are cancelled (the caller
 *   warns: what they would have registered is not seen), so they neither run while ai-iam analyzes
 *   nor keep the process alive.
 * - Other leftovers (sockets, late promises) may still run: a late throw or `process.exit` of the
 *   program's own code ends ai-iam with exit 2 and a located `program-failed` error, never a crash or
 *   an exit 0; and the CLI ends the process itself once it is done (`endAfterCapture`), so nothing
 *   the program left open can hang it.
 */
import { createHook } from "node:async_hooks";
import { resolve } from "node:path";

/** The program called `process.exit`. */
export class ProgramExit extends Error {
  constructor(readonly code: unknown) {
    super(`the program called process.exit(${code === undefined ? "" : JSON.stringify(code)})`);
    this.name = "ProgramExit";
  }
}

/** `globalThis[END]`: how the CLI ends a process a program ran in (see bin.ts). */
const END = Symbol.for("ai-iam.capture.end");

interface GuardState {
  realExit: typeof process.exit;
  /** The program's folder: frames inside it (outside its node_modules) are the program's. */
  dirs: string[];
  /** Where failures go while a capture runs; undefined after (late failures end the process). */
  sink?: (err: unknown) => void;
}

let state: GuardState | undefined;

/** The first stack frame inside one of the programs' folders, not in their node_modules. */
export function programFrame(
  text: string,
  dirs: readonly string[],
): { file: string; line: number; column: number } | undefined {
  const roots = dirs.map((d) => resolve(d));
  for (const m of text.matchAll(/(?:file:\/\/)?(\/[^\s():]+|[A-Za-z]:\\[^\s():]+):(\d+):(\d+)/g)) {
    const file = m[1] ?? "";
    const root = roots.find((r) => file.startsWith(r));
    if (root === undefined || /[\\/]node_modules[\\/]/.test(file.slice(root.length))) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

const textOf = (err: unknown) => (err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err));

/** A failure once capture is over: the program's is a located error and exit 2; anything else is ours (70). */
function lateFailure(s: GuardState, err: unknown): void {
  const where = programFrame(textOf(err), s.dirs);
  const message = err instanceof Error ? (err.message.split("\n")[0] ?? err.name) : String(err);
  if (where || err instanceof ProgramExit) {
    const at = where ? `${where.file}:${where.line}:${where.column} - ` : "";
    process.stderr.write(
      `${at}error program-failed: the program failed under mocks after it was captured: ${message}\n` +
        "  hint: a captured program must not exit or throw from callbacks that run after it has registered its resources\n",
    );
    s.realExit(2);
  }
  process.stderr.write(`ai-iam: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  s.realExit(70);
}

function install(): GuardState {
  if (state) return state;
  const s: GuardState = { realExit: process.exit.bind(process) as typeof process.exit, dirs: [] };
  const onFailure = (err: unknown) => {
    if (s.sink) s.sink(err);
    else lateFailure(s, err);
  };
  process.on("uncaughtException", onFailure);
  process.on("unhandledRejection", onFailure);
  process.exit = ((code?: unknown) => {
    const err = new ProgramExit(code);
    if (s.sink) {
      s.sink(err);
      // Stops the program's code where it called exit (its caller may catch it: it is reported all the same).
      throw err;
    }
    // After capture: the program's own call (from its folder) is its failure; any other is a real exit.
    if (programFrame(new Error().stack ?? "", s.dirs)) lateFailure(s, err);
    return s.realExit(code as number | undefined);
  }) as typeof process.exit;
  (globalThis as Record<symbol, unknown>)[END] = s.realExit;
  state = s;
  return s;
}

/**
 * Guard the process while the program in `dir` is captured: failures (a throw from a callback, an
 * unhandled rejection, `process.exit`) go to `sink`, and timers are tracked. Returns the function
 * that ends the capture window: it cancels the timers still pending and returns how many there
 * were. The failure guards then stay for the process's life (late failures, see above).
 */
export function guardProgram(dir: string, sink: (err: unknown) => void): () => number {
  const s = install();
  if (!s.dirs.includes(dir)) s.dirs.push(dir);
  const exitCode = process.exitCode;
  const timers = new Map<number, unknown>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === "Timeout" || type === "Immediate") timers.set(id, resource);
    },
    destroy(id) {
      timers.delete(id);
    },
  });
  hook.enable();
  s.sink = sink;
  return () => {
    hook.disable();
    s.sink = undefined;
    // The program may have set the exit code; ai-iam's command sets its own.
    process.exitCode = exitCode;
    let cancelled = 0;
    for (const ref of timers.values()) {
      const t = ref as { _destroyed?: boolean; _onTimeout?: unknown; _onImmediate?: unknown };
      if (t._destroyed === true) continue;
      if ("_onImmediate" in t) {
        if (t._onImmediate === null) continue;
        clearImmediate(ref as NodeJS.Immediate);
      } else clearTimeout(ref as NodeJS.Timeout);
      cancelled++;
    }
    return cancelled;
  };
}

/**
 * For the CLI once its command is done: when a program was captured in this process, flush the
 * output and end the process with `code` (the program's timers or sockets must not keep it alive).
 * Does nothing otherwise. Takes nothing from this module: bin.ts calls it without loading capture.
 */
export async function endAfterCapture(code: number | undefined): Promise<void> {
  const end = (globalThis as Record<symbol, unknown>)[END];
  if (typeof end !== "function") return;
  for (const stream of [process.stdout, process.stderr]) {
    await new Promise<void>((r) => {
      if (stream.writableEnded || stream.destroyed) r();
      else stream.write("", () => r());
    });
  }
  (end as (c?: number) => never)(code);
}
