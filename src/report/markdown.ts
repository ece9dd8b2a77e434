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
 * Plain text in a table cell: Markdown's emphasis, code, link and HTML characters and the cell
 * separator backslash-escaped (CommonMark "Backslash escapes"; GFM "Tables": `\|` inside a cell),
 * so `s3:Get*` next to `"Resource": "*"` does not turn into italics, and every line break a space.
 */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(LINE_BREAKS, " ");
}

/**
 * `s` as one code span that may sit in a table cell: fenced by one more backtick than the longest
 * run of backticks in it (padded with a space where it starts or ends with one; CommonMark "Code
 * spans"), `|` escaped as GFM tables require even inside code, every line break a space. Its text
 * is shown as written (a backtick in a name stays a backtick).
 */
export function mdCode(s: string): string {
  const text = s.replace(LINE_BREAKS, " ").replace(/\|/g, "\\|");
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text inside an HTML element of a comment (`<summary>`): entities for `&<>"`, line breaks as spaces. */
export function mdHtml(s: string): string {
  return s
    .replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!)
    .replace(LINE_BREAKS, " ");
}
