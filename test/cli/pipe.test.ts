import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";

// `ai-iam explain '*:*' | head -1`: the reader closes the pipe after the first line.
test("a reader that closes the pipe early ends the output without a crash", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "explain", "*:*"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  let first = "";
  await new Promise<void>((resolve) => {
    child.stdout.once("data", (d) => {
      first = String(d);
      child.stdout.destroy();
      resolve();
    });
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.match(first, /:/, "it printed something first");
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event|internal error/);
});
