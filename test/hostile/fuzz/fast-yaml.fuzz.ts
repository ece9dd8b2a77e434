/**
 * The YAML fast path (src/input/files/fast-yaml.ts) against the `yaml` package: random spec-shaped
 * texts, alone or many nested under keys of one document, and JSON documents; wherever the fast path accepts a text,
 * its document must equal the package's (node tree, ranges, anchors, alias sources, scalar types,
 * `toJS()`, line starts) and the package must report no error or warning.
 */
import fc from "fast-check";
import { compareFast } from "../../input/files/fast-yaml-compare.js";
import { jsonLikeText, specLikeYaml } from "../../input/files/fast-yaml-gen.js";
import type { FuzzTarget } from "./harness.js";

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => (l ? `  ${l}` : l))
    .join("\n");

export function fastYamlTarget(opts: { large: boolean }): FuzzTarget<string> {
  const many = fc
    .array(specLikeYaml, { minLength: 2, maxLength: opts.large ? 400 : 4 })
    .map((texts) => texts.map((t, i) => `k${i}:\n${indent(t)}`).join("\n"));
  return {
    name: "YAML fast path = yaml package",
    arbitrary: fc.oneof(
      { arbitrary: specLikeYaml, weight: 3 },
      { arbitrary: many, weight: 1 },
      { arbitrary: jsonLikeText, weight: 1 },
    ),
    size: (text) => Buffer.byteLength(text),
    run(text) {
      const r = compareFast(text);
      if (r.accepted && r.difference) throw new Error(`fast path differs: ${r.difference}`);
    },
  };
}
