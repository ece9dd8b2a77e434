import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import { withSuggestion } from "../../diagnostics/did-you-mean.js";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../../diagnostics/index.js";
import { indexAliases, MAX_EXPANDED_NODES, MAX_YAML_DEPTH, yamlNestingProblem } from "./yaml-limits.js";

/**
 * `parseDocument`, duplicate keys left to the reader (it names both places). For the parse only,
 * `process.env` is a plain copy of itself: the yaml package's parser reads
 * `process.env.LOG_TOKENS` once per token, and Node's `process.env` answers each read through a
 * native interceptor, which made about a sixth of the parse of a 1 MB spec (700,000 tokens: about
 * 0.3 s of CPU). The parse is synchronous, so no other code runs while the copy is in place.
 */
function parseQuickly(text: string, lineCounter: LineCounter): Document.Parsed {
  const env = process.env;
  try {
    process.env = { ...env };
    return parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } finally {
    process.env = env;
  }
}

/** A key of a YAML mapping with its value node and where the key was written. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
  path: string;
}

/**
 * One YAML file being read into a spec: every accessor checks the node's type and reports a
 * located diagnostic (file, line, column, path) instead of throwing, then returns `undefined` so
 * that reading goes on and every problem is reported together.
 */
export class YamlReader {
  readonly file: string;
  readonly text: string;
  readonly diagnostics: Diagnostic[];
  readonly root: Node | null;
  private readonly lines: LineCounter;
  /** Each alias → the node it names, when it names one (see `checkKeysAndAliases`). */
  private aliases: ReadonlyMap<unknown, Node | undefined> = new Map();
  /** The nodes some alias names. */
  private targets: ReadonlySet<Node> = new Set();
  private readonly doc: Document.Parsed;

  /**
   * The file could not be read as YAML (a syntax error, a duplicate key, an unresolvable alias):
   * `root` is null and what the file may have written after the error is not reported as missing.
   */
  readonly failed: boolean;

