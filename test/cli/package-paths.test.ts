/** `start`'s default inputs resolve from the working directory first, then from the package. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { packagedPath, packageRoot } from "../../src/cli/package-paths.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-paths-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("the package root holds package.json and the shipped examples", () => {
  assert.equal(resolve(packageRoot()), resolve("."));
});

test("a path present in the working directory is kept; a shipped one is found in the package", () => {
  assert.equal(packagedPath("examples/seed"), "examples/seed", "from the repository");
  const fromElsewhere = packagedPath("examples/seed", tmp);
  assert.equal(resolve(tmp, fromElsewhere), resolve("examples/seed"));
  mkdirSync(join(tmp, "examples", "seed"), { recursive: true });
  assert.equal(packagedPath("examples/seed", tmp), "examples/seed", "the user's own wins");
  assert.equal(packagedPath("no/such/thing", tmp), "no/such/thing", "unknown paths are left for the command to report");
});
