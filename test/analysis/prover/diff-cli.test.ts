import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { ExactDiff } from "../../../src/analysis/prover/models.js";
import { loadReviewInput } from "../../../src/cli/commands/review-input.js";
import { simulate } from "../../../src/engine/index.js";
import { policySetForPrincipal } from "../../../src/model/policy-set.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { PolicyDocument } from "../../../src/policy/types.js";

/**
 * `diff --fail-on-new-access` decided by the prover (issue 11's reproducer): widening the region
 * guardrail, dropping MFA, trusting an OIDC provider are new access, each with a counterexample
 * request the engine confirms; commands that do not prove never load Z3.
 */
const SPY = join(process.cwd(), "test/analysis/prover/fixtures/z3-spy.cjs");

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ["--require", SPY, "--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const z3Loaded = (stderr: string) => /\[z3-spy\] loaded/.test(stderr);

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-exact-diff-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function variant(name: string, edit: (org: string) => string): string {
  const dir = join(tmp, name);
  cpSync("examples/ai-platform", dir, { recursive: true });
  const file = join(dir, "org.yaml");
  const before = readFileSync(file, "utf8");
  const edited = edit(before);
  assert.notEqual(edited, before, `the ${name} edit applies`);
  writeFileSync(file, edited);
  return dir;
}

async function model(path: string): Promise<AccessModel> {
  const input = await loadReviewInput(path, {});
  assert.ok(input);
  return input.model;
}

const allowAll: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }],
};

/** Every finding replayed through the engine, independently of the prover: denied before, allowed after. */
async function replay(oldPath: string, newPath: string, exact: ExactDiff): Promise<number> {
  const [before, afterModel] = [await model(oldPath), await model(newPath)];
  let n = 0;
  for (const p of exact.principals) {
    for (const f of p.findings) {
      if (p.question === "access") {
        const now = simulate(policySetForPrincipal(afterModel, p.id), f.request).decision;
        const was = simulate(policySetForPrincipal(before, p.id), f.request).decision;
        assert.equal(now, "Allowed", JSON.stringify(f.request));
        assert.notEqual(was, "Allowed", JSON.stringify(f.request));
      } else {
        const trust = (m: AccessModel) => {
          const role = m.principals.find((x) => x.id === p.id);
          const doc = m.policies.find((x) => x.id === role?.trustPolicy)?.document;
          return {
            identityPolicies: [{ name: "caller", document: allowAll }],
            ...(doc ? { resourcePolicy: { name: "trust", document: doc } } : {}),
          };
        };
        assert.equal(simulate(trust(afterModel), f.request).decision, "Allowed", JSON.stringify(f.request));
        assert.notEqual(simulate(trust(before), f.request).decision, "Allowed", JSON.stringify(f.request));
      }
      n++;
    }
  }
  return n;
}

