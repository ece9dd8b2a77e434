import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { LAYERS, OUTSIDE_SRC } from "./layers.js";

// README "Architecture" against the folders: its table is the layer table, it names every folder
// of src/ at the depth it itemizes, and everything it names exists (or is marked "(being built)").

const PLANNED = "(being built)";

interface Row {
  layer: number;
  path: string;
  owns: string;
}

/** The text between README's `section:architecture` markers. */
function architectureSection(readme: string): string {
  const start = readme.indexOf("<!-- section:architecture -->");
  const end = readme.indexOf("<!-- /section:architecture -->");
  return start >= 0 && end > start ? readme.slice(start, end) : "";
}

/** The table's rows: `| layer | \`path\` | owns |`. */
function tableRows(section: string): Row[] {
  return [...section.matchAll(/^\| (\d+) \| ([^|]+) \|([^\n]*)\|$/gm)].flatMap(([, layer, cell, owns]) =>
    [...cell.matchAll(/`([^`]+)`/g)].map(([, path]) => ({ layer: Number(layer), path, owns: owns.trim() })),
  );
}

/** Every folder under `dir`, relative to `root`, ending with `/`. */
function folders(root: string, dir: string): string[] {
  return (readdirSync(join(root, dir), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((d) => d.isDirectory())
    .map(
      (d) =>
        `${join(d.parentPath, d.name)
          .slice(root.length + 1)
          .split("\\")
          .join("/")}/`,
    )
    .sort();
}

/**
 * Folders the table does not name. A folder inside a named one belongs to it, unless the named one
 * itemizes its own sub-folders (`src/analysis/` names `checks/`, `review/`): then each must be
 * named. A folder that only holds named ones (`src/input/`) needs no row.
 */
export function unnamedFolders(all: readonly string[], named: readonly string[]): string[] {
  return all.filter((d) => {
    if (named.includes(d) || named.some((n) => n.startsWith(d))) return false;
    const owner = named.filter((n) => d.startsWith(n)).sort((a, b) => b.length - a.length)[0];
    return owner === undefined || named.some((n) => n !== owner && n.startsWith(owner));
  });
}

/**
 * Repository paths the section names (`src/…`, `bench/`, `index.ts`; a bare `kind.ts` in a row is
 * in that row's folder) that do not exist. A row marked "(being built)" may name a folder not yet there.
 */
export function missingPaths(
  section: string,
  exists: (path: string) => boolean,
  under: (dir: string, file: string) => boolean,
): string[] {
  const missing: string[] = [];
  const rows = tableRows(section);
  for (const row of rows) {
    if (!exists(row.path) && !row.owns.includes(PLANNED)) missing.push(row.path);
    for (const [, file] of row.owns.matchAll(/`([\w.-]+\.ts)`/g)) {
      if (!under(row.path, file)) missing.push(`${row.path}${file}`);
    }
  }
  const rowPaths = new Set(rows.map((r) => r.path));
  const prose = section.replace(/^\|[^\n]*$/gm, "").replace(/```[\s\S]*?```/g, "");
  for (const [, path] of prose.matchAll(/`([^`\s]+)`/g)) {
    const isPath =
      /^(src|test|bench|scripts|policypack|examples|docs|api)\//.test(path) ||
      /^[\w.-]+(\/|\.(ts|yaml|json))$/.test(path);
    if (isPath && !rowPaths.has(path) && !exists(path)) missing.push(path);
  }
  return [...new Set(missing)];
}

/**
 * The diagram's folder labels with their layer (`analysis/checks/ (6)`, `activities/, compile/ (5)`)
 * that name no folder of src/ or disagree with the table.
 */
export function diagramMismatches(section: string, rows: readonly Row[], exists: (path: string) => boolean): string[] {
  const diagram = section.match(/```[\s\S]*?```/)?.[0] ?? "";
  const out: string[] = [];
  for (const [, labels, layer] of diagram.matchAll(/((?:[a-z-]+\/)+(?:, (?:[a-z-]+\/)+)*) \((\d+)\)/g)) {
    for (const label of labels.split(", ")) {
      const path = `src/${label}`;
      const layers = rows.filter((r) => r.path.startsWith(path)).map((r) => r.layer);
      if (!exists(path)) out.push(`${label} (${layer}): no ${path}`);
      else if (layers.length === 0 || layers.some((l) => l !== Number(layer))) {
        out.push(`${label} (${layer}): the table says layer ${[...new Set(layers)].join(", ") || "none"}`);
      }
    }
  }
  return out;
}

const root = process.cwd();
const section = architectureSection(readFileSync(join(root, "README.md"), "utf8"));
const rows = tableRows(section);
const exists = (path: string) => existsSync(join(root, path));
const under = (dir: string, file: string) =>
  existsSync(join(root, dir)) &&
  (readdirSync(join(root, dir), { recursive: true }) as string[]).some((f) => f.split(/[\\/]/).pop() === file);

describe("README's architecture section", () => {
  test("its table lists exactly the layer table, layer by layer", () => {
    assert.ok(section.length > 0, "README has a section:architecture");
    assert.deepEqual(rows.map((r) => `${r.layer} ${r.path}`).sort(), LAYERS.map((l) => `${l.layer} ${l.path}`).sort());
  });

  test("it names every folder of src/", () => {
    assert.deepEqual(
      unnamedFolders(
        folders(root, "src"),
        rows.map((r) => r.path).filter((p) => p.endsWith("/")),
      ),
      [],
    );
  });

  test("everything it names exists, except what a row marks as being built", () => {
    assert.deepEqual(missingPaths(section, exists, under), []);
  });

  test("its diagram's folders exist and sit in the table's layers", () => {
    assert.ok(/\(\d+\)/.test(section), "the diagram labels folders with their layer");
    assert.deepEqual(diagramMismatches(section, rows, exists), []);
  });

  test("it names every part of the repository outside src/ the dependency test covers", () => {
    for (const part of OUTSIDE_SRC) assert.ok(section.includes(`\`${part.path}\``), `${part.path} is named`);
  });
});

describe("the README checks on a made-up section", () => {
  const made = [
    "<!-- section:architecture -->",
    "```",
    "input/ (4) ─▶ engine/ (2) ─▶ report/ (3) ─▶ gone/ (7)",
    "```",
    "`bench/` holds benchmarks and `tools/` scripts; see `ai-iam/pulumi`.",
    "| layer | folder | owns |",
    "|---|---|---|",
    "| 2 | `src/engine/` | the evaluator (`pattern.ts`, `nope.ts`) |",
    "| 4 | `src/input/spec/` | specs |",
    "| 6 | `src/analysis/` | analyses |",
    "| 6 | `src/analysis/checks/` | rules |",
    "| 6 | `src/analysis/prover/` | proofs (being built) |",
    "| 7 | `src/report/` | renderers |",
    "<!-- /section:architecture -->",
  ].join("\n");
  const there = new Set([
    "src/engine/",
    "src/input/",
    "src/input/spec/",
    "src/analysis/",
    "src/analysis/checks/",
    "src/report/",
    "bench/",
  ]);
  const madeRows = tableRows(architectureSection(made));

  test("a folder the table does not name is found, at the depth the table itemizes", () => {
    const all = [
      ...[...there].filter((d) => d.startsWith("src/")),
      "src/engine/conditions/",
      "src/analysis/effective/",
      "src/analysis/checks/rules/",
      "src/new/",
      "src/input/other/",
    ];
    assert.deepEqual(
      unnamedFolders(
        all.sort(),
        madeRows.map((r) => r.path),
      ),
      ["src/analysis/effective/", "src/input/other/", "src/new/"],
    );
  });

  test("a path that does not exist is found, in rows, in their file names and in prose", () => {
    const files = new Map([["src/engine/", ["pattern.ts"]]]);
    assert.deepEqual(
      missingPaths(
        architectureSection(made),
        (p) => there.has(p),
        (d, f) => files.get(d)?.includes(f) ?? false,
      ),
      ["src/engine/nope.ts", "tools/"],
    );
  });

  test("a diagram label without a folder or in another layer than the table's is found", () => {
    assert.deepEqual(
      diagramMismatches(architectureSection(made), madeRows, (p) => there.has(p)),
      ["report/ (3): the table says layer 7", "gone/ (7): no src/gone/"],
    );
  });
});
