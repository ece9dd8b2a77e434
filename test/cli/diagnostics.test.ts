import assert from "node:assert/strict";
import { test } from "node:test";
import { type Diagnostic, uniqueDiagnostics } from "../../src/diagnostics/index.js";

test("each distinct diagnostic is reported once, in stable order", () => {
  const a: Diagnostic = {
    code: "spec-yaml-syntax",
    severity: "error",
    message: "m",
    file: "a.yaml",
    line: 1,
    column: 790,
  };
  const b: Diagnostic = { ...a, column: 2 };
  const c: Diagnostic = { ...a, message: "other" };
  assert.deepEqual(uniqueDiagnostics([a, { ...a }, c, b, { ...a }]), [b, a, c]);
});
