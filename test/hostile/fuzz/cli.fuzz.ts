/**
 * The CLI on hostile files and arguments, in-process (`main(argv)`, as bin.ts runs it): whatever
 * the input, the exit code is 0, 1 or 2 and nothing escapes as an exception.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { main } from "../../../src/cli/main.js";
import { captureOutput } from "../../helpers/capture-output.js";
import { bytes, type FuzzTarget } from "./harness.js";
import { iamString, policyTarget } from "./policy.fuzz.js";
import { specTarget } from "./spec.fuzz.js";

interface CliCase {
  command: string;
  file: "spec" | "policy" | "set";
  text: string;
  flags: string[];
}

const flag = fc.oneof(
  fc.constantFrom(
    ["--format", "json"],
    ["--format", "sarif"],
    ["--format", "bogus"],
    ["--quiet"],
    ["--fail-on", "security"],
    ["--fail-on", "nope"],
    ["--policy-type", "trust"],
    ["--pack", "risks"],
    ["--explain"],
    ["--service", "s3,toString"],
  ),
  fc.tuple(fc.constantFrom("--principal", "--action", "--resource", "--context"), iamString).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom("--principal"), fc.constantFrom("vision/alice", "nlp/carol", "toString/x", "__proto__/y")),
);

export function cliTarget(opts: { large: boolean }): FuzzTarget<CliCase> {
  const spec = specTarget(opts).arbitrary;
  const policy = policyTarget(opts).arbitrary.map((p) => p.text);
  return {
    name: "CLI exit codes",
    arbitrary: fc.oneof(
      fc.record({
        command: fc.constantFrom("check", "plan", "test", "who-can", "can", "matrix", "simulate", "diff"),
        file: fc.constant("spec" as const),
        text: spec,
        flags: fc.array(flag, { maxLength: 3 }).map((f) => f.flat()),
      }),
      fc.record({
        command: fc.constant("check"),
        file: fc.constant("policy" as const),
        text: policy,
        flags: fc.array(flag, { maxLength: 2 }).map((f) => f.flat()),
      }),
      fc.record({
        command: fc.constant("simulate"),
        file: fc.constant("set" as const),
        text: policy.map((doc) => `{"identityPolicies":[${doc}]}`),
        flags: fc.array(flag, { maxLength: 4 }).map((f) => f.flat()),
      }),
    ),
    size: (c) => bytes(c.text),
    async run(c) {
      const dir = mkdtempSync(join(tmpdir(), "ai-iam-fuzz-"));
      try {
        const file = join(dir, c.file === "spec" ? "spec.yaml" : "input.json");
        writeFileSync(file, c.text);
        const args =
          c.file === "set"
            ? [c.command, "--policy-set", file, ...c.flags]
            : c.command === "diff"
              ? [c.command, file, file, ...c.flags]
              : [c.command, file, ...c.flags];
        const { result } = await captureOutput(() => main(args));
        assert.ok(result === 0 || result === 1 || result === 2, `exit ${result} for ${args.join(" ")}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
