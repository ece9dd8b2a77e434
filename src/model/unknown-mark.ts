/**
 * A value capture cannot know, written where the program will use it as a string: a data source's
 * result that lives in the account (a parameter's value, a policy outside the program), a stack
 * reference's output. Unlike Pulumi's own unknowns, which make a whole `jsonStringify` result
 * unknown, a mark travels through string building and JSON intact, so capture later knows which
 * part of which statement it stands for, and what it stands for (the text inside the mark).
 */
const OPEN = "\u2983ai-iam-unknown:";
const CLOSE = "\u2984";

/** A mark standing for `what` (e.g. `stack reference shared: dataBucketArn`). */
export function unknownMark(what: string): string {
  return `${OPEN}${what.replaceAll(CLOSE, "")}${CLOSE}`;
}

/** What each mark inside `text` stands for, in order of appearance. */
export function unknownMarksIn(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf(OPEN);
  while (at >= 0) {
    const end = text.indexOf(CLOSE, at + OPEN.length);
    if (end < 0) break;
    found.push(text.slice(at + OPEN.length, end));
    at = text.indexOf(OPEN, end + 1);
  }
  return found;
}

/** Every mark anywhere inside `value` (strings, arrays, objects), without duplicates. */
export function unknownMarksDeep(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") for (const m of unknownMarksIn(v)) out.add(m);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out];
}
