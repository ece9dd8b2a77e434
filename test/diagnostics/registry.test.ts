import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DIAGNOSTICS_DOCS_FILE, diagnosticsDocsText } from "../../scripts/diagnostics-docs.js";
import {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  diagnosticArea,
  diagnosticCodeInfo,
  diagnosticDocsAnchor,
} from "../../src/diagnostics/index.js";

// The registry of diagnostic codes (src/diagnostics/codes.ts) is the one list: src/ reports no code
// outside it (the type makes that a compile error; this test also reads the sources), every code in
// it is reported somewhere, and docs/diagnostics.md is rendered from it.

const REGISTRY_FILE = "src/diagnostics/codes.ts";

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts")) out.push({ file: p.split("\\").join("/"), text: readFileSync(p, "utf8") });
  }
  return out;
}

const CODE = `"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"`;
/**
 * Literals used as a diagnostic code: `code: "x"`, `code === "x"`, `code = "x"`, and the first
 * argument of a reporter (`error("x", ...)`, `err(\n "x",`), or the second after a severity
 * (`report("error", "x", ...)`, `located("warning", "x", ...)`).
 */
const CODE_CONTEXTS = [
  new RegExp(String.raw`\bcode\s*(?::|===|!==|=)\s*${CODE}`, "g"),
  new RegExp(String.raw`\b(?:error|warn|err|fail|diag|report)\(\s*(?:node|key|[a-z]+\.[a-z]+)?,?\s*${CODE}\s*,`, "g"),
  new RegExp(
    String.raw`\(\s*(?:"(?:error|warning|info)"|[^,()]+\?\s*"(?:error|warning|info)"\s*:\s*"(?:error|warning|info)"|severity|d\.severity)\s*,\s*${CODE}\s*,`,
    "g",
  ),
  new RegExp(String.raw`,\n\s*${CODE},?\n\s*\)`, "g"),
];

/** Codes the sources use in a diagnostic's place, with where. */
function codesUsed(files: Array<{ file: string; text: string }>): Map<string, string> {
  const used = new Map<string, string>();
  for (const { file, text } of files) {
    for (const re of CODE_CONTEXTS) {
      for (const m of text.matchAll(re)) {
        const line = text.slice(0, m.index).split("\n").length;
        if (!used.has(m[1])) used.set(m[1], `${file}:${line}`);
      }
    }
  }
  return used;
}

const src = sources("src").filter((f) => f.file !== REGISTRY_FILE && !f.file.startsWith("src/analysis/checks/rules/"));
const registered = Object.keys(DIAGNOSTIC_CODES);

