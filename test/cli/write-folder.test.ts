import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { WriteFolderError, writeFolder } from "../../src/cli/write-folder.js";

function tree(dir: string): string[] {
  return execFileSync("find", [dir], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((p) => p.slice(dir.length) || "/")
    .sort();
}

const FILES = [
  { path: "vision/boundary.json", text: "{}\n" },
  { path: "vision/data-scientist/policy-1.json", text: "{ }\n" },
  { path: "README.txt", text: "hi\n" },
];

describe("writeFolder", () => {
  test("a new folder appears whole, and no staging folder is left", () => {
    const root = mkdtempSync(join(tmpdir(), "ai-iam-wf-"));
    const out = join(root, "a", "b", "out");
    writeFolder(out, FILES);
    assert.deepEqual(tree(out), [
      "/",
      "/README.txt",
      "/vision",
      "/vision/boundary.json",
      "/vision/data-scientist",
      "/vision/data-scientist/policy-1.json",
    ]);
    assert.deepEqual(readdirSync(join(root, "a", "b")), ["out"]);
  });

  test("into an existing folder: files replaced, everything else kept", () => {
    const out = mkdtempSync(join(tmpdir(), "ai-iam-wf-"));
    mkdirSync(join(out, "vision"));
    writeFileSync(join(out, "vision", "boundary.json"), "old\n");
    writeFileSync(join(out, "notes.md"), "mine\n");
    writeFolder(out, FILES);
    assert.equal(readFileSync(join(out, "vision", "boundary.json"), "utf8"), "{}\n");
    assert.equal(readFileSync(join(out, "notes.md"), "utf8"), "mine\n");
  });

  test("a folder, a symlink or a file not ours where a file goes: nothing written, nothing left behind", () => {
    for (const [label, make, mayReplace] of [
      ["a folder", (out: string) => mkdirSync(join(out, "vision", "boundary.json"), { recursive: true }), undefined],
      [
        "a symlink",
        (out: string) => {
          mkdirSync(join(out, "vision"));
          symlinkSync("/etc/passwd", join(out, "vision", "boundary.json"));
        },
        undefined,
      ],
      ["a file where a folder goes", (out: string) => writeFileSync(join(out, "vision"), "x"), undefined],
      ["a file the caller does not own", (out: string) => writeFileSync(join(out, "README.txt"), "x"), () => false],
    ] as const) {
      const out = mkdtempSync(join(tmpdir(), "ai-iam-wf-"));
      make(out);
      writeFileSync(join(out, "notes.md"), "mine\n");
      const before = tree(out);
      assert.throws(
        () => writeFolder(out, FILES, { mayReplace }),
        (e) => e instanceof WriteFolderError && /nothing was written/.test(e.message),
        label,
      );
      assert.deepEqual(tree(out), before, label);
      assert.deepEqual(
        readdirSync(join(out, "..")).filter((n) => n.includes("ai-iam-tmp")),
        [],
        label,
      );
    }
  });

  test("removes an earlier run's stale files in the same transaction, only regular files", () => {
    const out = mkdtempSync(join(tmpdir(), "ai-iam-wf-"));
    mkdirSync(join(out, "nlp"));
    writeFileSync(join(out, "nlp", "old.json"), "x");
    writeFolder(out, FILES, { remove: ["nlp/old.json", "nlp/never-there.json"] });
    assert.deepEqual(readdirSync(join(out, "nlp")), []);
    assert.throws(() => writeFolder(out, FILES, { remove: ["nlp"] }), WriteFolderError);
  });

  test("paths must stay inside the folder", () => {
    const out = mkdtempSync(join(tmpdir(), "ai-iam-wf-"));
    for (const path of ["../x", "/etc/x", "", "a/../../x"]) {
      assert.throws(() => writeFolder(out, [{ path, text: "" }]), WriteFolderError, path);
    }
  });
});
