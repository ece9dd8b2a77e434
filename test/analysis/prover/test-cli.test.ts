import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { solverStarted } from "../../../src/analysis/prover/index.js";
import { loadReviewInput } from "../../../src/cli/commands/review-input.js";
import { runTestCommand } from "../../../src/cli/commands/test.js";
import { simulate } from "../../../src/engine/index.js";
import { policySetForPrincipal } from "../../../src/model/policy-set.js";
import { matches, RESOURCE_PATTERN } from "../../../src/policy/wildcard.js";

/** `ai-iam test` with `expect: never` / `expect: always`: proven by the solver, counterexamples replayed. */

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The example spec with `extra` appended to nlp.yaml's tests. */
function specWith(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-exact-tests-"));
  dirs.push(dir);
  cpSync("examples/ai-platform", dir, { recursive: true });
  const nlp = join(dir, "nlp.yaml");
  writeFileSync(nlp, `${readFileSync(nlp, "utf8").trimEnd()}\n${extra}`);
  return dir;
}

interface JsonTest {
  principal: string;
  expect: string;
  passed: boolean;
  status?: string;
  principals?: string[];
  reason?: string;
  counterexample?: {
    principal: string;
    decision: string;
    request: { action: string; resource: string; context?: Record<string, string | string[]> };
  };
}

async function run(spec: string, extra: string[] = []): Promise<{ code: number; tests: JsonTest[] }> {
  const out = join(mkdtempSync(join(tmpdir(), "ai-iam-exact-out-")), "r.json");
  dirs.push(join(out, ".."));
  const code = await runTestCommand(spec, {
    format: "json",
    out,
    quiet: true,
    ...(extra.length ? { queryTimeout: extra[0] } : {}),
  });
  let tests: JsonTest[] = [];
  try {
    tests = (JSON.parse(readFileSync(out, "utf8")) as { tests: JsonTest[] }).tests;
  } catch {
    // nothing written (invalid input)
  }
  return { code, tests };
}

const IMAGENET = "arn:aws:s3:::acme-ai-datasets/imagenet/*";
const SLOW = { timeout: 600_000 };

describe("ai-iam test: never / always", () => {
  // First in this file: nothing before it has started the solver.
  test("a spec without never/always tests does not load the solver", async () => {
    const { code, tests } = await run("examples/ai-platform");
    assert.equal(code, 0);
    assert.ok(tests.length > 0);
    assert.equal(solverStarted(), false);
  });

  test(
    "never: proven for another team's dataset; violated for the owner, with an engine-confirmed request",
    SLOW,
    async () => {
      const spec = specWith(
        [
          `  - { principal: "nlp/*", action: "s3:*", resource: "${IMAGENET}", expect: never }`,
          `  - { principal: "vision/*", action: "s3:Get*", resource: "${IMAGENET}", expect: never }`,
        ].join("\n"),
      );
      const { code, tests } = await run(spec);
      assert.equal(code, 1);
      assert.equal(solverStarted(), true);
      const nlp = tests.find((t) => t.principal === "nlp/*")!;
      assert.equal(nlp.status, "proven", nlp.reason);
      assert.equal(nlp.passed, true);
      assert.ok(nlp.principals!.includes("nlp/carol") && nlp.principals!.every((p) => p.startsWith("nlp/")));
      const vision = tests.find((t) => t.principal === "vision/*")!;
      assert.equal(vision.status, "violated");
      assert.equal(vision.passed, false);
      // Replay: the engine allows the request, and it matches the test's pattern.
      const x = vision.counterexample!;
      assert.ok(x.principal.startsWith("vision/"));
      assert.ok(/^s3:get/i.test(x.request.action), x.request.action);
      assert.ok(matches(IMAGENET, x.request.resource, RESOURCE_PATTERN), x.request.resource);
      const model = (await loadReviewInput(spec, {}))!.model;
      assert.equal(simulate(policySetForPrincipal(model, x.principal), x.request as never).decision, "Allowed");
      assert.equal(x.decision, "Allowed");
    },
  );

  test("always: proven in a context that satisfies the guardrails, violated when MFA is left open", SLOW, async () => {
    const ctx = `{ "aws:MultiFactorAuthPresent": "true", "aws:RequestedRegion": "us-east-1" }`;
    const spec = specWith(
      [
        `  - { principal: vision/alice, action: s3:GetObject, resource: "${IMAGENET}", context: ${ctx}, expect: always }`,
        `  - { principal: vision/alice, action: s3:GetObject, resource: "${IMAGENET}", context: { "aws:RequestedRegion": "us-east-1" }, expect: always }`,
      ].join("\n"),
    );
    const { code, tests } = await run(spec);
    assert.equal(code, 1);
    const [good, open] = tests.filter((t) => t.expect === "always");
    assert.equal(good.status, "proven", good.reason);
    assert.equal(open.status, "violated");
    const req = open.counterexample!.request;
    assert.notEqual(open.counterexample!.decision, "Allowed");
    assert.notEqual(req.context?.["aws:MultiFactorAuthPresent"], "true");
  });

  test("all proven: exit 0", SLOW, async () => {
    const spec = specWith(`  - { principal: "nlp/*", action: "s3:*", resource: "${IMAGENET}", expect: never }`);
    const { code, tests } = await run(spec);
    assert.equal(code, 0, JSON.stringify(tests.filter((t) => !t.passed)));
  });

  for (const [what, extra] of [
    [
      "a principal pattern with expect: allow",
      `  - { principal: "nlp/*", action: s3:GetObject, resource: "${IMAGENET}", expect: allow }`,
    ],
    [
      "a pattern that matches no principal",
      `  - { principal: "robotics/*", action: "s3:*", resource: "${IMAGENET}", expect: never }`,
    ],
    [
      "an action pattern with expect: deny",
      `  - { principal: nlp/carol, action: "s3:Get*", resource: "${IMAGENET}", expect: deny }`,
    ],
    [
      "an action pattern that matches no action",
      `  - { principal: "nlp/*", action: "s3:Frobnicate*", resource: "${IMAGENET}", expect: never }`,
    ],
    ["an unknown expect", `  - { principal: nlp/carol, action: "s3:*", resource: "${IMAGENET}", expect: sometimes }`],
  ] as const) {
    test(`invalid: ${what} is exit 2, nothing written`, async () => {
      const { code, tests } = await run(specWith(extra));
      assert.equal(code, 2);
      assert.equal(tests.length, 0);
    });
  }

  test("--query-timeout must be a positive integer", async () => {
    const { code } = await run("examples/ai-platform", ["soon"]);
    assert.equal(code, 2);
  });
});
