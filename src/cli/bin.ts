#!/usr/bin/env node

// A reader that stops early (`ai-iam explain 's3:*' | head`) closes the pipe: that ends the
// output, as in any Unix tool, and is no crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
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
}