describe("the registry of diagnostic codes", () => {
  test("every code reported in src/ is registered", () => {
    const used = codesUsed(src);
    assert.ok(used.size > 100, `the scanner finds the codes of src/ (found ${used.size})`);
    const unregistered = [...used].filter(([code]) => !registered.includes(code)).map(([c, at]) => `${c} (${at})`);
    assert.deepEqual(unregistered, [], `add these to ${REGISTRY_FILE}`);
  });

  test("every registered code is reported somewhere in src/", () => {
    const text = src.map((f) => f.text).join("\n");
    const unused = registered.filter((code) => !text.includes(`"${code}"`));
    assert.deepEqual(unused, [], `these codes are reported nowhere: remove them from ${REGISTRY_FILE}`);
  });

  test("the scanner can fail: it sees a code in each form a reporter is written", () => {
    const found = codesUsed([
      {
        file: "x.ts",
        text: [
          'push({ code: "x-one", severity: "error" });',
          'ctx.error("x-two", path, "m");',
          'located("warning", "x-three", w, "m");',
          'this.error(\n  `m`,\n  at,\n  hint,\n  "x-four",\n);',
          'if (d.code === "x-five") return;',
        ].join("\n"),
      },
    ]);
    assert.deepEqual([...found.keys()].sort(), ["x-five", "x-four", "x-one", "x-three", "x-two"]);
  });

  test("codes are kebab-case and each has a one-line description", () => {
    for (const code of registered) {
      assert.match(code, /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      const info = diagnosticCodeInfo(code);
      assert.ok(info && info.description.length > 0 && !info.description.includes("\n"), code);
      assert.ok(diagnosticArea(code as keyof typeof DIAGNOSTIC_CODES).length > 0);
    }
    assert.equal(diagnosticCodeInfo("no-such-code"), undefined);
    assert.equal(diagnosticCodeInfo("constructor"), undefined);
  });

  test("an unregistered code does not compile", () => {
    // @ts-expect-error: "no-such-code" is not a DiagnosticCode (npm run lint fails if it becomes one).
    const d: Diagnostic = { code: "no-such-code", severity: "error", message: "m" };
    assert.equal(diagnosticCodeInfo(d.code), undefined);
  });
});

/**
 * Where the sources write a severity beside a code: `{ code: "x", severity: "y" }` (either order),
 * `report("y", "x", ...)`, and the helpers `error("x")`/`err("x")` (error) and `warn("x")` (warning).
 * The run-time check (checkDiagnosticSeverity, at every rendering under the test runner) catches the
 * rest, computed severities included.
 */
function severitiesWritten(
  files: Array<{ file: string; text: string }>,
): Array<{ code: string; severity: string; at: string }> {
  const forms: Array<[RegExp, (m: RegExpMatchArray) => [string, string]]> = [
    [/\bcode:\s*"([a-z0-9-]+)",\s*severity:\s*"(error|warning|info)"/g, (m) => [m[1], m[2]]],
    [/\bseverity:\s*"(error|warning|info)"(?:\s*as const)?,\s*code:\s*"([a-z0-9-]+)"/g, (m) => [m[2], m[1]]],
    [/\b(?:report|located|diagnostic)\(\s*"(error|warning|info)",\s*"([a-z0-9-]+)"/g, (m) => [m[2], m[1]]],
    [
      /\b(error|err|warn|warning)\(\s*(?:[a-z]+\.[a-z]+,\s*|node,\s*)?"([a-z0-9]+(?:-[a-z0-9]+)+)"/g,
      (m) => [m[2], m[1].startsWith("warn") ? "warning" : "error"],
    ],
  ];
  const out: Array<{ code: string; severity: string; at: string }> = [];
  for (const { file, text } of files) {
    for (const [re, pick] of forms) {
      for (const m of text.matchAll(re)) {
        const [code, severity] = pick(m);
        out.push({ code, severity, at: `${file}:${text.slice(0, m.index).split("\n").length}` });
      }
    }
  }
  return out;
}

function wrongSeverities(files: Array<{ file: string; text: string }>): string[] {
  return severitiesWritten(files)
    .filter(({ code, severity }) => {
      const info = diagnosticCodeInfo(code);
      return info !== undefined && info.severity !== severity && info.otherwise?.severity !== severity;
    })
    .map(({ code, severity, at }) => `${code} as ${severity} (${at})`);
}

describe("a diagnostic's severity is the registry's", () => {
  test("every severity src/ writes beside a code is the registry's (or its `otherwise`)", () => {
    assert.ok(severitiesWritten(src).length > 150, "the scanner finds the severities of src/");
    assert.deepEqual(wrongSeverities(src), [], `fix the code or ${REGISTRY_FILE}`);
  });

  test("the scanner can fail", () => {
    const bad = [
      {
        file: "x.ts",
        text: 'd = { code: "policy-invalid-effect", severity: "warning", message: "m" };\nr.warn(i.node, "policy-unknown-key", "m");',
      },
    ];
    assert.deepEqual(wrongSeverities(bad), [
      "policy-invalid-effect as warning (x.ts:1)",
      "policy-unknown-key as warning (x.ts:2)",
    ]);
  });
});

describe(DIAGNOSTICS_DOCS_FILE, () => {
  const page = readFileSync(DIAGNOSTICS_DOCS_FILE, "utf8");

  test("is what the registry renders (run `npx tsx scripts/diagnostics-docs.ts` after changing it)", () => {
    assert.equal(page, diagnosticsDocsText());
  });

  test("has an anchor for every code, as diagnosticDocsAnchor links it", () => {
    for (const code of registered) {
      const anchor = diagnosticDocsAnchor(code as keyof typeof DIAGNOSTIC_CODES);
      assert.equal(anchor, `${DIAGNOSTICS_DOCS_FILE}#${code}`);
      assert.ok(page.includes(`<a id="${code}"></a>`), `${DIAGNOSTICS_DOCS_FILE} lacks ${code}`);
    }
  });

  test("can be stale: a changed description is a different page", () => {
    const info = DIAGNOSTIC_CODES["policy-invalid-effect"];
    assert.ok(page.includes(info.description));
  });
});
