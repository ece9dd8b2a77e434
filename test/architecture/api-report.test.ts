import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { apiReport, ENTRY_POINTS, REPORT_FILE } from "../../scripts/api-report.js";

// The package's API is a promise: the checked-in report states every export's signature, the
// README lists every runtime export, and neither may drift from the sources unnoticed.

const checkedIn = readFileSync(REPORT_FILE, "utf8");

/** The report's section for one entry point: `// name` then its declarations. */
function section(report: string, entry: string): string {
  const start = report.indexOf(`## \`${entry}\``);
  assert.ok(start >= 0, `the report has a section for ${entry}`);
  const end = report.indexOf("\n```\n", start);
  return report.slice(start, end);
}

/** Exports the report declares as values (what `import` gives at run time). */
function valueNames(report: string, entry: string): string[] {
  const names: string[] = [];
  for (const [, name, decl] of section(report, entry).matchAll(/^\/\/ (\S+)[^\n]*\n(.*)$/gm)) {
    if (/^(const|let|function|class|abstract class|enum) /.test(decl)) names.push(name);
  }
  return names.sort();
}

async function runtimeNames(source: string): Promise<string[]> {
  return Object.keys(await import(`../../${source}`)).sort();
}

describe("the API report", () => {
  test(`${REPORT_FILE} is what the sources declare (run \`npm run api\` after changing the API)`, () => {
    const generated = apiReport();
    if (generated !== checkedIn) {
      const a = checkedIn.split("\n");
      const b = generated.split("\n");
      const i = a.findIndex((line, n) => line !== b[n]);
      assert.fail(
        `${REPORT_FILE} is out of date: run \`npm run api\` and review the change.\n` +
          `first difference at line ${i + 1}:\n  report:  ${a[i]}\n  sources: ${b[i]}`,
      );
    }
  });

  for (const entry of ENTRY_POINTS) {
    test(`its values for ${entry.name} are exactly the runtime exports of ${entry.source}`, async () => {
      assert.deepEqual(valueNames(checkedIn, entry.name), await runtimeNames(entry.source));
    });
  }

  test("it can fail: a changed signature is a different report", () => {
    const changed = checkedIn.replace("function compileSpec(spec: Spec,", "function compileSpec(spec: unknown,");
    assert.notEqual(changed, checkedIn, "the report states compileSpec's signature");
  });
});

describe("the README's library table", () => {
  const readme = readFileSync("README.md", "utf8");
  const table = readme.slice(readme.indexOf("<!-- section:api -->"), readme.indexOf("<!-- /section:api -->"));
  const rows = [...table.matchAll(/^\| ([^|]+) \| (.+) \|$/gm)].map(([, area, cell]) => ({
    area,
    names: [...cell.matchAll(/`([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  }));

  test("lists every runtime export of the package root, and nothing it does not export", async () => {
    const exported = await runtimeNames("src/index.ts");
    const listed = rows.filter((r) => !r.area.startsWith("Pulumi")).flatMap((r) => r.names);
    // The catalog row also names methods of the Catalog that getCatalog() returns.
    const catalog = section(checkedIn, "ai-iam").match(/^interface Catalog \{[\s\S]*?^\}/m)?.[0] ?? "";
    const methods = new Set([...catalog.matchAll(/^ {4}(\w+)\(/gm)].map((m) => m[1]));
    assert.deepEqual(
      exported.filter((n) => !listed.includes(n)),
      [],
      "exported but not in the README",
    );
    assert.deepEqual(
      listed.filter((n) => !exported.includes(n) && !methods.has(n)),
      [],
      "in the README but not exported",
    );
  });

  test("lists every runtime export of ai-iam/pulumi, and nothing else", async () => {
    const pulumiRow = rows.find((r) => r.area.startsWith("Pulumi"));
    assert.ok(pulumiRow);
    assert.deepEqual(pulumiRow.names.sort(), await runtimeNames("src/deploy/index.ts"));
  });
});
