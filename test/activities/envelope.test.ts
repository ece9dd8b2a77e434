import assert from "node:assert/strict";
import { test } from "node:test";
import { bedrockModelArns } from "../../src/activities/bedrock.js";
import { accountlessInAnyRegion } from "../../src/activities/guardrails.js";
import { activities, executionRoleStatements, personaStatements } from "../../src/activities/index.js";
import type { Statement } from "../../src/policy/types.js";
import { Random } from "../helpers/random.js";
import { activityContext, exampleSpec, teamContext } from "./fixture.js";

/**
 * The boundary envelope and the Bedrock activity handle guardrails of tens of thousands of model
 * patterns (bench/hostile.bench.ts, many-models): ARNs are generalized by position and built in
 * sorted order instead of split into parts and sorted again. Each is held equal here to the plain
 * version it replaced.
 */

/** The original: split into parts, an empty account part generalizes the region. */
function referenceAccountless(r: string): string | undefined {
  const parts = r.split(":");
  return parts[4] === "" ? [...parts.slice(0, 3), "*", ...parts.slice(4)].join(":") : undefined;
}

test("accountlessInAnyRegion: the ARN splitting it into parts generalized", () => {
  const fixed = [
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0",
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/*.m",
    "arn:aws:ec2:us-east-1::image/ami-1",
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::",
    "arn:aws:s3::",
    "arn:aws:x:r:",
    "arn:aws:x:r::",
    "arn:aws:x:r:::",
    "*",
    "",
    ":::::",
  ];
  for (const r of fixed) assert.equal(accountlessInAnyRegion(r), referenceAccountless(r), r);
  const rnd = new Random(3);
  for (let i = 0; i < 2000; i++) {
    const r = Array.from({ length: rnd.int(12) }, () => rnd.pick([":", "a", "b", "*", "/"])).join("");
    assert.equal(accountlessInAnyRegion(r), referenceAccountless(r), JSON.stringify(r));
  }
});

/** The original: every region (sorted) × every model in the order written, both ARN forms. */
function referenceModelArns(models: string[], regions: string[], account: string): string[] {
  const out: string[] = [];
  for (const region of [...regions].sort()) {
    for (const model of models) {
      out.push(`arn:aws:bedrock:${region}::foundation-model/${model}`);
      out.push(`arn:aws:bedrock:${region}:${account}:inference-profile/*.${model}`);
    }
  }
  return [...new Set(out)].sort();
}

test("bedrockModelArns: the ARNs of every model in every region, sorted, each once", () => {
  const rnd = new Random(9);
  const names = ["a", "b", "m1", "m10", "m2", "x:0", "x-*", "*", "ü", "Z", "a b", ""];
  const regionNames = ["us-east-1", "us-east-10", "eu-west-1", "us-west-2", "ap-south-1"];
  for (let round = 0; round < 200; round++) {
    const models = Array.from({ length: rnd.int(8) }, () => rnd.pick(names) + (rnd.chance(0.5) ? rnd.pick(names) : ""));
    const regions = rnd.chance(0.2) ? [] : rnd.sample(regionNames, 1 + rnd.int(4)).reverse();
    const account = rnd.pick(["123456789012", ""]);
    const spec = exampleSpec({ account });
    spec.guardrails = { ...spec.guardrails, allowedRegions: regions, bedrock: { models } };
    const ctx = activityContext(spec, "nlp", "data-scientist");
    const expected = referenceModelArns(models, regions.length > 0 ? regions : [spec.region], account);
    assert.deepEqual(bedrockModelArns(ctx), expected, `round ${round}: ${JSON.stringify({ models, regions })}`);
  }
});

test("a persona's datasets at the team's levels are the execution role's statements, not a copy", () => {
  const spec = exampleSpec();
  const ctx = teamContext(spec, "nlp");
  const role = executionRoleStatements(ctx);
  const isDataset = (s: Statement) => s.Sid?.startsWith("Dataset") ?? false;
  // data-scientist holds the team's levels (nlp-artifacts: write); the analyst reads only.
  const scientist = personaStatements(ctx, "data-scientist").filter(isDataset);
  assert.ok(scientist.length > 2);
  for (const s of scientist) assert.ok(role.includes(s), `${s.Sid} is the role's own`);
  const analyst = personaStatements(ctx, "analyst").filter(isDataset);
  assert.ok(analyst.some((s) => !role.includes(s)));
  assert.ok(!analyst.some((s) => s.Sid?.endsWith("Write")));
});

test("the personas of a team share the statements of an activity that depends on the team alone", () => {
  const spec = exampleSpec();
  const ctx = teamContext(spec, "vision");
  const scientist = personaStatements(ctx, "data-scientist");
  const engineer = personaStatements(ctx, "ml-engineer");
  const training = (list: Statement[]) => list.filter((s) => s.Sid?.startsWith("Training"));
  assert.ok(training(scientist).length > 2);
  assert.deepEqual(training(engineer), training(scientist));
  for (const s of training(engineer)) assert.ok(scientist.includes(s), `${s.Sid} is shared`);
  // And only those: `models` depends on the persona (mlops approves model versions).
  for (const activity of activities) {
    assert.equal(activity.perTeam === true, !["datasets", "models"].includes(activity.id), activity.id);
  }
});
