import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import {
  checkDiagnosticSeverity,
  type Diagnostic,
  DiagnosticsError,
  diagnosticMessage,
  formatDiagnostic,
  renderDiagnostics,
  uniqueDiagnostics,
} from "../../src/diagnostics/index.js";

// The one rendering of diagnostics (src/diagnostics/index.ts), and the check, at test time, that a
// diagnostic's severity is the one the registry (src/diagnostics/codes.ts) documents for its code.

const warning: Diagnostic = {
  code: "account-duplicate",
  severity: "warning",
  message: "unknown key",
  file: "b.json",
  line: 3,
  column: 5,
  path: "/Foo",
};
const error: Diagnostic = {
  code: "policy-invalid-effect",
  severity: "error",
  message: "Effect must be Allow or Deny",
  file: "a.json",
  line: 7,
  column: 17,
  path: "/Statement/0/Effect",
  hint: 'add "Effect": "Allow" or "Deny"',
};

describe("renderDiagnostics", () => {
  test("sorted, each once, one formatDiagnostic per diagnostic, the errors counted", () => {
    const text = renderDiagnostics([warning, error, { ...warning }], { summary: true });
    assert.equal(
      text,
      "a.json:7:17 - error policy-invalid-effect: Effect must be Allow or Deny (at /Statement/0/Effect)\n" +
        '  hint: add "Effect": "Allow" or "Deny"\n' +
        "b.json:3:5 - warning account-duplicate: unknown key (at /Foo)\n" +
        "1 error; nothing was written.\n",
    );
  });

  test("errorsOnly leaves the rest out; colour wraps each diagnostic by severity; no summary without errors", () => {
    const color = { red: (s: string) => `<r>${s}</r>`, yellow: (s: string) => `<y>${s}</y>` };
    assert.equal(
      renderDiagnostics([warning, error], { errorsOnly: true, color }).split("\n")[0]?.startsWith("<r>a.json"),
      true,
    );
    assert.equal(renderDiagnostics([warning], { color, summary: true }), `<y>${formatDiagnostic(warning)}</y>\n`);
    assert.equal(renderDiagnostics([]), "");
  });

  test("perCode shows that many of each code, then one line counting the rest; the summary counts all", () => {
    const many = Array.from({ length: 5 }, (_x, i) => ({ ...error, line: 10 + i }));
    const text = renderDiagnostics([...many, warning], { perCode: 2, summary: true });
    assert.deepEqual(text.split("\n"), [
      "a.json:10:17 - error policy-invalid-effect: Effect must be Allow or Deny (at /Statement/0/Effect)",
      '  hint: add "Effect": "Allow" or "Deny"',
      "a.json:11:17 - error policy-invalid-effect: Effect must be Allow or Deny (at /Statement/0/Effect)",
      '  hint: add "Effect": "Allow" or "Deny"',
      "b.json:3:5 - warning account-duplicate: unknown key (at /Foo)",
      "... and 3 more policy-invalid-effect errors, not shown (the first 2 are)",
      "5 errors; nothing was written.",
      "",
    ]);
    assert.equal(renderDiagnostics(many, { perCode: 5 }), renderDiagnostics(many));
  });

  test("each distinct diagnostic once, however its copies interleave with others the order does not tell apart", () => {
    const a: Diagnostic = { code: "policy-invalid-effect", severity: "error", message: "m", line: 1, column: 1 };
    const b: Diagnostic = { ...a, file: "" };
    const c: Diagnostic = { ...a, hint: "h" };
    const unique = uniqueDiagnostics([a, b, c, { ...a }, { ...c }, { ...b }, { ...a, path: "/x" }]);
    assert.deepEqual(unique, [a, b, c, { ...a, path: "/x" }]);
  });

  test("DiagnosticsError carries the same text, and a finding's message is the message with its path", () => {
    assert.equal(new DiagnosticsError([warning, error]).message, renderDiagnostics([error, warning]).trimEnd());
    assert.equal(diagnosticMessage(warning), "unknown key (at /Foo)");
    assert.equal(diagnosticMessage({ ...warning, path: undefined }), "unknown key");
  });
});

describe("a diagnostic's severity is the registry's for its code", () => {
  test("a registered severity, or the registry's other one, passes", () => {
    checkDiagnosticSeverity(error);
    checkDiagnosticSeverity(warning);
  });

  test("another severity is a bug: it throws, naming the code and both severities", () => {
    assert.throws(
      () => checkDiagnosticSeverity({ ...error, severity: "warning" }),
      /policy-invalid-effect reported as warning, but the registry .* says error/,
    );
    assert.throws(
      () => checkDiagnosticSeverity({ ...error, code: "no-such-code" as "policy-invalid-effect" }),
      /not in the registry/,
    );
  });

  test("under the test runner, rendering checks it: a wrong severity cannot be shown", () => {
    assert.ok(process.env.NODE_TEST_CONTEXT, "node --test sets NODE_TEST_CONTEXT");
    assert.throws(() => formatDiagnostic({ ...error, severity: "info" }), /reported as info/);
    assert.throws(() => renderDiagnostics([{ ...warning, severity: "error" }]), /reported as error/);
  });

  test("for a user (no test runner, no AI_IAM_STRICT_DIAGNOSTICS), it is rendered as given", () => {
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    delete env.AI_IAM_STRICT_DIAGNOSTICS;
    const script =
      'import { formatDiagnostic } from "./src/diagnostics/index.ts";' +
      'process.stdout.write(formatDiagnostic({ code: "policy-invalid-effect", severity: "info", message: "m" }));';
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env,
      encoding: "utf8",
    });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "<input> - info policy-invalid-effect: m");
  });
});
