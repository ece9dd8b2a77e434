/**
 * The API report: every name the package's entry points (`ai-iam`, `ai-iam/pulumi`) export, with
 * its declared signature as the published `.d.ts` states it, and every declaration an export
 * reaches without exporting it (changing one of those changes the API as much). Declarations are
 * emitted in memory with the TypeScript compiler, exactly as `npm run build` writes them, so the
 * report needs no build. `npm run api` rewrites api/ai-iam.api.md; test/architecture/
 * api-report.test.ts fails when the report is not what the sources declare.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const ENTRY_POINTS: ReadonlyArray<{ name: string; source: string }> = [
  { name: "ai-iam", source: "src/index.ts" },
  { name: "ai-iam/pulumi", source: "src/deploy/index.ts" },
];

export const REPORT_FILE = "api/ai-iam.api.md";

/**
 * A compiler host that parses each library file (`@pulumi/aws` alone is thousands) once for both
 * programs the report needs.
 */
function cachingHost(options: ts.CompilerOptions, cache: Map<string, ts.SourceFile>): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError) => {
    const key = resolve(file);
    let sf = cache.get(key);
    if (!sf) {
      sf = read(file, lang, onError);
      if (sf && key.includes(`${sep}node_modules${sep}`)) cache.set(key, sf);
    }
    return sf;
  };
  return host;
}

/** The `.d.ts` text of every source the entry points reach, keyed by absolute path under `outDir`. */
function emitDeclarations(root: string, outDir: string, cache: Map<string, ts.SourceFile>): Map<string, string> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, "src"),
    outDir,
  };
  const host = cachingHost(options, cache);
  const program = ts.createProgram(
    ENTRY_POINTS.map((e) => join(root, e.source)),
    options,
    host,
  );
  const out = new Map<string, string>();
  // Type errors are `npm run lint`'s to report; here only what stops the declarations.
  const result = program.emit(undefined, (file, text) => out.set(resolve(file), text), undefined, true);
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (result.emitSkipped || errors.length > 0) throw new Error(ts.formatDiagnostics(errors, host));
  return out;
}

/** A program over the emitted declarations (the rest, libraries, from disk). */
function declarationProgram(
  root: string,
  outDir: string,
  files: Map<string, string>,
  cache: Map<string, ts.SourceFile>,
) {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  };
  const host = cachingHost(options, cache);
  const inMemory = (f: string) => files.get(resolve(f));
  const dirs = new Set([...files.keys()].flatMap((f) => ancestors(dirname(f), outDir)));
  const base = { ...host };
  host.fileExists = (f) => inMemory(f) !== undefined || base.fileExists(f);
  host.readFile = (f) => inMemory(f) ?? base.readFile(f);
  host.directoryExists = (d) => dirs.has(resolve(d)) || (base.directoryExists?.(d) ?? false);
  host.getSourceFile = (f, lang, onError) => {
    const text = inMemory(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : base.getSourceFile(f, lang, onError);
  };
  host.getCurrentDirectory = () => root;
  const entries = ENTRY_POINTS.map((e) => join(outDir, relative("src", e.source).replace(/\.ts$/, ".d.ts")));
  return { program: ts.createProgram(entries, options, host), entries };
}

function ancestors(dir: string, stop: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); d.startsWith(resolve(stop)); d = dirname(d)) out.push(d);
  return out;
}

