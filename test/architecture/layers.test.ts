import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import {
  buildImportGraph,
  fileCycles,
  layerViolations,
  moduleCycles,
  pulumiLoadedBy,
  pulumiOutsideAllowed,
  sourceFiles,
  unplacedFiles,
} from "./import-graph.js";
import { LAYERS, PULUMI_FREE_ENTRIES } from "./layers.js";

// The layers of README "Architecture", enforced over the import graph of every src/**/*.ts.
const root = process.cwd();
const graph = buildImportGraph(root, sourceFiles(root));

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

test("the README's architecture table lists exactly the layer table, layer by layer", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(
    readme.indexOf("<!-- section:architecture -->"),
    readme.indexOf("<!-- /section:architecture -->"),
  );
  assert.ok(section.length > 0, "README has a section:architecture");
  const rows = [...section.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].flatMap(([, layer, cell]) =>
    [...cell.matchAll(/`([^`]+)`/g)].map(([, path]) => `${layer} ${path}`),
  );
  assert.deepEqual(rows.sort(), LAYERS.map((l) => `${l.layer} ${l.path}`).sort());
});

test("every folder of the layer table that exists holds sources; those not yet built are named as such", () => {
  // Folders other engineers are creating may be absent; everything else must exist.
  const planned = new Set(["src/input/account/", "src/analysis/prover/"]);
  for (const l of LAYERS) {
    if (planned.has(l.path)) continue;
    assert.ok(existsSync(l.path), `${l.path} (layer ${l.layer}) does not exist`);
  }
});