describe("diff: exact no-new-access", () => {
  test("more regions and requireMfa: false are new access, with engine-confirmed counterexamples", {
    timeout: 900_000,
  }, async () => {
    const loosened = variant("loosened", (s) =>
      s
        .replace(
          "allowedRegions: [us-east-1, us-west-2]",
          "allowedRegions: [us-east-1, us-west-2, eu-west-1, ap-south-1]",
        )
        .replace("requireMfa: true", "requireMfa: false"),
    );
    const r = run("diff", "examples/ai-platform", loosened, "--format", "json", "--fail-on-new-access", "--quiet");
    assert.equal(r.code, 1, r.stderr);
    assert.ok(z3Loaded(r.stderr));
    const d = JSON.parse(r.stdout) as { exact: ExactDiff };
    assert.equal(d.exact.status, "violated");
    // Every member and execution role gains access (the sampled diff sees none for vision's members).
    const violated = d.exact.principals.filter((p) => p.status === "violated").map((p) => p.id);
    for (const id of ["vision/alice", "vision/bob", "nlp/carol", "vision/execution-role"]) {
      assert.ok(violated.includes(id), `${id} in ${violated.join(", ")}`);
    }
    const findings = d.exact.principals.flatMap((p) => p.findings);
    // Nothing else changed: each counterexample uses a new region (requested or in the ARN) or no MFA.
    const NEW = ["eu-west-1", "ap-south-1"];
    for (const f of findings) {
      const ctx = f.request.context ?? {};
      const why =
        NEW.includes(String(ctx["aws:RequestedRegion"])) ||
        NEW.some((r) => f.request.resource.includes(`:${r}:`)) ||
        ctx["aws:MultiFactorAuthPresent"] !== "true";
      assert.ok(why, JSON.stringify(f.request));
    }
    assert.ok((await replay("examples/ai-platform", loosened, d.exact)) >= violated.length);
  });

  test("trusting an OIDC provider is new access: who may assume the roles", { timeout: 900_000 }, async () => {
    const roles = variant("roles", (s) => s.replace(/^identity: iam-users.*$/m, "identity: iam-roles"));
    const oidc = variant("oidc", (s) =>
      s.replace(
        /^identity: iam-users.*$/m,
        // Pinned as the compiler requires (audience and subjects): still new callers of every role.
        "identity: iam-roles\ntrust:\n  oidcProvider: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\n" +
          '  oidcAudience: sts.amazonaws.com\n  oidcSubjects: ["repo:acme/ml-*:ref:refs/heads/main"]',
      ),
    );
    const r = run("diff", roles, oidc, "--format", "json", "--fail-on-new-access", "--quiet");
    assert.equal(r.code, 1, r.stderr);
    const d = JSON.parse(r.stdout) as { newAccess: boolean; exact: ExactDiff };
    const trust = d.exact.principals.filter((p) => p.question === "trust");
    assert.ok(trust.length > 0 && trust.every((p) => p.status === "violated"), JSON.stringify(d.exact));
    for (const p of trust) {
      assert.match(p.findings[0].request.principal, /oidc-provider\/token\.actions\.githubusercontent\.com$/);
      assert.equal(p.findings[0].request.action, "sts:AssumeRoleWithWebIdentity");
    }
    assert.ok((await replay(roles, oidc, d.exact)) >= trust.length);
    const text = run("diff", roles, oidc, "--fail-on-new-access", "--quiet");
    assert.equal(text.code, 1);
    assert.match(text.stdout, /Exact check: new access/);
    assert.match(
      text.stdout,
      /\+ sts:AssumeRoleWithWebIdentity on arn:aws:iam::123456789012:role\/.*ImplicitlyDenied → Allowed/,
    );
  });

  test("an unchanged spec is proven without starting the solver; --no-exact keeps the sampled answer", {
    timeout: 900_000,
  }, () => {
    const same = run(
      "diff",
      "examples/ai-platform",
      "examples/ai-platform",
      "--fail-on-new-access",
      "--format",
      "json",
    );
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual(JSON.parse(same.stdout).exact, { status: "proven", principals: [] });
    assert.ok(!z3Loaded(same.stderr), same.stderr);
    const narrowed = variant("narrowed", (s) =>
      s.replace("allowedRegions: [us-east-1, us-west-2]", "allowedRegions: [us-east-1]"),
    );
    const sampled = run(
      "diff",
      "examples/ai-platform",
      narrowed,
      "--fail-on-new-access",
      "--no-exact",
      "--format",
      "json",
    );
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.equal(JSON.parse(sampled.stdout).exact, undefined);
    assert.ok(!z3Loaded(sampled.stderr));
  });

  test("commands that do not prove never load Z3 (start-up time)", { timeout: 900_000 }, () => {
    for (const args of [
      ["check", "examples/ai-platform", "--fail-on", "never"],
      [
        "simulate",
        "examples/ai-platform",
        "--principal",
        "vision/alice",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg",
      ],
      ["diff", "examples/ai-platform", "examples/ai-platform"],
      ["test", "examples/ai-platform"],
    ]) {
      const r = run(...args);
      assert.ok(r.code === 0 || r.code === 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /\[z3-spy\] not loaded/, args[0]);
    }
  });
});
