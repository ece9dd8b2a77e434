/**
 * The review workflows at scale: the generated organization of 100 teams and 1,000 members (every
 * persona, every activity, Bedrock for every team). The matrix covers every catalog action of S3,
 * SageMaker, Bedrock, EC2, ECR, CloudWatch Logs and KMS (about 3,000 actions, service × access
 * level columns) plus every activity's scoped (action, resource) pairs for the member's team.
 * The diff compares two versions in which every member's access changes (another approved
 * Bedrock model and another training instance family), so no principal is skipped as unchanged.
 * Targets: matrix < 10 s and diff < 15 s, both on two worker threads.
 */

import { activityCapabilities } from "../src/analysis/review/activity-capabilities.js";
import { serviceActions } from "../src/analysis/review/catalog-view.js";
import { accessMatrixParallel, diffModelsParallel } from "../src/analysis/review/parallel.js";
import { compileSpec } from "../src/compile/compile.js";
import { loadSpecFromString } from "../src/input/team-spec/load.js";
import type { Spec } from "../src/input/team-spec/types.js";
import type { AccessModel } from "../src/model/types.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

const SERVICES = ["s3", "sagemaker", "bedrock", "ec2", "ecr", "logs", "kms"];

function compile(text: string): { spec: Spec; model: AccessModel } {
  const loaded = loadSpecFromString(text, "generated.yaml");
  if (!loaded.spec) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const compiled = compileSpec(loaded.spec);
  if (!compiled.model) throw new Error(JSON.stringify(compiled.diagnostics.slice(0, 3)));
  return { spec: loaded.spec, model: compiled.model };
}

export default async function (): Promise<void> {
  const yaml = generateOrgSpec(100, 10);
  const changed = yaml
    .replace('"amazon.titan-embed-text-v2:0"]', '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]')
    .replace('trainingInstanceTypes: ["ml.g5.*"', 'trainingInstanceTypes: ["ml.g6.*", "ml.g5.*"');
  const first = compile(yaml);
  const actions = SERVICES.reduce((n, s) => n + serviceActions(s).length, 0);
  const activities = await activityCapabilities(first.spec);
  const pairs = activities.reduce((n, a) => n + Object.values(a.byTeam).reduce((m, l) => m + l.length, 0), 0);
  process.stdout.write(
    `${first.model.principals.length} principals, ${first.model.policies.length} policies; ` +
      `${actions} actions in ${SERVICES.join(", ")}; ${activities.length} activities (${pairs} team-scoped pairs)\n`,
  );
  // Warm-up on a small organization, so the first timed run does not also pay for this thread's
  // one-time work (catalog indexes, action expansions, JIT) and the two runs compare fairly.
  const small = compile(generateOrgSpec(3, 10));
  await diffModelsParallel(small.model, compile(generateOrgSpec(3, 10)).model, { workers: 1 });
  await accessMatrixParallel(
    small.model,
    { services: SERVICES, activities: await activityCapabilities(small.spec) },
    { workers: 1 },
  );
  for (const workers of [2, 1]) {
    // Fresh models each time: nothing compiled for one run helps the next.
    const v1 = compile(yaml).model;
    const v2 = compile(changed).model;
    let start = performance.now();
    const matrix = await accessMatrixParallel(v1, { services: SERVICES, activities }, { workers });
    const matrixMs = performance.now() - start;
    const held = matrix.rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.allowed + c.conditional, 0), 0);
    const v1b = compile(yaml).model;
    start = performance.now();
    const diff = await diffModelsParallel(v1b, v2, { workers });
    const diffMs = performance.now() - start;
    const added = diff.principals.reduce((n, p) => n + p.added.length, 0);
    const removed = diff.principals.reduce((n, p) => n + p.removed.length, 0);
    process.stdout.write(
      `workers ${workers}: matrix ${(matrixMs / 1000).toFixed(2)} s (${matrix.rows.length} rows × ${matrix.capabilities.length} columns, ${held} action grants counted)` +
        ` · diff ${(diffMs / 1000).toFixed(2)} s (${diff.principals.length} principals changed, +${added} -${removed})` +
        `${workers === 2 ? "  [targets: matrix < 10 s, diff < 15 s]" : ""}\n`,
    );
  }
}
