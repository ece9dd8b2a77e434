import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  fileCycles,
  type ImportEdge,
  type ImportGraph,
  importsOf,
  layerViolations,
  moduleCycles,
  pulumiLoadedBy,
  pulumiOutsideAllowed,
  stronglyConnectedComponents,
  unplacedFiles,
} from "./import-graph.js";
import type { LayerEntry } from "./layers.js";

// The checks of layers.test.ts on small synthetic graphs: each one can fail.

const layers: LayerEntry[] = [
  { layer: 0, path: "src/base/", owns: "" },
  { layer: 1, path: "src/mid/", owns: "" },
  { layer: 1, path: "src/side/", owns: "" },
  { layer: 2, path: "src/top/", owns: "" },
  { layer: 2, path: "src/deploy/", owns: "" },
];

function graph(edges: Array<[string, string, Partial<ImportEdge>?]>, extra: string[] = []): ImportGraph {
  const files = new Set(extra);
  const all = edges.map(([from, to, o]) => {
    files.add(from);
    if (to.startsWith("src/")) files.add(to);
    return { from, to, typeOnly: false, dynamic: false, line: 1, ...o };
  });
  return { files: [...files].sort(), edges: all };
}

describe("the import scanner", () => {
  test("finds static, re-exported, dynamic and type imports, and knows which are type-only", () => {
    const found = importsOf(
      "x.ts",
      [
        'import { a } from "./a.js";',
        'import type { B } from "./b.js";',
        'import { type C } from "./c.js";',
        'import { type D, e } from "./d.js";',
        'export * from "./f.js";',
        'export type { G } from "./g.js";',
        'const h = await import("./h.js");',
        'let i: import("./i.js").I;',
        "const j = await import(url);",
        'import "./k.js";',
      ].join("\n"),
    );
    assert.deepEqual(
      found.map((f) => `${f.specifier} ${f.typeOnly ? "type" : "value"} ${f.dynamic ? "dynamic" : "static"} ${f.line}`),
      [
        "./a.js value static 1",
        "./b.js type static 2",
        "./c.js type static 3",
        "./d.js value static 4",
        "./f.js value static 5",
        "./g.js type static 6",
        "./h.js value dynamic 7",
        "./i.js type static 8",
        "./k.js value static 10",
      ],
    );
  });
});

describe("the checks", () => {
  test("an import that points to a higher layer is a violation; lower and same-layer imports are not", () => {
    const g = graph([
      ["src/mid/a.ts", "src/base/x.ts"],
      ["src/mid/a.ts", "src/side/y.ts"],
      ["src/mid/a.ts", "src/top/z.ts"],
    ]);
    assert.deepEqual(layerViolations(g, layers), [
      "src/mid/a.ts:1 imports src/top/z.ts (layer 1 src/mid/ → layer 2 src/top/)",
    ]);
  });

  test("a file outside every layer is reported", () => {
    assert.deepEqual(unplacedFiles(graph([], ["src/base/a.ts", "src/elsewhere/b.ts"]), layers), ["src/elsewhere/b.ts"]);
  });

  test("a cycle between files is found, however long, and a self-import too", () => {
    const g = graph([
      ["src/base/a.ts", "src/base/b.ts"],
      ["src/base/b.ts", "src/base/c.ts"],
      ["src/base/c.ts", "src/base/a.ts", { typeOnly: true }],
      ["src/base/c.ts", "src/base/d.ts"],
      ["src/mid/s.ts", "src/mid/s.ts"],
    ]);
    assert.deepEqual(fileCycles(g), [["src/base/a.ts", "src/base/b.ts", "src/base/c.ts"], ["src/mid/s.ts"]]);
    assert.deepEqual(fileCycles(graph([["src/base/a.ts", "src/base/b.ts"]])), []);
  });

  test("two modules that use each other are a cycle, even without a cycle between files", () => {
    const g = graph([
      ["src/mid/a.ts", "src/side/x.ts"],
      ["src/side/y.ts", "src/mid/b.ts"],
    ]);
    assert.deepEqual(fileCycles(g), []);
    assert.deepEqual(moduleCycles(g, layers), [["src/mid/", "src/side/"]]);
  });

  test("Tarjan's algorithm separates components and survives a long chain", () => {
    const next = (n: string) => ({ a: ["b"], b: ["a", "c"], c: ["d"], d: ["c"], e: [] })[n] ?? [];
    assert.deepEqual(stronglyConnectedComponents(["a", "b", "c", "d", "e"], next), [
      ["a", "b"],
      ["c", "d"],
    ]);
    const n = 50_000;
    const chain = (x: string) => {
      const i = Number(x);
      return i + 1 < n ? [String(i + 1)] : ["0"];
    };
    assert.equal(stronglyConnectedComponents(["0"], chain)[0].length, n);
  });

  test("@pulumi/* outside the allowed folders is reported", () => {
    const g = graph([
      ["src/deploy/a.ts", "@pulumi/aws"],
      ["src/top/b.ts", "@pulumi/pulumi"],
    ]);
    assert.deepEqual(pulumiOutsideAllowed(g, ["src/deploy/"]), ["src/top/b.ts:1 imports @pulumi/pulumi"]);
  });

  test("an entry that loads @pulumi/* through static imports is reported with its chain; dynamic and type imports are not", () => {
    const g = graph([
      ["src/top/entry.ts", "src/top/cmd.ts"],
      ["src/top/cmd.ts", "src/deploy/a.ts"],
      ["src/deploy/a.ts", "@pulumi/aws"],
      ["src/top/entry.ts", "src/deploy/b.ts", { dynamic: true }],
      ["src/top/entry.ts", "src/deploy/c.ts", { typeOnly: true }],
      ["src/deploy/b.ts", "@pulumi/pulumi"],
      ["src/deploy/c.ts", "@pulumi/pulumi"],
    ]);
    assert.deepEqual(pulumiLoadedBy(g, "src/top/entry.ts"), [
      "src/top/entry.ts → src/top/cmd.ts → src/deploy/a.ts → @pulumi/aws",
    ]);
    assert.deepEqual(pulumiLoadedBy(g, "src/deploy/b.ts"), ["src/deploy/b.ts → @pulumi/pulumi"]);
  });
});
