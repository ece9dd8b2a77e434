import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type ProveReport, proveIsolation, teamResources } from "../../../src/analysis/prover/isolation.js";
import { loadReviewInput } from "../../../src/cli/commands/review-input.js";
import { simulate } from "../../../src/engine/index.js";
import { policySetForPrincipal } from "../../../src/model/policy-set.js";
import type { AccessModel } from "../../../src/model/types.js";
import { compileWildcard } from "../../../src/policy/wildcard.js";

/** `ai-iam prove`: team isolation over every request, each violation replayed through the engine. */
async function example(): Promise<AccessModel> {
  const input = await loadReviewInput("examples/ai-platform", {});
  assert.ok(input);
  return input.model;
}

const NO_VARS = { variable: () => undefined };

function matchResource(pattern: string, resource: string): boolean {
  return compileWildcard(pattern, { arn: true }).test(resource, NO_VARS);
}

function replay(model: AccessModel, report: ProveReport): void {
  const owned = teamResources(model);
  for (const p of report.properties) {
    if (p.status !== "violated") continue;
    const req = p.counterexample!.request;
    assert.equal(simulate(policySetForPrincipal(model, p.principal), req).decision, "Allowed", JSON.stringify(req));
    // The request acts on one of the other team's own resources, with an action that team is granted there.
    const groups = owned.get(p.team!) ?? [];
    assert.ok(
      groups.some((g) => g.resources.some((r) => matchResource(r, req.resource))),
      `${req.resource} is ${p.team}'s`,
    );
  }
}

describe("prove: team isolation", () => {
  test("the example: the teams' execution roles never touch the other team's resources", {
    timeout: 900_000,
  }, async () => {
    const model = await example();
    const owned = teamResources(model);
    assert.deepEqual([...owned.keys()], ["nlp", "vision"]);
    const vision = owned.get("vision")!.flatMap((g) => g.resources);
    assert.ok(vision.includes("arn:aws:s3:::acme-ai-datasets/imagenet/*"), vision.join(" "));
    // The team's SageMaker execution role (the compiler names it; only vision passes it).
    assert.ok(
      vision.some((r) => /:role\/ai-iam\/acme-ai\/vision\/[^*]*execution/.test(r)),
      vision.join(" "),
    );
    assert.ok(!vision.includes("*") && !vision.some((r) => r.includes("foundation-model")), "shared is nobody's");
    const report = await proveIsolation(model, { timeoutMs: 60_000 });
    const byName = new Map(report.properties.map((p) => [`${p.principal}→${p.team}`, p.status]));
    assert.equal(byName.get("nlp/execution-role→vision"), "proven");
    assert.equal(byName.get("vision/execution-role→nlp"), "proven");
    replay(model, report);
  });

  test("a widened grant (nlp's artifacts prefix to the whole bucket, boundary too) is violated on vision's artifacts", {
    timeout: 900_000,
  }, async () => {
    const model = await example();
    const policies = model.policies.map((p) =>
      p.id.startsWith("nlp/")
        ? {
            ...p,
            document: JSON.parse(
              JSON.stringify(p.document).replaceAll(
                "arn:aws:s3:::acme-ai-artifacts/nlp/*",
                "arn:aws:s3:::acme-ai-artifacts/*",
              ),
            ),
          }
        : p,
    );
    const widened = { ...model, policies };
    const report = await proveIsolation(widened, { timeoutMs: 60_000, ids: ["nlp/execution-role"] });
    assert.equal(report.properties.length, 1);
    const [p] = report.properties;
    assert.equal(p.status, "violated", p.reason);
    assert.match(p.counterexample!.request.resource, /^arn:aws:s3:::acme-ai-artifacts\/vision\//);
    replay(widened, report);
  });

  test("CLI: --shard splits the principals; a bad shard is a usage error", { timeout: 900_000 }, () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const r = run("prove", "examples/ai-platform", "--format", "json", "--shard", "3/6", "--quiet");
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const out = JSON.parse(r.stdout) as ProveReport & { shard: string };
    assert.equal(out.shard, "3/6");
    // Sorted ids: nlp/carol, nlp/dan, nlp/execution-role, …: the third is shard 3's only principal.
    assert.deepEqual([...new Set(out.properties.map((p) => p.principal))], ["nlp/execution-role"]);
    assert.equal(out.properties[0].status, "proven");
    assert.equal(r.status, 0);
    const bad = run("prove", "examples/ai-platform", "--shard", "7/6");
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, "");
    assert.match(bad.stderr, /--shard must be i\/n/);
  });
});
