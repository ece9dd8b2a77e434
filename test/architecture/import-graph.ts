/**
 * The import graph of ai-iam's sources, read with the TypeScript compiler's parser (not regexes),
 * and the checks the layer test runs over it: imports against the layer table, cycles between
 * files and between modules (Tarjan's strongly connected components), and where `@pulumi/*` may be
 * loaded. The checks are pure functions of a graph, so test/architecture/checker.test.ts can show
 * each of them failing on a small synthetic graph.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";
import { LAYERS, type LayerEntry, PULUMI_ALLOWED, PULUMI_FREE_ENTRIES } from "./layers.js";

export interface ImportEdge {
  /** Importing file, relative to the repository root with `/` separators (`src/cli/main.ts`). */
  from: string;
  /** Imported file (`src/engine/index.ts`), or a package (`@pulumi/aws`, `node:fs`). */
  to: string;
  /** `import type`, `export type`, or every named binding type-only: erased when compiled. */
  typeOnly: boolean;
  /** `import("...")`: loaded when the code runs, not when the importer loads. */
  dynamic: boolean;
  /** 1-based line of the import, for messages. */
  line: number;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/** `./x.js` → `./x.ts` or `./x/index.ts`, as NodeNext resolution maps our sources. */
function resolveRelative(root: string, fromFile: string, specifier: string): string | undefined {
  const base = join(root, dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, join(base, "index.ts")];
  const hit = candidates.find((c) => c.endsWith(".ts") && existsSync(c));
  return hit ? toPosix(relative(root, hit)) : undefined;
}

/** A package specifier without its subpath: `@pulumi/pulumi/runtime/settings.js` → `@pulumi/pulumi`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "x"`: a side effect
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}

/** Every import of one source text: static, re-exports, dynamic `import()` and `import("x").T` types. */
export function importsOf(
  fileName: string,
  text: string,
): Array<Omit<ImportEdge, "from" | "to"> & { specifier: string }> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Array<Omit<ImportEdge, "from" | "to"> & { specifier: string }> = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node, typeOnly: boolean, dynamic: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return; // `import(url)` of a user's program: not ours
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    out.push({ specifier: spec.text, typeOnly, dynamic, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node, isTypeOnlyImport(node), false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node, isTypeOnlyExport(node), false);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, node, node.isTypeOnly, false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0], node, false, true);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      add(node.argument.literal as ts.Expression, node, true, false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every `.ts` file under `dir` (relative to `root`), sorted. */
export function sourceFiles(root: string, dir = "src"): string[] {
  return (readdirSync(join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => toPosix(join(dir, f)))
    .sort();
}

/** The import graph of `files` (paths relative to `root`); packages appear as their bare names. */
export function buildImportGraph(root: string, files: string[]): ImportGraph {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const i of importsOf(from, readFileSync(join(root, from), "utf8"))) {
      const relativeSpec = i.specifier.startsWith(".");
      const to = relativeSpec ? resolveRelative(root, from, i.specifier) : packageName(i.specifier);
      if (!to) throw new Error(`${from}:${i.line}: cannot resolve "${i.specifier}"`);
      edges.push({ from, to, typeOnly: i.typeOnly, dynamic: i.dynamic, line: i.line });
    }
  }
  return { files, edges };
}

/** The entry of the layer table a file belongs to: the longest path that contains it. */
export function entryOf(file: string, layers: readonly LayerEntry[] = LAYERS): LayerEntry | undefined {
  let best: LayerEntry | undefined;
  for (const e of layers) {
    const hit = e.path.endsWith("/") ? file.startsWith(e.path) : file === e.path;
    if (hit && (!best || e.path.length > best.path.length)) best = e;
  }
  return best;
}

/** Files that belong to no entry of the layer table (every source must have a place). */
export function unplacedFiles(graph: ImportGraph, layers: readonly LayerEntry[] = LAYERS): string[] {
  return graph.files.filter((f) => !entryOf(f, layers));
}

