import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { compileSpec } from "../../src/compile/index.js";
import { loadSpec } from "../../src/input/team-spec/index.js";
import { withProvenance } from "../../src/report/git-provenance.js";
import { anchor } from "../../src/report/html/html.js";
import { renderHtmlReport } from "../../src/report/html/report.js";
import type { ReportData } from "../../src/report/html/types.js";
import { buildReportData } from "../../src/report/report-data.js";

/**
 * The HTML report of the example spec, opened in headless Chromium (Debian's `chromium`, which
 * `.ci/run` installs when absent): the headline, provenance, datasets, matrix, filters, findings
 * grouped by rule, suppressions, links, and screenshots at 1,400 and 390 px saved under
 * test-artifacts/ (git-ignored).
 */
const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");
const EXAMPLE = join(import.meta.dirname, "../../examples/ai-platform");
/**
 * The example needs no suppression, so the report is made from a copy that suppresses one rule,
 * committed in a repository of its own so that git blame names who wrote each suppression.
 */
const REPO = mkdtempSync(join(tmpdir(), "ai-iam-report-"));
const SPEC = join(REPO, "examples/ai-platform");
const SUPPRESSION_REASON = "members sign in as IAM users until the identity provider is connected (ticket SEC-42)";

function exampleRepository(): void {
  cpSync(EXAMPLE, SPEC, { recursive: true });
  appendFileSync(
    join(SPEC, "org.yaml"),
    `\nsuppress:\n  - rule: iam-user-for-human\n    principal: vision/alice\n    reason: "${SUPPRESSION_REASON}"\n`,
  );
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, {
      cwd: REPO,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Platform Team",
        GIT_AUTHOR_EMAIL: "platform@example.com",
        GIT_COMMITTER_NAME: "Platform Team",
        GIT_COMMITTER_EMAIL: "platform@example.com",
      },
    });
    assert.equal(r.status, 0, r.stderr);
  };
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "the example, with a suppression");
}

/** The little of the DOM these checks touch (the project compiles without the DOM library). */
interface El {
  getAttribute(name: string): string | null;
  hidden: boolean;
  querySelectorAll(selector: string): ArrayLike<El>;
}
// Browser globals, for the functions that run in the page.
declare const getComputedStyle: (el: El) => { display: string; backgroundImage: string };
declare const location: { hash: string };
declare const window: { innerWidth: number; scrollTo(x: number, y: number): void };
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): Iterable<{ open: boolean }>;
};

let browser: Browser;
let page: Page;
let data: ReportData;
let file: string;

before(async () => {
  exampleRepository();
  const loaded = loadSpec(SPEC);
  assert.ok(loaded.spec, "the example spec loads");
  const compiled = compileSpec(loaded.spec, { source: SPEC });
  assert.ok(compiled.model, "the example spec compiles");
  const built = await buildReportData(
    { model: compiled.model, spec: loaded.spec, label: "examples/ai-platform" },
    { workers: 1 },
  );
  // The example repeats no message any more; the renderer's grouping is shown on the same warning
  // reported at a second place (a copy of the first at another line).
  const warning = built.findings.find((f) => f.severity === "warning");
  assert.ok(warning, "the example has a warning (IAM users)");
  built.findings.push({ ...warning, line: (warning.line ?? 1) + 1 });
  data = { ...withProvenance(built, SPEC), docsUrl: "https://docs.example/ai-iam" };
  mkdirSync(ARTIFACTS, { recursive: true });
  file = join(ARTIFACTS, "report.html");
  writeFileSync(file, renderHtmlReport(data));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  assert.deepEqual(requests, [], "the report loads nothing from the network");
});

after(async () => {
  await browser?.close();
  rmSync(REPO, { recursive: true, force: true });
});

