/**
 * Random spec-shaped YAML for the fast path's differential tests: block and flow mappings and
 * sequences at regular and odd indentation, comments, quoted strings with escapes, numbers,
 * booleans, nulls, anchors and aliases, keys such as `__proto__`, Unicode, trailing spaces, blank
 * lines, empty values — and now and then a fragment of random characters, so that texts outside
 * the subset (or not YAML at all) come up too. Rendered from a tape of random numbers, so that
 * fast-check shrinks a failure toward a small document.
 */
import fc from "fast-check";

const WORDS = [
  "a",
  "b",
  "x",
  "team",
  "__proto__",
  "constructor",
  "true",
  "True",
  "TRUE",
  "yes",
  "no",
  "false",
  "null",
  "Null",
  "~",
  "1e3",
  "0x1F",
  "0o17",
  "0b1",
  ".inf",
  "-.inf",
  ".NaN",
  "-.5",
  "+1",
  "1_000",
  "007",
  "1.50",
  "-0",
  "12345678901234567890",
  "a:b",
  "-x",
  "a b",
  "a#b",
  "m0.x-*",
  "arn:aws:s3:::b/*",
  "é",
  "中文",
  "😀",
  "us-east-1",
  "123456789012",
  "<<",
  "a,b",
  "a]",
  "-",
  "?x",
  ":x",
  "@x",
  "%x",
  "!x",
  "a: b",
  "a #b",
  "---",
  "...",
];

const QUOTED = [
  '"a"',
  '""',
  "''",
  "'it''s'",
  '"a\\u00e9\\n"',
  '"\\x41\\U0001F600\\/\\ \\_\\t\\\\\\""',
  '"\\q"',
  '"\\uD800"',
  '"a # b"',
  "'a # b'",
  "'a\\n'",
  '"x": y',
  '"unterminated',
  "'unterminated",
  '"1"',
  "'true'",
];

const NOISE = " \n\t\r:#-[]{},&*!|>'\"%@`?\\ax1 .\u00e9\ufeff";

/** A random YAML text shaped like a spec. */
export const specLikeYaml: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 400 }),
    fc.string({ unit: fc.constantFrom(...NOISE), maxLength: 6 }),
  )
  .map(([tape, noise]) => render(tape, noise));

/**
 * A random JSON document (`JSON.stringify`, compact or indented, then trailing blank lines), at
 * times with one character of noise written into it (a comment, a line break, a tab, ...).
 */
export const jsonLikeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.array(fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" }))),
      fc.dictionary(
        fc.oneof(fc.string(), fc.string({ unit: "binary" })),
        fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" })),
      ),
    ),
    fc.constantFrom(0, 1, 2, 4),
    fc.constantFrom("", "\n", "\n\n", "  \n \n"),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom(...NOISE)), { freq: 3 }),
  )
  .map(([value, indent, tail, noise]) => {
    const text = JSON.stringify(value, null, indent) + tail;
    if (!noise) return text;
    const at = noise[0] % (text.length + 1);
    return text.slice(0, at) + noise[1] + text.slice(at);
  });

function render(tape: number[], noise: string): string {
  let t = 0;
  const next = (n: number) => (tape[t++ % tape.length] ?? 0) % n;
  const chance = (percent: number) => next(100) < percent;
  const anchors: string[] = [];
  const spaces = () => " ".repeat(chance(85) ? 1 : next(3));
  const trail = () => (chance(10) ? " ".repeat(1 + next(2)) : "") + (chance(8) ? ` #${chance(50) ? " c" : ""}` : "");
  const scalar = (): string => {
    const r = next(100);
    if (r < 55) return WORDS[next(WORDS.length)] as string;
    if (r < 80) return QUOTED[next(QUOTED.length)] as string;
    if (r < 85 && noise) return noise;
    if (r < 93 && anchors.length > 0) return `*${anchors[next(anchors.length)]}`;
    return String(next(1000));
  };
  const anchor = () => {
    if (!chance(10)) return "";
    const name = `a${next(4)}`;
    anchors.push(name);
    return `&${name} `;
  };
  const flow = (depth: number): string => {
    const n = next(4);
    const sep = () => (chance(80) ? ", " : chance(50) ? "," : " , ");
    const open = (b: string) => (chance(80) ? b : `${b} `);
    const close = (b: string) => (chance(80) ? b : ` ${b}`);
    const item = (): string => (depth < 2 && chance(15) ? flow(depth + 1) : `${anchor()}${scalar()}`);
    if (chance(50)) {
      const items = Array.from({ length: n }, item);
      return `${open("[")}${items.join(sep())}${chance(10) ? "," : ""}${close("]")}`;
    }
    const pairs = Array.from({ length: n }, () => (chance(85) ? `${WORDS[next(8)]}: ${item()}` : `${WORDS[next(8)]}`));
    return `${open("{")}${pairs.join(sep())}${close("}")}`;
  };
  const inline = (depth: number) => `${anchor()}${chance(20) ? flow(depth) : scalar()}`;
  const lines: string[] = [];
  const blank = () => {
    if (chance(8)) lines.push(chance(70) ? "" : " ".repeat(1 + next(4)));
    for (let k = 0; k < 3 && chance(12); k++) lines.push(`${" ".repeat(next(7))}#${chance(80) ? " comment" : ""}`);
    if (chance(5)) lines.push(chance(70) ? "" : " ".repeat(1 + next(4)));
  };
  // A block node whose first line begins with `prefix` (a key line's `key:` or a `- `), at column `col`.
  const block = (col: number, depth: number, prefix: string): void => {
    const isMap = chance(60);
    const n = 1 + next(4);
    for (let i = 0; i < n; i++) {
      const head = i === 0 ? prefix : " ".repeat(col);
      const lead = isMap ? `${chance(85) ? WORDS[next(12)] : QUOTED[next(4)]}:` : "-";
      const r = next(100);
      if (r < 60 || depth >= 4) lines.push(`${head}${lead}${spaces()}${inline(depth)}${trail()}`);
      else if (r < 70) lines.push(`${head}${lead}${chance(70) ? "" : " ".repeat(next(3))}${trail()}`);
      else if (!isMap && r < 85) {
        // A compact collection after `- `.
        const gap = 1 + (chance(85) ? 0 : next(3));
        block(col + 1 + gap, depth + 1, `${head}-${" ".repeat(gap)}`);
      } else {
        const a = chance(10) ? ` ${anchor().trim()}` : "";
        lines.push(`${head}${lead}${a}${trail()}`);
        for (let k = 0; k < 2 && chance(15); k++) lines.push(`${" ".repeat(next(7))}# before`);
        const step = chance(80) ? 2 : next(5);
        const seqHere = isMap && chance(20);
        block(seqHere ? col : col + step, depth + 1, seqHere ? " ".repeat(col) : " ".repeat(col + step));
      }
      blank();
    }
  };
  if (chance(10)) lines.push("# top");
  if (chance(5)) lines.push("");
  block(chance(95) ? 0 : 1, 0, "");
  for (let k = 0; k < 2 && chance(10); k++) lines.push(`${" ".repeat(next(4))}# end`);
  let text = lines.join("\n");
  if (chance(80)) text += "\n";
  return text;
}
