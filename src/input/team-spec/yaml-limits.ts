/**
 * YAML as hostile input: limits the `yaml` package leaves to its caller.
 *
 * - Nesting. The parser recurses per level; thousands of `[` exhaust the stack, and near the limit
 *   V8 may abort the whole process instead of throwing. {@link yamlNestingProblem} scans the text
 *   first, in linear time, and reports where it goes deeper than {@link MAX_YAML_DEPTH}.
 * - Aliases. `Alias.resolve(doc)` searches the whole document for its anchor, so resolving every
 *   alias is quadratic (20,000 aliases: about 90 s), and a reader that walks an alias walks the
 *   anchored node again, so nested aliases expand exponentially ("billion laughs").
 *   {@link indexAliases} resolves every alias in one pass over the document and counts the nodes a
 *   reader walks with every alias expanded, so a document over {@link MAX_EXPANDED_NODES} is
 *   refused before it is read.
 *
 * The defaults are far above any real spec (a spec nests fewer than ten levels).
 */
import { type Document, isAlias, isCollection, isPair, type Node, visit } from "yaml";

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
  /** Each alias's anchored node; undefined when no anchor of that name was defined before it. */
  targets: Map<Node, Node | undefined>;
  /** Aliases inside the node they name (a reader would loop). */
  cycles: Node[];
  /** Nodes a reader walks with every alias expanded (saturates above the limit). */
  expanded: number;
  /** The first alias whose expansion went over the limit. */
  overLimit?: Node;
}

/**
 * Resolves every alias in one pass, in document order (an alias names the last anchor of that
 * name before it, as YAML defines), then counts the expanded size in a second, memoized pass.
 * Linear in the document's size. Call it on text that passed {@link yamlNestingProblem}: the
 * count recurses once per level.
 */
export function indexAliases(doc: Document, limit = MAX_EXPANDED_NODES): AliasIndex {
  const targets = new Map<Node, Node | undefined>();
  const cycles: Node[] = [];
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node, path) => {
      const n = node as Node;
      if (isAlias(n)) {
        const target = anchors.get(n.source);
        targets.set(n, target);
        if (target && (path as readonly unknown[]).includes(target)) cycles.push(n);
      } else if (n.anchor) anchors.set(n.anchor, n);
    },
  });
  const cyclic = new Set(cycles);
  const sizes = new Map<Node, number>();
  let overLimit: Node | undefined;
  const cap = (n: number, at: Node) => {
    if (n > limit) {
      overLimit ??= at;
      return limit + 1;
    }
    return n;
  };
  const sizeOf = (value: unknown): number => {
    if (!value || typeof value !== "object") return 0;
    if (isPair(value)) return cap(sizeOf(value.key) + sizeOf(value.value), value.value as Node);
    const n = value as Node;
    if (isAlias(n)) {
      const target = targets.get(n);
      return !target || cyclic.has(n) ? 1 : cap(sizes.get(target) ?? sizeOf(target), n);
    }
    const known = sizes.get(n);
    if (known !== undefined) return known;
    let s = 1;
    if (isCollection(n)) for (const item of n.items) s = cap(s + sizeOf(item), n);
    sizes.set(n, s);
    return s;
  };
  const expanded = sizeOf(doc.contents);
  return { targets, cycles, expanded, ...(expanded > limit && overLimit ? { overLimit } : {}) };
}
