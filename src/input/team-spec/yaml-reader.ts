import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import { withSuggestion } from "../../diagnostics/did-you-mean.js";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../../diagnostics/index.js";
import { parseBoundedYaml, type YamlProblem } from "../files/yaml-limits.js";

/** The spec's diagnostic code of each kind of YAML problem. */
const PROBLEM_CODES: Record<YamlProblem["kind"], DiagnosticCode> = {
  syntax: "spec-yaml-syntax",
  nesting: "spec-yaml-syntax",
  alias: "spec-yaml-alias",
  "duplicate-key": "spec-duplicate-key",
};

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
  /** Each alias → the node it names, when it names one (see `parseBoundedYaml`). */
  private readonly aliases: ReadonlyMap<unknown, Node | undefined>;
  /** The nodes some alias names. */
  private readonly targets: ReadonlySet<Node>;

  /**
   * The file could not be read as YAML (a syntax error, nesting too deep, a duplicate key, an
   * unresolvable alias, aliases that expand too far): `root` is null and what the file may have
   * written after the error is not reported as missing.
   */
  readonly failed: boolean;

  constructor(text: string, file: string, diagnostics: Diagnostic[]) {
    this.file = file;
    this.text = text;
    this.diagnostics = diagnostics;
    // Bounded: nesting, duplicate keys and aliases are checked in linear time (files/yaml-limits.ts).
    const parsed = parseBoundedYaml(text);
    this.lines = parsed.lines;
    for (const p of parsed.problems) {
      diagnostics.push({
        code: PROBLEM_CODES[p.kind],
        severity: p.severity,
        message: `YAML: ${p.message}`,
        file,
        line: p.line,
        column: p.column,
      });
    }
    this.failed = parsed.failed;
    this.aliases = parsed.targets;
    this.targets = parsed.aliased;
    this.root = parsed.failed || !parsed.doc ? null : (parsed.doc.contents as Node | null);
  }

  /** Whether the file uses aliases (then one node may be read, and a problem in it reported, at many paths). */
  get hasAliases(): boolean {
    return this.targets.size > 0;
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
