/**
 * ai-iam's layers, as data: the one table the architecture test (layers.test.ts) enforces and the
 * README's "Architecture" section shows. An import may point only to a lower layer or within its
 * own layer; no file imports itself back through others, and no two modules of the table use each
 * other. A file belongs to the longest entry whose path contains it.
 */
export interface LayerEntry {
  layer: number;
  /** A folder (ends with `/`) or a single file, relative to the repository root. */
  path: string;
  owns: string;
}

export const LAYERS: readonly LayerEntry[] = [
  { layer: 0, path: "src/diagnostics/", owns: "the Diagnostic type, DiagnosticsError, sorting and formatting" },
  { layer: 0, path: "src/version.ts", owns: "ai-iam's version and the AWS data's" },
  { layer: 0, path: "src/util/", owns: "small data structures every layer may use (BoundedMap)" },
  {
    layer: 1,
    path: "src/policy/",
    owns: "policy documents: parse with positions, normalize, canonical JSON, size, ARNs",
  },
  { layer: 1, path: "src/catalog/", owns: "the AWS service authorization data (iam-data)" },
  { layer: 2, path: "src/engine/", owns: "the concrete evaluator (the oracle)" },
  { layer: 3, path: "src/model/", owns: "AccessModel types and helpers, planned resources, the model → engine bridge" },
  { layer: 4, path: "src/input/files/", owns: "reading user files: regular files only, within size limits" },
  { layer: 4, path: "src/input/team-spec/", owns: "the team spec: schema, loading, diagnostics" },
  { layer: 4, path: "src/input/capture/", owns: "a Pulumi program under mocks → AccessModel" },
  { layer: 4, path: "src/input/policy-files/", owns: "policy JSON files → documents, their kind" },
  { layer: 4, path: "src/input/account/", owns: "an exported account → AccessModel" },
  { layer: 5, path: "src/activities/", owns: "the AI activity library" },
  { layer: 5, path: "src/compile/", owns: "Spec → AccessModel" },
  { layer: 6, path: "src/analysis/", owns: "analyses over a model" },
  { layer: 6, path: "src/analysis/checks/", owns: "rules, their runner, suppressions" },
  { layer: 6, path: "src/analysis/review/", owns: "access tests, who-can, can, matrix, diff" },
  { layer: 6, path: "src/analysis/prover/", owns: "exact reasoning with Z3" },
  { layer: 7, path: "src/analysis/usage/", owns: "CloudTrail records against a model: used and unused access" },
  { layer: 7, path: "src/analysis/draft-spec/", owns: "a draft team spec from an imported account" },
  { layer: 8, path: "src/report/", owns: "renderers" },
  { layer: 8, path: "src/scaffold/", owns: "init's scaffold: templates filled in, verified, planned against a folder" },
  { layer: 9, path: "src/cli/", owns: "commands: parse options, call one library function, render" },
  { layer: 9, path: "src/deploy/", owns: "the Pulumi components (ai-iam/pulumi)" },
  { layer: 9, path: "src/index.ts", owns: "the package root: the documented library API" },
];

/** The only folders whose files may import `@pulumi/*`. */
export const PULUMI_ALLOWED: readonly string[] = ["src/input/capture/", "src/deploy/"];

/** Entry points that must load no `@pulumi/*` module until a command asks for it (dynamic import). */
export const PULUMI_FREE_ENTRIES: readonly string[] = ["src/index.ts", "src/cli/bin.ts", "src/cli/main.ts"];

/**
 * The code around the product, outside `src/`, as data: what each part may import from the
 * repository (packages aside), and whether it may import `@pulumi/*`. Beyond this table, `src/`
 * imports none of these parts (the product never depends on its tests, benchmarks or tools) and no
 * file imports a `*.test.ts` (that would run its tests again inside another file's process).
 */
export interface OutsideEntry {
  /** A folder (ends with `/`) or a single file, relative to the repository root. */
  path: string;
  owns: string;
  /** Folders and files this part may import from (prefixes, as `path`). */
  mayImport: readonly string[];
  /** May import `@pulumi/*` (a Pulumi program, the policy pack, tests and benchmarks of them). */
  pulumi: boolean;
}

/** The library: every layer but the CLI (benchmarks, tools and the policy pack call no command). */
export const LIBRARY: readonly string[] = LAYERS.map((l) => l.path).filter((p) => p !== "src/cli/");

/** What a user installs: the package root and `ai-iam/pulumi` (package.json's `exports`). */
export const PUBLIC_ENTRIES: readonly string[] = ["src/index.ts", "src/deploy/index.ts"];

export const OUTSIDE_SRC: readonly OutsideEntry[] = [
  { path: "index.ts", owns: "the root Pulumi program", mayImport: ["src/deploy/"], pulumi: true },
  { path: "policypack/", owns: "the CrossGuard policy pack", mayImport: ["policypack/", ...LIBRARY], pulumi: true },
  {
    path: "examples/",
    owns: "example programs a user copies",
    mayImport: ["examples/", ...PUBLIC_ENTRIES],
    pulumi: true,
  },
  { path: "bench/", owns: "the benchmarks (npm run bench)", mayImport: ["bench/", "test/", ...LIBRARY], pulumi: true },
  {
    path: "scripts/",
    owns: "generators of docs tables and the API report",
    mayImport: ["scripts/", "test/", ...LIBRARY],
    pulumi: false,
  },
  {
    path: "test/",
    owns: "tests, their helpers, fixtures and corpora",
    mayImport: ["test/", "src/", "policypack/", "scripts/", "examples/", "index.ts"],
    pulumi: true,
  },
];

/**
 * Files the dependency test does not read: the Pulumi programs capture is tested on are users'
 * code, read as input (biome and tsconfig skip them too); their installer beside them is ours.
 */
export const NOT_OURS: readonly RegExp[] = [/^test\/fixtures\/programs\/[^/]+\//];
