/**
 * The fast path's property, shared by the unit tests, the property test and the fuzz target: when
 * `fastParseYaml` accepts a text, what it gives equals what `parseDocument` gives — no errors or
 * warnings there, the same `toJS()`, the same node tree (kinds, every range, anchors, alias
 * sources, scalar values, types, sources and formats, flow flags), the same document range and the
 * same line starts.
 */
import { isDeepStrictEqual } from "node:util";
import * as yaml from "yaml";
import { fastParseYaml } from "../../../src/input/files/fast-yaml.js";

export type FastOutcome = { accepted: boolean; difference?: string };

/** Parses `text` both ways; `difference` says where they part when the fast path accepted it. */
export function compareFast(text: string): FastOutcome {
  const fast = fastParseYaml(text, yaml);
  if (!fast) return { accepted: false };
  const lines = new yaml.LineCounter();
  const ref = yaml.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const problems = [...ref.errors, ...ref.warnings];
  if (problems.length > 0) return { accepted: true, difference: `yaml reports: ${problems[0]?.message}` };
  if (!isDeepStrictEqual(fast.lines.lineStarts, lines.lineStarts)) return { accepted: true, difference: "lineStarts" };
  if (!isDeepStrictEqual(fast.doc.range, ref.range))
    return { accepted: true, difference: `doc.range ${fast.doc.range} vs ${ref.range}` };
  const d = diff(fast.doc.contents, ref.contents, "$");
  if (d) return { accepted: true, difference: d };
  const js = (doc: yaml.Document) => {
    try {
      return { ok: doc.toJS({ maxAliasCount: -1 }) as unknown };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  // toJS() resolves each alias by searching the document (quadratic): only on texts of few
  // aliases (the node trees compared above already include every alias).
  if ((text.match(/\*/g)?.length ?? 0) < 100 && !isDeepStrictEqual(js(fast.doc), js(ref)))
    return { accepted: true, difference: "toJS()" };
  return { accepted: true };
}

function kind(n: unknown): string {
  if (n === null) return "null";
  if (yaml.isScalar(n)) return "scalar";
  if (yaml.isAlias(n)) return "alias";
  if (yaml.isMap(n)) return "map";
  if (yaml.isSeq(n)) return "seq";
  if (yaml.isPair(n)) return "pair";
  return typeof n;
}

function diff(a: unknown, b: unknown, path: string): string | undefined {
  const k = kind(a);
  if (k !== kind(b)) return `${path}: ${k} vs ${kind(b)}`;
  if (k === "null") return undefined;
  if (k === "pair") {
    const pa = a as yaml.Pair;
    const pb = b as yaml.Pair;
    return diff(pa.key, pb.key, `${path}.key`) ?? diff(pa.value, pb.value, `${path}.value`);
  }
  const na = a as yaml.Node & Record<string, unknown>;
  const nb = b as yaml.Node & Record<string, unknown>;
  if (!isDeepStrictEqual(na.range, nb.range)) return `${path}: range ${na.range} vs ${nb.range}`;
  if (na.anchor !== nb.anchor) return `${path}: anchor ${na.anchor} vs ${nb.anchor}`;
  if (k === "alias") {
    return na.source === nb.source ? undefined : `${path}: alias *${na.source} vs *${nb.source}`;
  }
  if (k === "scalar") {
    for (const f of ["value", "type", "source", "format", "tag", "minFractionDigits"]) {
      if (!Object.is(na[f], nb[f])) return `${path}: ${f} ${String(na[f])} vs ${String(nb[f])}`;
    }
    return undefined;
  }
  if (na.flow !== nb.flow) return `${path}: flow ${na.flow} vs ${nb.flow}`;
  const ia = (na as unknown as yaml.YAMLSeq).items;
  const ib = (nb as unknown as yaml.YAMLSeq).items;
  if (ia.length !== ib.length) return `${path}: ${ia.length} items vs ${ib.length}`;
  for (let i = 0; i < ia.length; i++) {
    const d = diff(ia[i], ib[i], `${path}[${i}]`);
    if (d) return d;
  }
  return undefined;
}
