/**
 * YAML as hostile input: limits the `yaml` package leaves to its caller.
 *
 * - Nesting. The parser recurses per level; thousands of `[` exhaust the stack, and near the limit
 *   V8 may abort the whole process instead of throwing. {@link yamlNestingProblem} scans the text
 *   first, in linear time, and reports where it goes deeper than {@link MAX_YAML_DEPTH}.
 * - Aliases. `Alias.resolve(doc)` searches the whole document for its anchor, so resolving every
 *   alias is quadratic (20,000 aliases: about 90 s), and a reader that walks an alias walks the
 *   anchored node again, so nested aliases expand exponentially ("billion laughs").
 *   {@link indexAliases} resolves every alias in one pass over the document and counts the nodes
 *   its aliases add when expanded, so a document whose aliases add more than
 *   {@link MAX_EXPANDED_NODES} is refused (at the alias that crosses the line) before it is read.
 *
 * - Duplicate keys. The package's own check compares each key with every earlier key of its mapping
 *   (quadratic: 100,000 keys in one mapping), and says nothing of where the first one was written.
 *
 * {@link parseBoundedYaml} is the one way ai-iam parses a YAML file (the spec, `.ai-iam-ignore.yaml`,
 * a Pulumi stack's configuration): each problem above is a located {@link YamlProblem}, and a
 * document with any error is not to be read. The defaults are far above any real spec (a spec nests
 * fewer than ten levels).
 *
 * The `yaml` package (about 70 modules) is loaded on the first parse, not with this module: checking
 * a policy file, which may look for an ignore file, does not pay for it.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { Document, LineCounter, Node, YAMLMap } from "yaml";
import { fastParseYaml } from "./fast-yaml.js";

let lib: typeof Yaml | undefined;
function yamlLib(): typeof Yaml {
  lib ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return lib;
}

export const MAX_YAML_DEPTH = 256;
export const MAX_EXPANDED_NODES = 2_000_000;

/**
 * Where the text nests deeper than `max` levels (an upper bound on YAML's nesting: open flow
 * brackets, plus the indentation and `- ` / `? ` indicators that start a line), or undefined.
 * Quoted scalars and comments are skipped.
 */
