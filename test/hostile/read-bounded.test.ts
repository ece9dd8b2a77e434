import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  inputBudget,
  inputLimits,
  listInputFiles,
  parseSize,
  readInputFile,
} from "../../src/input/files/read-bounded.js";
import { tempDir } from "./helpers.js";

const code = (r: ReturnType<typeof readInputFile>) => ("diagnostic" in r ? r.diagnostic.code : "ok");

describe("bounded reading", () => {
  test("regular files only: FIFOs, devices, loops and dangling links are located errors", () => {
    const dir = tempDir({ "ok.yaml": "a: 1\n" });
    execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    symlinkSync(join(dir, "loop.yaml"), join(dir, "loop.yaml"));
    symlinkSync(join(dir, "missing.yaml"), join(dir, "dangling.yaml"));
    symlinkSync(join(dir, "ok.yaml"), join(dir, "link.yaml"));
    assert.equal(code(readInputFile(join(dir, "fifo.yaml"))), "input-not-a-file");
    assert.equal(code(readInputFile(join(dir, "zero.yaml"))), "input-not-a-file");
    assert.equal(code(readInputFile(join(dir, "loop.yaml"))), "input-symlink-loop");
    assert.equal(code(readInputFile(join(dir, "dangling.yaml"))), "input-dangling-symlink");
    assert.equal(code(readInputFile(join(dir, "nothing.yaml"))), "input-not-found");
    assert.equal(code(readInputFile(dir)), "input-not-a-file");
    assert.deepEqual(readInputFile(join(dir, "link.yaml")), { text: "a: 1\n" });
    const listed = listInputFiles(dir, { accept: (n) => n.endsWith(".yaml") });
    assert.deepEqual(listed.files, [join(dir, "link.yaml"), join(dir, "ok.yaml")]);
    assert.deepEqual(
      listed.diagnostics.map((d) => [d.file, d.code]),
      [
        [join(dir, "dangling.yaml"), "input-dangling-symlink"],
        [join(dir, "fifo.yaml"), "input-not-a-file"],
        [join(dir, "loop.yaml"), "input-symlink-loop"],
        [join(dir, "zero.yaml"), "input-not-a-file"],
      ],
    );
  });

  test("a file over the limit per file, or over the input's budget, is refused before it is read whole", () => {
    const dir = tempDir({ "a.json": "x".repeat(1000), "b.json": "y".repeat(1000) });
    const limits = { maxFileBytes: 999, maxInputBytes: 1500 };
    assert.match(
      (readInputFile(join(dir, "a.json"), inputBudget(limits)) as { diagnostic: { message: string } }).diagnostic
        .message,
      /larger than the 999 bytes limit per file/,
    );
    const budget = inputBudget({ maxFileBytes: 1000, maxInputBytes: 1500 });
    assert.equal(code(readInputFile(join(dir, "a.json"), budget)), "ok");
    assert.equal(budget.remaining, 500);
    const second = readInputFile(join(dir, "b.json"), budget);
    assert.match((second as { diagnostic: { message: string } }).diagnostic.message, /1500 bytes limit for one input/);
    // /proc files claim size 0: the cap holds on the bytes read.
    const proc = readInputFile("/proc/self/status", inputBudget({ maxFileBytes: 10, maxInputBytes: 10 }));
    assert.equal(code(proc), "input-too-large");
  });

  test("recursive listing does not follow symlinked folders", () => {
    const dir = tempDir({ "a.json": "{}" });
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "b.json"), "{}");
    symlinkSync(dir, join(dir, "sub", "up"));
    const listed = listInputFiles(dir, { accept: (n) => n.endsWith(".json"), recursive: true });
    assert.deepEqual(listed.files, [join(dir, "a.json"), join(dir, "sub", "b.json")]);
    assert.deepEqual(
      listed.diagnostics.map((d) => [d.code, d.severity]),
      [["input-symlink-folder", "warning"]],
    );
  });

  test("limits from the environment", () => {
    assert.equal(parseSize("20MB"), 20 * 1024 * 1024);
    assert.equal(parseSize("1.5 GiB"), 1.5 * 1024 ** 3);
    assert.equal(parseSize("4096"), 4096);
    assert.equal(parseSize("-1"), undefined);
    assert.equal(parseSize("lots"), undefined);
    assert.deepEqual(inputLimits({ AI_IAM_MAX_FILE_SIZE: "1k" }).limits.maxFileBytes, 1024);
    assert.equal(inputLimits({ AI_IAM_MAX_INPUT_SIZE: "lots" }).diagnostics[0].code, "input-invalid-limit");
  });
});