describe("HTML report in Chromium", () => {
  test("the matrix has one row per principal, and every cell shows the computed status", async () => {
    const rows = await page.$$eval("table.matrix tbody tr", (trs) =>
      (trs as unknown as El[]).map((tr) => ({
        principal: tr.getAttribute("data-principal"),
        cells: Array.from(tr.querySelectorAll("td")).map((td) => [
          td.getAttribute("data-capability"),
          td.getAttribute("data-status"),
          td.getAttribute("data-partial"),
        ]),
      })),
    );
    assert.deepEqual(
      rows.map((r) => r.principal),
      data.principals.map((p) => p.id).sort(),
    );
    assert.equal(rows.length, 6);
    for (const [i, row] of rows.entries()) {
      assert.deepEqual(
        row.cells,
        data.matrix.rows[i].cells.map((c, j) => [
          data.matrix.capabilities[j].id,
          c.status,
          c.partial ? String(c.partial) : null,
        ]),
      );
    }
    // The legend explains every mark a cell can carry, the partial `!P` included.
    assert.match((await page.textContent("#matrix .legend")) ?? "", /!P: P of them only in part/);
    const status = async (principal: string, capability: string) =>
      page.getAttribute(`tr[data-principal="${principal}"] td[data-capability="${capability}"]`, "data-status");
    // nlp opted into Bedrock; vision did not. Data scientists have notebooks, execution roles do not.
    assert.notEqual(await status("nlp/carol", "activity:bedrock"), "Denied");
    assert.equal(await status("vision/alice", "activity:bedrock"), "Denied");
    assert.notEqual(await status("vision/alice", "activity:notebooks"), "Denied");
    assert.equal(await status("vision/execution-role", "activity:notebooks"), "Denied");
  });

  test("a row that repeats an earlier row's cells gets copies, each titled for its own principal", async () => {
    const rows = await page.$$eval("table.matrix tbody tr", (trs) =>
      (trs as unknown as El[]).map((tr) => ({
        principal: tr.getAttribute("data-principal") ?? "",
        same: tr.querySelectorAll("th[data-same]").length > 0,
        titles: Array.from(tr.querySelectorAll("td")).map((td) => td.getAttribute("title") ?? ""),
      })),
    );
    assert.ok(
      rows.some((r) => r.same),
      "the example has rows the same as an earlier one",
    );
    for (const r of rows) {
      assert.equal(r.titles.length, data.matrix.capabilities.length, r.principal);
      for (const t of r.titles) assert.ok(t.startsWith(`${r.principal} · `), `${r.principal}: ${t}`);
    }
  });

  test("a principal's permissions and a policy's document are filled in when first opened", async () => {
    const policy = data.policies[0]!;
    const pre = `[id="${anchor("policy", policy.id)}"] pre`;
    assert.equal(await page.textContent(pre), "", "nothing before it is opened");
    await page.click(`[id="${anchor("policy", policy.id)}"] details > summary`);
    await page.locator(pre).filter({ hasText: "Statement" }).waitFor();
    assert.equal(await page.textContent(pre), JSON.stringify(policy.document, null, 2));
    const can = data.permissions.find((p) => p.groups.length > 0)!;
    const principal = `details.principal[id="${anchor("principal", can.principal)}"]`;
    assert.equal(await page.locator(`${principal} table.perms`).count(), 0);
    await page.click(`${principal} > summary`);
    await page.locator(`${principal} table.perms`).waitFor();
    const actions = await page.$$eval(`${principal} table.perms td.actions`, (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(
      actions,
      can.groups.flatMap((g) => g.lines.map((l) => l.actions.join(", "))),
    );
    const statuses = await page.$$eval(`${principal} table.perms .st`, (s) => s.map((x) => x.textContent));
    assert.deepEqual(
      statuses,
      can.groups.flatMap((g) => g.lines.map((l) => l.status)),
    );
    await page.click(`${principal} > summary`);
  });

  test("the team filter hides the other teams' rows", async () => {
    await page.selectOption("#filter-team", "vision");
    const visible = await page.$$eval("table.matrix tbody tr", (trs) =>
      (trs as unknown as El[])
        .filter((tr) => !tr.hidden && getComputedStyle(tr).display !== "none")
        .map((tr) => tr.getAttribute("data-team")),
    );
    assert.deepEqual(visible, ["vision", "vision", "vision"]);
    assert.match((await page.textContent("#shown")) ?? "", /Showing 3 of 6/);
    const hiddenDetails = await page.$$eval("details.principal", (ds) =>
      (ds as unknown as El[]).filter((d) => d.hidden).map((d) => d.getAttribute("data-team")),
    );
    assert.ok(hiddenDetails.length > 0 && hiddenDetails.every((t) => t === "nlp"));
    await page.screenshot({ path: join(ARTIFACTS, "report-1400-vision.png"), fullPage: false });
    await page.selectOption("#filter-team", "");
    assert.match((await page.textContent("#shown")) ?? "", /Showing 6 of 6/);
  });

  test("the service filter keeps only that service's columns", async () => {
    await page.selectOption("#filter-service", "s3");
    const shown = await page.$$eval("table.matrix thead tr.caps th", (ths) =>
      (ths as unknown as El[])
        .filter((th) => getComputedStyle(th).display !== "none")
        .map((th) => th.getAttribute("data-services") ?? ""),
    );
    assert.ok(shown.length > 0);
    for (const s of shown) assert.ok(s.split(" ").includes("s3"), s);
    await page.selectOption("#filter-service", "");
  });

  test("findings link to their policies", async () => {
    const links = await page.$$eval("a.policy-link", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    const withPolicy = data.findings.filter((f) => f.policy).length;
    assert.equal(links.length, withPolicy);
    for (const href of new Set(links)) {
      assert.ok(href.startsWith("#policy-"), href);
      assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, `target of ${href}`);
    }
    if (links.length > 0) {
      await page.click("a.policy-link >> nth=0");
      assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), decodeURIComponent(links[0]));
      const target = page.locator(`[id="${links[0].slice(1)}"]`);
      assert.ok(await target.isVisible());
    }
  });

  test("it reads well at 1,400 px and at phone width, where every section link stays in reach", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "report-1400.png"), fullPage: false });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(pathToFileURL(file).href);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal page scroll at 390 px (overflow ${overflow}px)`);
    // The section links wrap: each one is wholly on screen, none hidden behind a scroll.
    const links = await phone.$$eval("nav.sections a", (as) =>
      as.map((a) => {
        const r = a.getBoundingClientRect();
        return { text: a.textContent ?? "", left: r.left, right: r.right };
      }),
    );
    assert.equal(links.length, 7);
    for (const l of links) assert.ok(l.left >= 0 && l.right <= 390, `${l.text} at ${l.left}–${l.right}`);
    const navScroll = await phone.$eval("nav.sections", (n) => n.scrollWidth - n.clientWidth);
    assert.ok(navScroll <= 1, `the nav does not scroll sideways (${navScroll}px)`);
    await phone.screenshot({ path: join(ARTIFACTS, "report-390.png"), fullPage: false });
    // Every principal's permissions open: the tables stack into cards instead of widening the page.
    await phone.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
    // Each principal with access has its table once it is open.
    const withAccess = data.permissions.filter((p) => p.groups.length > 0).length;
    await phone.waitForFunction(
      (n) => Array.from(document.querySelectorAll("details.principal table.perms")).length === n,
      withAccess,
    );
    const openOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(openOverflow <= 1, `no horizontal page scroll with every section open (overflow ${openOverflow}px)`);
    const box = await (await phone.$("#permissions details.principal"))!.boundingBox();
    await phone.screenshot({
      path: join(ARTIFACTS, "report-390-permissions.png"),
      fullPage: true,
      clip: { x: 0, y: box!.y, width: 390, height: Math.min(box!.height, 1200) },
    });
    await phone.close();
  });

  test("a risk headline first, then the numbers, each explained on hover and in a legend", async () => {
    const first = await page.$eval("main > section", (el) => el.id);
    assert.equal(first, "attention");
    assert.match(
      (await page.textContent("#attention .headline")) ?? "",
      /No error or security finding, and all 5 access tests pass/,
    );
    const items = await page.$$eval("#attention li", (lis) => lis.map((li) => li.textContent ?? ""));
    assert.ok(
      items.some((t) => /support-tickets \(confidential\): 3 principals may read it, nobody may change it/.test(t)),
      items.join("\n"),
    );
    assert.ok(
      items.some((t) => /1 finding suppressed: each has a written reason to review/.test(t)),
      items.join("\n"),
    );
    const cards = await page.$$eval(".card", (cs) =>
      cs.map((c) => [c.getAttribute("data-card"), c.getAttribute("title") ?? ""]),
    );
    assert.equal(cards.length, 6);
    for (const [label, title] of cards) assert.ok((title ?? "").length > 40, `${label} is explained on hover`);
    const legend = await page.$$eval("details.about dt", (dts) => dts.map((d) => d.textContent));
    assert.deepEqual(
      legend,
      cards.map(([label]) => label),
    );
    assert.match(
      cards.find(([l]) => l === "capabilities")?.[1] ?? "",
      /\d+ AI activities .* \d+ service × access-level pairs/,
    );
    assert.match(cards.find(([l]) => l === "policies")?.[1] ?? "", /The fullest, .+, uses [\d,]+ of the 6,144/);
  });

  test("the header says when, from which commit and which spec the report was made", async () => {
    const meta = (await page.textContent("header.top .meta")) ?? "";
    assert.match(meta, /spec examples\/ai-platform/);
    assert.match(meta, /generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.match(meta, /commit [0-9a-f]{12}/, "the example is in this repository");
  });

  test("the dataset view: every principal × dataset as the data says, the classification on each", async () => {
    const datasets = data.datasets ?? [];
    assert.deepEqual(
      datasets.map((d) => d.name),
      ["imagenet", "nlp-artifacts", "support-tickets", "vision-artifacts"],
    );
    const heads = await page.$$eval("table.datasets thead th[data-dataset]", (ths) =>
      ths.map((th) => [th.getAttribute("data-dataset"), th.getAttribute("data-classification")]),
    );
    assert.deepEqual(
      heads,
      datasets.map((d) => [d.name, d.classification ?? ""]),
    );
    assert.equal(await page.$$eval("th[data-dataset=support-tickets] .chip.sensitive", (c) => c.length), 1);
    const cells = await page.$$eval("table.datasets tbody tr", (trs) =>
      (trs as unknown as El[]).flatMap((tr) =>
        Array.from(tr.querySelectorAll("td")).map((td) => [
          tr.getAttribute("data-principal-row"),
          td.getAttribute("data-dataset"),
          td.getAttribute("data-read"),
          td.getAttribute("data-write"),
        ]),
      ),
    );
    for (const [principal, dataset, read, write] of cells) {
      const a = datasets.find((d) => d.name === dataset)?.access.find((x) => x.principal === principal);
      assert.equal(read, a?.read ?? "", `${principal} reads ${dataset}`);
      assert.equal(write, a?.write ?? "", `${principal} writes ${dataset}`);
    }
    const cell = (p: string, d: string) => cells.find(([pp, dd]) => pp === p && dd === d);
    assert.equal(cell("nlp/carol", "support-tickets")?.[2], "Allowed");
    assert.equal(cell("vision/alice", "support-tickets")?.[2], "", "vision cannot read the confidential tickets");
  });

  test("access only under conditions looks different from outright access", async () => {
    const looks = await page.$$eval("table.matrix tbody td", (tds) =>
      (tds as unknown as El[]).map((td) => [
        td.getAttribute("data-allowed"),
        td.getAttribute("data-conditional"),
        td.getAttribute("class"),
        getComputedStyle(td).backgroundImage,
      ]),
    );
    const mixed = looks.filter(([a, c]) => Number(a) > 0 && Number(c) > 0);
    const outright = looks.filter(([a, c]) => Number(a) > 0 && Number(c) === 0);
    const conditional = looks.filter(([a, c]) => Number(a) === 0 && Number(c) > 0);
    assert.ok(mixed.length > 0 && outright.length > 0 && conditional.length > 0, "the example has all three");
    for (const [, , cls, bg] of mixed) {
      assert.equal(cls, "mixed");
      assert.match(bg ?? "", /linear-gradient.*repeating-linear-gradient/, "a green share, then hatching");
    }
    for (const [, , cls, bg] of conditional) {
      assert.equal(cls, "cond");
      assert.match(bg ?? "", /^repeating-linear-gradient/);
    }
    for (const [, , cls, bg] of outright) {
      assert.equal(cls, "allow");
      assert.equal(bg, "none", "solid");
    }
  });

  test("findings grouped by rule with counts, a repeated message shown once with its places", async () => {
    const groups = await page.$$eval("details.rule-group", (ds) =>
      (ds as unknown as El[]).map((d) => [
        d.getAttribute("data-rule"),
        Array.from(d.querySelectorAll("tr.finding")).map((tr) => Number(tr.getAttribute("data-count"))),
      ]),
    );
    const rules = [...new Set(data.findings.map((f) => f.rule))].sort();
    assert.deepEqual(groups.map(([r]) => r).sort(), rules);
    for (const [rule, counts] of groups) {
      const all = data.findings.filter((f) => f.rule === rule);
      assert.equal(
        (counts as number[]).reduce((a, b) => a + b, 0),
        all.length,
        `${rule}: every finding counted once`,
      );
      assert.equal(
        (counts as number[]).length,
        new Set(all.map((f) => `${f.severity} ${f.message}`)).size,
        `${rule}: one row per message`,
      );
    }
    assert.ok(
      groups.some(([, counts]) => (counts as number[]).some((n) => n > 1)),
      "the repeated warning is one row counting both places",
    );
    const href = await page.getAttribute("details.rule-group summary a.rule", "href");
    assert.match(href ?? "", /^https:\/\/docs\.example\/ai-iam\/checks\.md#[a-z-]+$/, "rule docs are absolute links");
  });

  test("suppressed findings with their reasons, and who wrote each (git blame)", async () => {
    const rows = await page.$$eval("#suppressed tr.suppressed", (trs) =>
      (trs as unknown as Array<{ querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }>).map((tr) =>
        Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? ""),
      ),
    );
    assert.equal(rows.length, 1, "vision/alice's iam-user-for-human");
    assert.equal(rows.length, data.suppressed?.length);
    for (const [rule, , reason, by] of rows) {
      assert.match(rule ?? "", /iam-user-for-human/);
      assert.ok(reason?.includes(SUPPRESSION_REASON), reason);
      assert.match(reason ?? "", /examples\/ai-platform\/org\.yaml:\d+/, "where the suppression is written");
      assert.match(by ?? "", /\S+ \d{4}-\d\d-\d\d$/, "author and date from git blame");
    }
  });
});