  constructor(text: string, file: string, diagnostics: Diagnostic[]) {
    this.file = file;
    this.text = text;
    this.diagnostics = diagnostics;
    this.lines = new LineCounter();
    // Nesting is checked on the text first (linear): the parser recurses per level, and thousands
    // of `[` made it overflow the stack (hundreds of MB and seconds for a few hundred kB).
    const deep = yamlNestingProblem(text);
    if (deep) {
      diagnostics.push({
        code: "spec-yaml-syntax",
        severity: "error",
        message: `YAML: nesting deeper than ${MAX_YAML_DEPTH} levels`,
        file,
        line: deep.line,
        column: deep.column,
      });
      this.doc = parseDocument("");
      this.failed = true;
      this.root = null;
      return;
    }
    // Duplicate keys are found below, where both places can be named.
    this.doc = parseQuickly(text, this.lines);
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const { line, col } = this.lines.linePos(e.pos[0]);
      const first = e.message.split("\n")[0];
      diagnostics.push({
        code: "spec-yaml-syntax",
        severity: e.name === "YAMLWarning" ? "warning" : "error",
        message: `YAML: ${first}`,
        file,
        line,
        column: col,
      });
    }
    this.failed = this.doc.errors.length > 0 || this.checkKeysAndAliases();
    this.root = this.failed ? null : (this.doc.contents as Node | null);
  }

  /**
   * A key written twice in one mapping (the reader's spelling: `1` and `"1"` are one key), an alias
   * to an anchor not defined before it, an alias inside the node it names, aliases that expand to
   * more than {@link MAX_EXPANDED_NODES} nodes: each a located error. The yaml package resolves
   * aliases lazily and reports none of these itself: read as nothing, an unresolved alias would pass
   * silently (or as a misleading type error). True when any was found. One linear pass
   * (`indexAliases`): the yaml package's own `Alias.resolve` searches the whole document each time
   * (quadratic in the number of aliases), and a reader that follows aliases walks each anchored
   * node once per alias, so nested aliases ("billion laughs") are refused before reading.
   */
  private checkKeysAndAliases(): boolean {
    let found = false;
    const report = (node: Node, code: DiagnosticCode, message: string) => {
      found = true;
      this.diagnostics.push({ code, severity: "error", message: `YAML: ${message}`, ...this.loc(node) });
    };
    const index = indexAliases(this.doc, MAX_EXPANDED_NODES, (map) => {
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
        const at = this.loc(first);
        report(
          key,
          "spec-duplicate-key",
          `key "${name}" is written twice in one mapping: here and at line ${at.line}, column ${at.column}.`,
        );
      }
    });
    for (const alias of index.unresolved) {
      const source = (alias as Alias).source;
      report(alias, "spec-yaml-alias", `alias *${source} names no anchor &${source} defined before it.`);
    }
    for (const alias of index.cycles) {
      const source = (alias as Alias).source;
      report(alias, "spec-yaml-alias", `alias *${source} is inside the node &${source} it names.`);
    }
    this.aliases = index.targets;
    this.targets = index.aliased;
    if (index.overLimit) {
      const source = (index.overLimit as Alias).source;
      report(
        index.overLimit,
        "spec-yaml-alias",
        `aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString("en-US")} nodes at alias *${source} ` +
          '(anchors aliased within anchors multiply: a "billion laughs").',
      );
    }
    return found;
  }

  /** Whether an alias names this node: a reader may read it once and reuse what it read. */
  isAliasTarget(node: Node | null): boolean {
    return node !== null && this.targets.has(node);
  }

  /** Where a node was written (its start). */
  loc(node: Node | null | undefined): SourceLocation {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file: this.file, line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  error(node: Node | null | undefined, code: DiagnosticCode, message: string, path: string, hint?: string): void {
    this.diagnostics.push({ code, severity: "error", message, path, ...this.loc(node), ...(hint ? { hint } : {}) });
  }

  warn(node: Node | null | undefined, code: DiagnosticCode, message: string, path: string, hint?: string): void {
    this.diagnostics.push({ code, severity: "warning", message, path, ...this.loc(node), ...(hint ? { hint } : {}) });
  }

  private resolve(node: Node | null): Node | null {
    if (node && isAlias(node)) return this.aliases.get(node) ?? null;
    return node;
  }

  /** The entries of a mapping, checking keys against `allowed` (when given) with a "did you mean". */
  map(node: Node | null, path: string, what: string, allowed?: readonly string[]): Entry[] | undefined {
    const n = this.resolve(node);
    if (!n || !isMap(n)) {
      this.error(n ?? node, "spec-invalid-type", `${what} must be a mapping (key: value).`, path);
      return undefined;
    }
    const out: Entry[] = [];
    for (const pair of n.items) {
      const keyNode = pair.key as Node;
      if (!isScalar(keyNode) || (typeof keyNode.value !== "string" && typeof keyNode.value !== "number")) {
        this.error(keyNode, "spec-invalid-type", `Keys of ${what} must be plain names.`, path);
        continue;
      }
      const key = String(keyNode.value);
      const p = `${path}/${key}`;
      if (allowed && !allowed.includes(key)) {
        this.error(
          keyNode,
          "spec-unknown-field",
          withSuggestion(`Unknown field "${key}" in ${what}.`, key, allowed),
          p,
          `Allowed fields: ${allowed.join(", ")}.`,
        );
        continue;
      }
      out.push({ key, keyNode, value: this.resolve((pair.value as Node | null) ?? null), path: p });
    }
    return out;
  }

  /** The items of a sequence. */
  seq(node: Node | null, path: string, what: string): Array<{ node: Node | null; path: string }> | undefined {
    const n = this.resolve(node);
    if (!n || !isSeq(n)) {
      this.error(n ?? node, "spec-invalid-type", `${what} must be a list.`, path);
      return undefined;
    }
    return n.items.map((item, i) => ({ node: this.resolve(item as Node | null), path: `${path}/${i}` }));
  }

  isSeq(node: Node | null): boolean {
    const n = this.resolve(node);
    return Boolean(n && isSeq(n));
  }

  isMap(node: Node | null): boolean {
    const n = this.resolve(node);
    return Boolean(n && isMap(n));
  }

  /** A string scalar (numbers are refused: quote them), optionally checked against a pattern. */
  string(node: Node | null, path: string, what: string, check?: { re: RegExp; expected: string }): string | undefined {
    if (!node || !isScalar(node) || typeof node.value !== "string") {
      const got = node && isScalar(node) ? typeof node.value : node ? "a collection" : "nothing";
      this.error(node, "spec-invalid-type", `${what} must be a string, got ${got}.`, path);
      return undefined;
    }
    if (check && !check.re.test(node.value)) {
      this.error(node, "spec-invalid-value", `${what} "${node.value}" is not ${check.expected}.`, path);
      return undefined;
    }
    return node.value;
  }

  /** The text of a scalar exactly as written (for account ids written without quotes). */
  sourceText(node: Node): string {
    const r = node.range;
    return r ? this.text.slice(r[0], r[1]).trim() : "";
  }

  boolean(node: Node | null, path: string, what: string): boolean | undefined {
    if (!node || !isScalar(node) || typeof node.value !== "boolean") {
      this.error(node, "spec-invalid-type", `${what} must be true or false.`, path);
      return undefined;
    }
    return node.value;
  }

  integer(node: Node | null, path: string, what: string, min: number, max: number): number | undefined {
    if (!node || !isScalar(node) || typeof node.value !== "number" || !Number.isInteger(node.value)) {
      this.error(node, "spec-invalid-type", `${what} must be a whole number.`, path);
      return undefined;
    }
    if (node.value < min || node.value > max) {
      this.error(node, "spec-invalid-value", `${what} must be between ${min} and ${max}, got ${node.value}.`, path);
      return undefined;
    }
    return node.value;
  }

  /** A list of strings; a single string is accepted as a list of one. */
  strings(node: Node | null, path: string, what: string, check?: { re: RegExp; expected: string }): string[] {
    if (node && isScalar(node) && typeof node.value === "string") {
      const v = this.string(node, path, what, check);
      return v === undefined ? [] : [v];
    }
    const items = this.seq(node, path, what);
    if (!items) return [];
    const out: string[] = [];
    for (const [i, item] of items.entries()) {
      const v = this.string(item.node, item.path, `${what}[${i}]`, check);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}
