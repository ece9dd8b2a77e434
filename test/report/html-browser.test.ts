import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { compileSpec } from "../../src/compile/index.js";
import { loadSpec } from "../../src/input/team-spec/index.js";
import { renderHtmlReport } from "../../src/report/html/report.js";
import type { ReportData } from "../../src/report/html/types.js";
import { buildReportData } from "../../src/report/report-data.js";

/**
 * The HTML report of the example spec, opened in headless Chromium (Debian's `chromium`, which
 * `.ci/run` installs when absent): the matrix, the filters, the links, and screenshots at desktop
 * and phone widths saved under test-artifacts/ (git-ignored).
 */
const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");
const SPEC = join(import.meta.dirname, "../../examples/ai-platform");

/** The little of the DOM these checks touch (the project compiles without the DOM library). */
interface El {
  getAttribute(name: string): string | null;
  hidden: boolean;
  querySelectorAll(selector: string): ArrayLike<El>;
}
// Browser globals, for the functions that run in the page.
declare const getComputedStyle: (el: El) => { display: string };
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
  const loaded = loadSpec(SPEC);
  assert.ok(loaded.spec, "the example spec loads");
  const compiled = compileSpec(loaded.spec, { source: SPEC });
  assert.ok(compiled.model, "the example spec compiles");
  data = await buildReportData(
    { model: compiled.model, spec: loaded.spec, label: "examples/ai-platform" },
    { workers: 1 },
  );
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
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  assert.deepEqual(requests, [], "the report loads nothing from the network");
});

after(async () => {
  await browser?.close();
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
    await page.screenshot({ path: join(ARTIFACTS, "report-1280-vision.png"), fullPage: false });
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

  test("it reads well at 1280 px and at phone width", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "report-1280.png"), fullPage: false });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(pathToFileURL(file).href);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal page scroll at 390 px (overflow ${overflow}px)`);
    await phone.screenshot({ path: join(ARTIFACTS, "report-390.png"), fullPage: false });
    // Every principal's permissions open: the tables stack into cards instead of widening the page.
    await phone.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
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
});
