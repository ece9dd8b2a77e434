#!/usr/bin/env node

// process.exit as node gives it (a captured program's calls to process.exit are its failures).
const exit = process.exit.bind(process);

// A reader that stops early (`ai-iam explain 's3:*' | head`) closes the pipe: that ends the
// output, as in any Unix tool, and is no crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw err;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // The most frequent probe of an install answers without loading the CLI (commander, commands):
  // the same text as the program's --version.
  const { versionText } = await import("./version-text.js");
  process.stdout.write(`${versionText()}\n`);
} else {
  const { main } = await import("./main.js");
  await main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `ai-iam: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 70;
    },
  );
  // A captured Pulumi program (--program) may leave timers or sockets behind: they must not keep
  // the CLI alive, nor change its exit code (see src/input/capture/program-guard.ts).
  // Only then is the guard loaded: it set this symbol (`END` in program-guard.ts) when it ran.
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("ai-iam.capture.end")] !== undefined) {
    const { endAfterCapture } = await import("../input/capture/program-guard.js");
    await endAfterCapture(typeof process.exitCode === "number" ? process.exitCode : 0);
  }
}
