import { setOwn } from "../../policy/own.js";
import type { ConditionBlock } from "../../policy/types.js";

/** A condition block with operators, keys and values in a stable order, for keys and output. */
export function canonicalCondition(block: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const op of Object.keys(block).sort()) {
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(block[op]).sort()) setOwn(keys, key, [...block[op][key]].sort());
    out[op] = keys;
  }
  return out;
}

/** Distinct condition blocks, canonical and sorted; `undefined` when there are none. */
export function canonicalConditions(blocks: readonly ConditionBlock[] | undefined): ConditionBlock[] | undefined {
  if (!blocks || blocks.length === 0) return undefined;
  const byKey = new Map<string, ConditionBlock>();
  for (const b of blocks) {
    const c = canonicalCondition(b);
    byKey.set(JSON.stringify(c), c);
  }
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** `StringLike s3:prefix = imagenet/*, ...; Bool aws:MultiFactorAuthPresent = true` (one block). */
export function formatCondition(block: ConditionBlock): string {
  const parts: string[] = [];
  for (const [op, keys] of Object.entries(block)) {
    for (const [key, values] of Object.entries(keys)) {
      parts.push(`${op} ${key} = ${values.length === 1 ? values[0] : `[${values.join(", ")}]`}`);
    }
  }
  return parts.join("; ");
}

/** Several blocks are alternatives: any one of them suffices. */
export function formatConditions(blocks: readonly ConditionBlock[] | undefined): string {
  if (!blocks || blocks.length === 0) return "";
  if (blocks.length === 1) return formatCondition(blocks[0]);
  return blocks.map((b) => `(${formatCondition(b)})`).join(" or ");
}

/** One line per condition (`StringLike s3:prefix = imagenet/*`); alternatives prefixed `or`. */
export function conditionLines(blocks: readonly ConditionBlock[] | undefined): string[] {
  const lines: string[] = [];
  (blocks ?? []).forEach((block, i) => {
    const parts = formatCondition(block).split("; ");
    parts.forEach((part, j) => {
      lines.push(j === 0 && i > 0 ? `or ${part}` : blocks!.length > 1 && j > 0 ? `   ${part}` : part);
    });
  });
  return lines;
}
