/**
 * A "billion laughs" in YAML: ten levels of anchors, each a flow list of ten aliases of the level
 * before (level 9 expands to about 10^10 nodes in about 400 bytes). One line per level, each
 * indented by `indent` (`l0: &l0 [x, …]`, `l1: &l1 [*l0, …]`, …), to be placed in a mapping.
 */
export function billionLaughs(indent: string): string[] {
  const lines = [`${indent}l0: &l0 [${Array(10).fill("x").join(", ")}]`];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `${indent}l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return lines;
}
