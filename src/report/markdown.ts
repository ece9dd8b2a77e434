/**
 * Text a pull request chose (file names, principal ids, resources, condition values, messages,
 * suppression reasons) as GitHub-flavoured Markdown that stays what it is: one table cell, one
 * line, no HTML, no link. The renderers of pull-request comments (`check`, `diff`, the exact
 * diff) use these and nothing else for such text.
 */

/**
 * Line endings as CommonMark reads them (line feed, carriage return, both) and the Unicode line
 * and paragraph separators: in a table cell any of them ends the row, so that what follows could
 * forge one ("| ✅ | 0 findings |").
 */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Characters a reader of the comment would not see, or would see reordered: the bidirectional
 * controls of "Trojan Source" (CVE-2021-42574) and other control characters (not tab), written
 * visibly as `\u202e`, as the CLI prints them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is matched
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Line breaks as spaces, hidden characters as `\uXXXX`. */
function flat(s: string): string {
  return s.replace(LINE_BREAKS, " ").replace(HIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Plain text in a table cell: Markdown's emphasis, code, link and HTML characters and the cell
 * separator backslash-escaped (CommonMark "Backslash escapes"; GFM "Tables": `\|` inside a cell),
 * so `s3:Get*` next to `"Resource": "*"` does not turn into italics; every line break a space and
 * every hidden character visible (`flat`).
 */
export function mdText(s: string): string {
  return flat(s).replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/**
 * `s` as one code span that may sit in a table cell: fenced by one more backtick than the longest
 * run of backticks in it (padded with a space where it starts or ends with one; CommonMark "Code
 * spans"), `|` escaped as GFM tables require even inside code, every line break a space, every
 * hidden character visible (`flat`). Its text is shown as written (a backtick stays a backtick).
 */
export function mdCode(s: string): string {
  const text = flat(s).replace(/\|/g, "\\|");
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text inside an HTML element of a comment (`<summary>`): entities for `&<>"`, line breaks as spaces. */
export function mdHtml(s: string): string {
  return flat(s).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}
