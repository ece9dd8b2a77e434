import type { SourceMap, SourcePosition } from "./types.js";

/** Escape one JSON-pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointerSegment(segment: string | number): string {
  if (typeof segment === "number") return String(segment);
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === 126 || c === 47) return segment.replace(/~/g, "~0").replace(/\//g, "~1");
  }
  return segment;
}

/** Append segments to a JSON pointer: `joinPointer("/Statement", 0, "Action")` → `/Statement/0/Action`. */
export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let out = base;
  for (const s of segments) out += `/${escapePointerSegment(s)}`;
  return out;
}

/** Split a JSON pointer into its unescaped segments. */
export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The position of `pointer`, or of its nearest ancestor that has one (a normalized path such as
 * `/Statement/0/Action/0` may point into a lone string written as `"Action": "s3:GetObject"`).
 */
export function locate(sourceMap: SourceMap | undefined, pointer: string): SourcePosition | undefined {
  if (!sourceMap) return undefined;
  let p = pointer;
  for (;;) {
    const pos = sourceMap.get(p);
    if (pos) return pos;
    if (p === "") return undefined;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
