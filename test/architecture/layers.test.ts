import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildImportGraph,
  fileCycles,
  layerViolations,
  moduleCycles,
  outsideViolations,
  pulumiAllowedPaths,
  pulumiLoadedBy,
  pulumiOutsideAllowed,
  repositoryFiles,
  sourceFiles,
  unplacedAnywhere,
  unplacedFiles,
} from "./import-graph.js";
import { OUTSIDE_SRC, PULUMI_FREE_ENTRIES } from "./layers.js";

// The layers of README "Architecture", enforced over the import graph of every src/**/*.ts.
const root = process.cwd();
const graph = buildImportGraph(root, sourceFiles(root));
// …and the code around it: the root Pulumi program, policypack/, examples/, bench/, scripts/, test/.
const repository = buildImportGraph(root, repositoryFiles(root));

test("the graph is read: every source file, and the imports of the CLI's entry", () => {
  assert.ok(graph.files.length > 100, `${graph.files.length} files`);
  assert.ok(graph.edges.some((e) => e.from === "src/cli/bin.ts" && e.to === "src/cli/main.ts"));
});

test("every source file belongs to a layer", () => {
  assert.deepEqual(unplacedFiles(graph), []);
});

test("every import points to a lower layer or within its own", () => {
  assert.deepEqual(layerViolations(graph), []);
});

test("no import cycle between files", () => {
  assert.deepEqual(
    fileCycles(graph).map((c) => c.join(" ↔ ")),
    [],
  );
});

test("no cycle between the modules of the layer table (e.g. team-spec ↔ activities)", () => {
  assert.deepEqual(
    moduleCycles(graph).map((c) => c.join(" ↔ ")),
    [],
  );
});

test("only src/input/capture/ and src/deploy/ import @pulumi/*", () => {
  assert.deepEqual(pulumiOutsideAllowed(graph), []);
});

test("the package root and the CLI reach @pulumi/* only through a dynamic import()", () => {
  for (const entry of PULUMI_FREE_ENTRIES) assert.ok(graph.files.includes(entry), entry);
  assert.deepEqual(
    PULUMI_FREE_ENTRIES.flatMap((e) => pulumiLoadedBy(graph, e)),
    [],
  );
});

test("the repository graph is read: every part outside src/ has files, and they import src/", () => {
  for (const part of OUTSIDE_SRC) {
    assert.ok(
      repository.files.some((f) => f.startsWith(part.path)),
      `${part.path} has TypeScript files`,
    );
  }
  assert.ok(repository.edges.some((e) => e.from.startsWith("bench/") && e.to.startsWith("src/")));
  assert.ok(repository.edges.some((e) => e.from.startsWith("test/") && e.to.startsWith("src/")));
  // The capture fixtures are users' programs, not ours; their installer is ours.
  assert.ok(repository.files.includes("test/fixtures/programs/install.ts"));
  assert.deepEqual(
    repository.files.filter((f) => /^test\/fixtures\/programs\/[^/]+\//.test(f)),
    [],
  );
});

test("every TypeScript file outside src/ belongs to a part of the outside table", () => {
  assert.deepEqual(unplacedAnywhere(repository), []);
});

test("src/ imports nothing outside it; benchmarks, scripts and the policy pack no command; nothing imports a test file", () => {
  assert.deepEqual(outsideViolations(repository), []);
});

test("no import cycle between any two files of the repository, tests and benchmarks included", () => {
  assert.deepEqual(
    fileCycles(repository).map((c) => c.join(" ↔ ")),
    [],
  );
});

test("outside src/, only Pulumi programs, the policy pack, tests and benchmarks import @pulumi/*", () => {
  assert.deepEqual(pulumiOutsideAllowed(repository, pulumiAllowedPaths()), []);
});
