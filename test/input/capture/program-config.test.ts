/**
 * A Pulumi program's configuration files are read within the YAML limits, as every input: a
 * billion laughs or nesting too deep is a located error (exit 2, nothing run or written), aliases
 * read as the values they name, and many keys are set in the mocks in one write.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { readProgram } from "../../../src/input/capture/program-config.js";

mkdirSync("test-artifacts", { recursive: true });
const root = resolve(mkdtempSync(join("test-artifacts", "program-config-")));
after(() => rmSync(root, { recursive: true, force: true }));

function program(name: string, stackFile: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(join(dir, "index.ts"), "export const x = 1;\n");
  writeFileSync(join(dir, "Pulumi.dev.yaml"), stackFile);
  return dir;
}

/** Each level's list aliases the one before 10 times: about 10^10 values from 600 bytes. */
function laughs(): string {
  const lines = ["  p:l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `  p:l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return `config:\n${lines.join("\n")}\n`;
}

describe("Pulumi.<stack>.yaml within the YAML limits", () => {
  test("a billion laughs is a located error at the alias that crosses 2,000,000 nodes", () => {
    // The yaml package's toJS threw "Excessive alias count" (exit 70, an internal error).
    const r = readProgram(program("laughs", laughs()));
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column]),
      [["program-config-invalid", 8, 14]],
    );
    assert.match(r.diagnostics[0]?.message ?? "", /aliases expand to more than 2,000,000 nodes at alias \*l5/);
    assert.match(r.diagnostics[0]?.file ?? "", /Pulumi\.dev\.yaml$/);
  });

  test("nesting deeper than 256 levels is a located error", () => {
    const r = readProgram(program("deep", `config:\n  p:x: ${"[".repeat(100_000)}\n`));
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
      [["program-config-invalid", 2, 262, "YAML: nesting deeper than 256 levels"]],
    );
  });

  test("aliases read as the values they name; 50,000 of them in linear time", () => {
    const n = 50_000;
    const keys = Array.from({ length: n }, (_, i) => `  p:k${i}: *s\n`).join("");
    const t0 = performance.now();
    const r = readProgram(program("aliases", `config:\n  p:s: &s { a: [1, 2] }\n${keys}  p:t: *s\n`));
    const ms = performance.now() - t0;
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.info?.config["p:t"], '{"a":[1,2]}');
    assert.equal(r.info?.config[`p:k${n - 1}`], '{"a":[1,2]}');
    assert.equal(Object.keys(r.info?.config ?? {}).length, n + 2);
    assert.ok(ms < 30_000, `${ms} ms`); // a bound against hangs only (each alias searched the document)
  });

  test("a key written twice is a located error naming both places", () => {
    const r = readProgram(program("twice", "config:\n  p:a: 1\n  p:a: 2\n"));
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column]),
      [["program-config-invalid", 3, 3]],
    );
    assert.match(r.diagnostics[0]?.message ?? "", /line 2, column 3/);
  });
});

describe("a stack of many config keys runs", () => {
  test("8,000 keys are set in the mocks in one write, and the billion laughs exits 2 before running", () => {
    // Setting them one by one re-serialized the whole configuration per key: 8,000 keys took 90 s.
    const keys = Array.from({ length: 8_000 }, (_, i) => `  p:k${i}: v\n`).join("");
    const cli = (dir: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "plan", "--program", dir, "--format", "json"], {
        encoding: "utf8",
        timeout: 60_000,
      });
    const many = cli(program("many", `config:\n${keys}`));
    assert.equal(many.signal, null, "timed out");
    assert.equal(many.status, 0, many.stderr.slice(0, 500));
    const bomb = cli(program("laughs-cli", laughs()));
    assert.equal(bomb.status, 2, bomb.stderr.slice(0, 500));
    assert.match(bomb.stderr, /Pulumi\.dev\.yaml:8:14 - error program-config-invalid: YAML: aliases expand/);
    assert.equal(bomb.stdout, "");
  });
});