/** Whether a declaration lives in one of our emitted files (not a library's). */
function isOurs(node: ts.Node, outDir: string): boolean {
  return resolve(node.getSourceFile().fileName).startsWith(resolve(outDir) + sep);
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** A declaration as the report shows it: printed without comments, `export`/`declare` dropped. */
function printDeclaration(node: ts.Node): string {
  let target: ts.Node = node;
  // A `const` is declared in a statement: print the statement, which says `const`.
  if (ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent)) target = node.parent.parent;
  const text = printer.printNode(ts.EmitHint.Unspecified, target, node.getSourceFile());
  return text.replace(/^export (default )?/, "").replace(/^declare /, "");
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Every symbol a declaration names in its types (`Foo` in `x: Foo<Bar>`, `typeof y`, `extends Z`). */
function referencedSymbols(checker: ts.TypeChecker, node: ts.Node): ts.Symbol[] {
  const out: ts.Symbol[] = [];
  const visit = (n: ts.Node): void => {
    let name: ts.Node | undefined;
    if (ts.isTypeReferenceNode(n)) name = n.typeName;
    else if (ts.isExpressionWithTypeArguments(n)) name = n.expression;
    else if (ts.isTypeQueryNode(n)) name = n.exprName;
    else if (ts.isImportTypeNode(n)) name = n.qualifier;
    if (name) {
      const s = checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
      if (s) out.push(resolveAlias(checker, s));
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** The report's text: per entry point, each export's declarations; then what they reach unexported. */
export function apiReport(root = process.cwd()): string {
  const outDir = join(root, ".api-report-virtual");
  const cache = new Map<string, ts.SourceFile>();
  const files = emitDeclarations(root, outDir, cache);
  const { program, entries } = declarationProgram(root, outDir, files, cache);
  const checker = program.getTypeChecker();
  const exported = new Set<ts.Symbol>();
  const sections: string[] = [];
  const queue: ts.Symbol[] = [];

  ENTRY_POINTS.forEach((entry, i) => {
    const sf = program.getSourceFile(entries[i]);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) throw new Error(`no module for ${entry.source}`);
    const blocks: string[] = [];
    const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name));
    for (const symbol of exports) {
      const target = resolveAlias(checker, symbol);
      exported.add(target);
      const decls = target.declarations ?? [];
      const named = target.name === symbol.name ? "" : ` (declared as ${target.name})`;
      blocks.push(`// ${symbol.name}${named}\n${decls.map(printDeclaration).join("\n")}`);
      for (const d of decls) queue.push(...referencedSymbols(checker, d));
    }
    sections.push(`## \`${entry.name}\` (${entry.source})\n\n\`\`\`ts\n${blocks.join("\n\n")}\n\`\`\``);
  });

  // Declarations the API reaches without exporting them, transitively.
  const reached = new Map<string, string>();
  const seen = new Set<ts.Symbol>();
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (seen.has(s) || exported.has(s)) continue;
    seen.add(s);
    const decls = (s.declarations ?? []).filter((d) => isOurs(d, outDir));
    if (decls.length === 0 || decls.some((d) => ts.isTypeParameterDeclaration(d))) continue;
    const file = relative(outDir, decls[0].getSourceFile().fileName).split(sep).join("/");
    reached.set(
      `${file} ${s.name}`,
      `// ${s.name} (src/${file.replace(/\.d\.ts$/, ".ts")})\n${decls.map(printDeclaration).join("\n")}`,
    );
    for (const d of decls) queue.push(...referencedSymbols(checker, d));
  }
  const unexported = [...reached.keys()].sort().map((k) => reached.get(k)!);
  if (unexported.length > 0) {
    sections.push(
      `## Reached from an export, not exported\n\nChanging one of these changes the API too.\n\n\`\`\`ts\n${unexported.join("\n\n")}\n\`\`\``,
    );
  }
  return (
    "# API report\n\n" +
    "<!-- Generated by `npm run api` (scripts/api-report.ts) from the declarations the sources emit. Do not edit. -->\n\n" +
    `${sections.join("\n\n")}\n`
  );
}

/** The exported runtime names of an entry point, from its report section (for the README test). */
export function reportedNames(report: string, entry: string): string[] {
  const start = report.indexOf(`## \`${entry}\``);
  const end = report.indexOf("```\n", report.indexOf("```ts", start) + 1);
  return [...report.slice(start, end).matchAll(/^\/\/ (\S+)/gm)].map((m) => m[1]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const file = join(root, REPORT_FILE);
  const next = apiReport(root);
  let previous: string | undefined;
  try {
    previous = readFileSync(file, "utf8");
  } catch {}
  writeFileSync(file, next);
  process.stdout.write(`${REPORT_FILE} ${previous === next ? "unchanged" : "updated"}\n`);
}
