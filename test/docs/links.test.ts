/**
 * The documentation a user navigates: README.md (the overview, with a table of contents) and the
 * pages under docs/. Every relative link points to a file that exists and, with a `#fragment`, to
 * a heading of that file (GitHub's anchors); every page under docs/ can be reached from the README;
 * the README's contents line names each of its sections.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/scaffold-repo.js";

interface Link {
  file: string;
  line: number;
  target: string;
}

/** The text outside fenced code blocks and inline code, line by line (code is not linked). */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line.replace(/`[^`]*`/g, "``");
  });
}

/** Markdown links `[text](target)` and `<a href="target">` in a file's prose. */
export function linksOf(file: string, text: string): Link[] {
  const links: Link[] = [];
  proseLines(text).forEach((line, i) => {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|href="([^"]+)"/g)) {
      links.push({ file, line: i + 1, target: (m[1] ?? m[2]) as string });
    }
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.matchAll(/<a (?:id|name)="([^"]+)"/g)) anchors.add(m[1] as string);
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] as string)
      .replace(/<[^>]+>/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with a link: a missing file or a fragment that is no heading; undefined when it resolves. */
export function brokenLink(link: Link, read: (path: string) => string | undefined): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined; // https:, mailto:
  const [path = "", fragment] = link.target.split("#", 2);
  const target = path === "" ? link.file : normalize(join(dirname(link.file), decodeURIComponent(path)));
  if (target.startsWith("..")) return `${link.target} leaves the repository`;
  const text = read(target);
  if (text === undefined) return `${target} does not exist`;
  if (fragment && target.endsWith(".md") && !anchorsOf(text).has(fragment)) {
    return `${target} has no heading #${fragment}`;
  }
  return undefined;
}

function readRepo(path: string): string | undefined {
  const full = join(REPO_ROOT, path);
  if (!existsSync(full)) return undefined;
  return statSync(full).isDirectory() ? "" : readFileSync(full, "utf8");
}

const pages = [
  "README.md",
  ...(readdirSync(join(REPO_ROOT, "docs"), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f))
    .sort(),
];

describe("the documentation's links", () => {
  test("every relative link of README.md and docs/ resolves to a file and, with #fragment, to a heading", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of linksOf(page, readRepo(page) ?? "")) {
        const problem = brokenLink(link, readRepo);
        if (problem) broken.push(`${link.file}:${link.line}: ${problem}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  test("every page under docs/ can be reached from README.md by following links", () => {
    const reached = new Set<string>(["README.md"]);
    const queue = ["README.md"];
    while (queue.length > 0) {
      const page = queue.shift() as string;
      for (const link of linksOf(page, readRepo(page) ?? "")) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue;
        const path = link.target.split("#")[0] as string;
        const target = path === "" ? page : normalize(join(dirname(page), path));
        if (target.endsWith(".md") && !reached.has(target) && readRepo(target) !== undefined) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    assert.deepEqual(
      pages.filter((p) => !reached.has(p)),
      [],
      "pages no link leads to",
    );
  });

  test("the README's contents line links each of its sections, in order", () => {
    const readme = readRepo("README.md") ?? "";
    const contents = /^\*\*Contents\*\*:(.*?)\n\n/ms.exec(readme)?.[1] ?? "";
    assert.ok(contents, "README.md has a **Contents**: line");
    const sections = readme
      .split("\n")
      .filter((l) => l.startsWith("## "))
      .map((l) => [...anchorsOf(l)][0]);
    const linked = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(linked, sections);
  });

  test("each command page is linked from the README's documentation table", () => {
    const readme = readRepo("README.md") ?? "";
    const table = readme.slice(
      readme.indexOf("## Documentation"),
      readme.indexOf("\n## ", readme.indexOf("## Documentation") + 3),
    );
    for (const page of [
      "getting-started",
      "github-action",
      "deploying",
      "explain",
      "simulate",
      "check",
      "checks",
      "review",
    ]) {
      assert.ok(table.includes(`(docs/${page}.md)`), `the documentation table links docs/${page}.md`);
    }
  });
});

describe("the link checker", () => {
  const files: Record<string, string> = {
    "README.md": '# Title\n\n## Quick start\n\n## Quick start\n\n<a id="custom"></a>\n',
    "docs/a.md": "# A page: `code`, and more!\n\n```md\n[not a link](nowhere.md)\n```\n",
  };
  const read = (p: string) => files[p];
  const problem = (file: string, target: string) => brokenLink({ file, line: 1, target }, read);

  test("accepts existing files, headings (repeated ones numbered) and explicit anchors", () => {
    assert.equal(problem("docs/a.md", "../README.md#quick-start"), undefined);
    assert.equal(problem("docs/a.md", "../README.md#quick-start-1"), undefined);
    assert.equal(problem("docs/a.md", "../README.md#custom"), undefined);
    assert.equal(problem("README.md", "docs/a.md#a-page-code-and-more"), undefined);
    assert.equal(problem("README.md", "#title"), undefined);
    assert.equal(problem("README.md", "https://example.com/x.md#nothing"), undefined);
  });

  test("rejects a missing file, a missing heading and a path outside the repository", () => {
    assert.match(problem("README.md", "docs/b.md") ?? "", /docs\/b\.md does not exist/);
    assert.match(problem("docs/a.md", "../README.md#quick-start-2") ?? "", /no heading #quick-start-2/);
    assert.match(problem("README.md", "#nope") ?? "", /README\.md has no heading #nope/);
    assert.match(problem("docs/a.md", "../../outside.md") ?? "", /leaves the repository/);
  });

  test("ignores links inside code", () => {
    assert.deepEqual(linksOf("docs/a.md", files["docs/a.md"] as string), []);
    assert.deepEqual(
      linksOf("x.md", "see [a](a.md) and `[b](b.md)`").map((l) => l.target),
      ["a.md"],
    );
  });
});