/** Imports that point to a higher layer: `file:line imports target (layer a → layer b)`. */
export function layerViolations(graph: ImportGraph, layers: readonly LayerEntry[] = LAYERS): string[] {
  const out: string[] = [];
  for (const e of graph.edges) {
    const from = entryOf(e.from, layers);
    const to = entryOf(e.to, layers);
    if (!from || !to) continue; // packages, and unplaced files (reported on their own)
    if (to.layer > from.layer) {
      out.push(`${e.from}:${e.line} imports ${e.to} (layer ${from.layer} ${from.path} → layer ${to.layer} ${to.path})`);
    }
  }
  return out;
}

/**
 * Tarjan's strongly connected components of a directed graph: every component with more than one
 * node, or a node that reaches itself, is a cycle. Iterative, so deep graphs do not overflow.
 */
export function stronglyConnectedComponents(nodes: readonly string[], next: (n: string) => readonly string[]) {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; children: readonly string[]; i: number }> = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (top.i < top.children.length) {
        const child = top.children[top.i++];
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        const selfLoop = component.length === 1 && next(top.node).includes(top.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

function adjacency(pairs: Iterable<[string, string]>): (n: string) => string[] {
  const map = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (!map.has(a)) map.set(a, new Set());
    map.get(a)!.add(b);
  }
  return (n) => [...(map.get(n) ?? [])].sort();
}

/** Cycles between source files (type-only imports count: they are dependencies all the same). */
export function fileCycles(graph: ImportGraph): string[][] {
  const files = new Set(graph.files);
  const next = adjacency(graph.edges.filter((e) => files.has(e.to)).map((e) => [e.from, e.to] as [string, string]));
  return stronglyConnectedComponents(graph.files, next);
}

/**
 * Cycles between the modules of the layer table (`src/activities/` ↔ `src/input/team-spec/`):
 * two folders of one layer may use each other's files only one way round.
 */
export function moduleCycles(graph: ImportGraph, layers: readonly LayerEntry[] = LAYERS): string[][] {
  const pairs: Array<[string, string]> = [];
  for (const e of graph.edges) {
    const from = entryOf(e.from, layers);
    const to = entryOf(e.to, layers);
    if (from && to && from !== to) pairs.push([from.path, to.path]);
  }
  return stronglyConnectedComponents(
    layers.map((l) => l.path),
    adjacency(pairs),
  );
}

/** `@pulumi/*` imported by a file outside the folders allowed to import it. */
export function pulumiOutsideAllowed(graph: ImportGraph, allowed: readonly string[] = PULUMI_ALLOWED): string[] {
  return graph.edges
    .filter((e) => e.to.startsWith("@pulumi/") && !allowed.some((a) => e.from.startsWith(a)))
    .map((e) => `${e.from}:${e.line} imports ${e.to}`);
}

/**
 * Files loaded the moment `entry` is (static, non-type imports, transitively) that import
 * `@pulumi/*`: the package root and the CLI must reach Pulumi only through a dynamic `import()`.
 * Each offender comes with the chain that loads it.
 */
export function pulumiLoadedBy(graph: ImportGraph, entry: string): string[] {
  const files = new Set(graph.files);
  const out: string[] = [];
  const via = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const e of graph.edges) {
      if (e.from !== file || e.typeOnly || e.dynamic) continue;
      if (e.to.startsWith("@pulumi/")) {
        const chain: string[] = [e.to];
        for (let f: string | undefined = file; f; f = via.get(f)) chain.unshift(f);
        out.push(chain.join(" → "));
      } else if (files.has(e.to) && !via.has(e.to)) {
        via.set(e.to, file);
        queue.push(e.to);
      }
    }
  }
  return out;
}

/** Every problem of a graph, by check: what the layer test asserts empty. */
export function architectureProblems(graph: ImportGraph, layers: readonly LayerEntry[] = LAYERS) {
  return {
    unplaced: unplacedFiles(graph, layers),
    layerViolations: layerViolations(graph, layers),
    fileCycles: fileCycles(graph).map((c) => c.join(" ↔ ")),
    moduleCycles: moduleCycles(graph, layers).map((c) => c.join(" ↔ ")),
    pulumiOutsideAllowed: pulumiOutsideAllowed(graph),
    pulumiLoadedEagerly: PULUMI_FREE_ENTRIES.filter((e) => graph.files.includes(e)).flatMap((e) =>
      pulumiLoadedBy(graph, e),
    ),
  };
}