export function yamlNestingProblem(
  text: string,
  max = MAX_YAML_DEPTH,
): { line: number; column: number; depth: number } | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      block = 0;
      continue;
    }
    if (atLineStart) {
      // Indentation, then any number of `- ` / `? ` indicators.
      if (c === 32) continue;
      block = i - lineStart;
      let j = i;
      while (
        (text[j] === "-" || text[j] === "?") &&
        (text[j + 1] === " " || text[j + 1] === "\n" || j + 1 === text.length)
      ) {
        block++;
        j += 2;
        while (text[j] === " ") j++;
      }
      atLineStart = false;
      if (flow + block > max) return { line, column: i - lineStart + 1, depth: flow + block };
    }
    if (c === 35 && (i === lineStart || text[i - 1] === " " || text[i - 1] === "\t")) {
      // A comment: skip to the end of the line.
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i++;
    } else if (c === 34 || c === 39) {
      // A quoted scalar (it may span lines): `\"` escapes in double quotes, `''` in single ones.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 10) {
          line++;
          lineStart = i + 1;
        } else if (c === 34 && d === 92) i++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
      }
    } else if (c === 91 || c === 123) {
      flow++;
      if (flow + block > max) return { line, column: i - lineStart + 1, depth: flow + block };
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

export interface AliasIndex {
  /** Each alias → its anchored node; undefined when no anchor of that name was defined before it. */
  targets: Map<Node, Node | undefined>;
  /** The nodes some alias names (aliases inside the node they name aside). */
  aliased: Set<Node>;
  /** Aliases to no anchor defined before them. */
  unresolved: Node[];
  /** Aliases inside the node they name (a reader would loop). */
  cycles: Node[];
  /** Nodes a reader walks with every alias expanded (saturates above the limit). */
  expanded: number;
  /** Of those, the nodes the aliases add: the sum over the written aliases of their target's expanded size (saturates). */
  aliasNodes: number;
  /** The alias at which {@link AliasIndex.aliasNodes}, summed in document order, went over the limit. */
  overLimit?: Node;
}

/** An anchor's node, whether the walk is inside it, and its expanded size once walked. */
interface Anchor {
  node: Node;
  open: boolean;
  size: number;
}

/**
 * One pass over the document in document order (pre-order: an alias names the last anchor of that
 * name before it, as YAML defines): resolves every alias in constant time, finds the aliases inside
 * the node they name, and counts each anchored node's expanded size once, on the way back up (an
 * alias's target was written before it and is not its ancestor, so its size is known when the
 * alias is reached). Linear in the document's size, whatever its aliases expand to. The expanded
 * size is the written nodes plus, for each written alias, its target's expanded size; the alias at
 * which the aliases' share first goes over `limit` is {@link AliasIndex.overLimit}. `onMap` sees
 * every mapping once (the reader's duplicate-key check rides on this pass). Call it on text that
 * passed {@link yamlNestingProblem}: the walk recurses once per level.
 */
export function indexAliases(
  doc: Document,
  limit = MAX_EXPANDED_NODES,
  onMap?: (map: YAMLMap<unknown, unknown>) => void,
): AliasIndex {
  const { isAlias, isCollection, isMap, isPair } = yamlLib();
  const targets = new Map<Node, Node | undefined>();
  const aliased = new Set<Node>();
  const unresolved: Node[] = [];
  const cycles: Node[] = [];
  const anchors = new Map<string, Anchor>();
  const cap = (n: number) => (n > limit ? limit + 1 : n);
  let aliasNodes = 0;
  let overLimit: Node | undefined;
  const walk = (value: unknown): number => {
    if (!value || typeof value !== "object") return 0;
    if (isPair(value)) return cap(walk(value.key) + walk(value.value));
    const n = value as Node;
    if (isAlias(n)) {
      const anchor = anchors.get(n.source);
      targets.set(n, anchor?.node);
      if (!anchor) unresolved.push(n);
      else if (anchor.open) cycles.push(n);
      else {
        aliased.add(anchor.node);
        aliasNodes = cap(aliasNodes + anchor.size);
        if (aliasNodes > limit) overLimit ??= n;
        return anchor.size;
      }
      return 1;
    }
    const anchor: Anchor | undefined = n.anchor ? { node: n, open: true, size: 1 } : undefined;
    if (anchor) anchors.set(n.anchor as string, anchor);
    let s = 1;
    if (isCollection(n)) {
      if (onMap && isMap(n)) onMap(n);
      for (const item of n.items) s = cap(s + walk(item));
    }
    if (anchor) {
      anchor.open = false;
      anchor.size = s;
    }
    return s;
  };
  const expanded = walk(doc.contents);
  return { targets, aliased, unresolved, cycles, expanded, aliasNodes, ...(overLimit ? { overLimit } : {}) };
}

/** One problem of a YAML text: where it is (1-based), what it is, and whether it stops reading. */
export interface YamlProblem {
  kind: "syntax" | "nesting" | "alias" | "duplicate-key";
  severity: "error" | "warning";
  line: number;
  column: number;
  /** One line, without a `YAML:` prefix (each reader adds its own). */
  message: string;
}

export interface BoundedYaml {
  /** The document; absent when the text nests too deeply to be parsed. */
  doc?: Document.Parsed;
  /** Where each offset is (`lines.linePos(offset)`). */
  lines: LineCounter;
  /** In the order found: nesting, else the parser's errors and warnings, then duplicate keys and aliases. */
  problems: YamlProblem[];
  /** Whether any problem is an error: then nothing of the document is to be read. */
  failed: boolean;
  /** Each alias → the node it names (`isAliasTarget`-style reuse: `aliased`). Empty when failed. */
  targets: ReadonlyMap<unknown, Node | undefined>;
  /** The nodes some alias names. */
  aliased: ReadonlySet<Node>;
}

export interface BoundedYamlOptions {
  maxDepth?: number;
  maxExpandedNodes?: number;
  /** `false`: parse with the `yaml` package only, not the fast path first (tests compare the two). */
  fastPath?: boolean;
}

/**
 * Parses `text` within the limits above: nesting is checked on the text first (linear; the parser
 * recurses per level), then the document is parsed with duplicate keys left to one linear pass that
 * also resolves every alias, finds aliases to no earlier anchor or inside the node they name, and
 * counts what aliases expand to. The parse swaps `process.env` for a plain object of the two
 * variables the package reads (`LOG_TOKENS`, `LOG_STREAM`): the parser reads `process.env.LOG_TOKENS`
 * once per token, and Node answers each read through a native interceptor (about a sixth of the
 * parse of 1 MB); a full copy of the environment cost more than the parse of a small file (a spec
 * folder of 5,000 files: about 0.4 s). The parse is synchronous, so no other code runs meanwhile.
 * Before it, the text is offered to the fast path (`fast-yaml.ts`), which builds the same document
 * in one linear pass when the text is in its plain subset and otherwise leaves it, untouched, to
 * `parseDocument`; the checks after the parse are the same either way.
 */
export function parseBoundedYaml(text: string, options: BoundedYamlOptions = {}): BoundedYaml {
  const { LineCounter: Lines, isScalar, parseDocument } = yamlLib();
  const maxDepth = options.maxDepth ?? MAX_YAML_DEPTH;
  const maxNodes = options.maxExpandedNodes ?? MAX_EXPANDED_NODES;
  let lines = new Lines();
  const problems: YamlProblem[] = [];
  const none = { targets: new Map(), aliased: new Set<Node>() };
  const deep = yamlNestingProblem(text, maxDepth);
  if (deep) {
    problems.push({
      kind: "nesting",
      severity: "error",
      line: deep.line,
      column: deep.column,
      message: `nesting deeper than ${maxDepth} levels`,
    });
    return { lines, problems, failed: true, ...none };
  }
  let doc: Document.Parsed;
  const fast = options.fastPath === false ? undefined : fastParseYaml(text, yamlLib());
  if (fast) {
    doc = fast.doc;
    lines = fast.lines;
  } else {
    const env = process.env;
    try {
      process.env = {
        ...(env.LOG_TOKENS !== undefined ? { LOG_TOKENS: env.LOG_TOKENS } : {}),
        ...(env.LOG_STREAM !== undefined ? { LOG_STREAM: env.LOG_STREAM } : {}),
      };
      doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    } finally {
      process.env = env;
    }
  }
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  for (const e of [...doc.errors, ...doc.warnings]) {
    problems.push({
      kind: "syntax",
      severity: e.name === "YAMLWarning" ? "warning" : "error",
      ...at(e.pos[0]),
      message: e.message.split("\n")[0] ?? e.message,
    });
  }
  if (doc.errors.length > 0) return { doc, lines, problems, failed: true, ...none };
  let failed = false;
  const found = (node: Node, kind: YamlProblem["kind"], message: string) => {
    failed = true;
    problems.push({ kind, severity: "error", ...at(node.range?.[0]), message });
  };
  const index = indexAliases(doc, maxNodes, (map) => {
    let seen: Map<string, Node> | undefined;
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      if (!key || !isScalar(key)) continue;
      const name = String(key.value);
      seen ??= new Map();
      const first = seen.get(name);
      if (!first) {
        seen.set(name, key);
        continue;
      }
      const was = at(first.range?.[0]);
      found(
        key,
        "duplicate-key",
        `key "${name}" is written twice in one mapping: here and at line ${was.line}, column ${was.column}.`,
      );
    }
  });
  for (const alias of index.unresolved) {
    const source = (alias as Yaml.Alias).source;
    found(alias, "alias", `alias *${source} names no anchor &${source} defined before it.`);
  }
  for (const alias of index.cycles) {
    const source = (alias as Yaml.Alias).source;
    found(alias, "alias", `alias *${source} is inside the node &${source} it names.`);
  }
  if (index.overLimit) {
    const source = (index.overLimit as Yaml.Alias).source;
    found(
      index.overLimit,
      "alias",
      `aliases expand to more than ${maxNodes.toLocaleString("en-US")} nodes at alias *${source} ` +
        '(anchors aliased within anchors multiply: a "billion laughs").',
    );
  }
  return failed
    ? { doc, lines, problems, failed, ...none }
    : { doc, lines, problems, failed, targets: index.targets, aliased: index.aliased };
}
