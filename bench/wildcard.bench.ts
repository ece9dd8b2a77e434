/**
 * The IAM wildcard module on hostile and typical input (issue 14). Target: each of the issue's
 * adversarial cases < 100 ms (`matches`, `covers`, `overlaps`). Then larger hostile shapes, and
 * the throughput on typical action and resource patterns. Figures are the median of 5 timed runs
 * after a warm-up.
 */
import { ACTION_PATTERN, compileWildcard, covers, matches, overlaps } from "../src/policy/wildcard.js";

function time(label: string, target: number | undefined, run: () => unknown): void {
  run();
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[2];
  const verdict =
    target === undefined ? "" : median < target ? `  (target < ${target} ms: ok)` : `  (target < ${target} ms: MISSED)`;
  process.stdout.write(`${label.padEnd(64)} ${median.toFixed(3).padStart(10)} ms${verdict}\n`);
}

export default async function main(): Promise<void> {
  const bomb = `a.${"a*".repeat(14)}b`;
  const as = `a.${"a".repeat(40)}`;
  const issueCases: Array<[string, () => unknown]> = [
    ["issue 14: matches(a.a*…*b, a.aaaa…)", () => matches(bomb, as)],
    ["issue 14: covers(a.a*…*b, a.aaaa…)", () => covers(bomb, as)],
    ["issue 14: covers(a.aaaa…, a.a*…*b)", () => covers(as, bomb)],
    ["issue 14: overlaps(a.a*…*b, a.aaaa…)", () => overlaps(bomb, as)],
    [
      "issue 14: action s3:a*a*…*b vs s3:aaaa… (40)",
      () => matches(`s3:${"a*".repeat(20)}b`, `s3:${"a".repeat(40)}`, ACTION_PATTERN),
    ],
  ];
  for (const [label, run] of issueCases) time(label, 100, run);
  // Beyond the issue: sizes where a backtracking matcher would run for hours. A literal segment costs
  // O(n); a segment with ? costs O(n · k/32) for k characters (Shift-And), so the second line grows
  // with the segment's length.
  const largeCases: Array<[string, () => unknown]> = [
    [
      "1 MB subject, *aaaa…b* (1,000 literal characters)",
      () => matches(`*${"a".repeat(1000)}b*`, "a".repeat(1_000_000)),
    ],
    [
      "1 MB subject, *a?a?…b* (1,000 characters with ?)",
      () => matches(`*${"a?".repeat(500)}b*`, "a".repeat(1_000_000)),
    ],
    ["1 MB subject, *a*a*…*b (5,000 stars)", () => matches(`${"*a".repeat(5000)}*b`, "a".repeat(1_000_000))],
    [
      "covers: two 100 kB patterns with stars and ?",
      () => covers(`*${"a?*".repeat(30_000)}b`, `*${"a*?".repeat(30_000)}`),
    ],
    [
      "overlaps: two 100 kB patterns, one without a star",
      () => overlaps(`*${"a?*".repeat(30_000)}b`, "a".repeat(100_000)),
    ],
  ];
  for (const [label, run] of largeCases) time(label, undefined, run);

  // Typical matching: action and resource patterns as policies write them, against 10,000 subjects.
  const actions = ["s3:Get*", "sagemaker:Describe*", "s3:*Object", "ec2:*", "bedrock:Invoke?odel*"].map((p) =>
    compileWildcard(p, ACTION_PATTERN),
  );
  const resources = [
    "arn:aws:s3:::team-data/datasets/*",
    "arn:aws:sagemaker:*:111122223333:training-job/team-*",
    "arn:aws:s3:::team-*/home/*/notes/*",
  ].map((p) => compileWildcard(p, { arn: true, variables: true }));
  const subjects = Array.from({ length: 10_000 }, (_, i) => [
    ["s3:getobject", "sagemaker:describeendpoint", "s3:putobject", "ec2:runinstances", "bedrock:invokemodel"][i % 5],
    [
      `arn:aws:s3:::team-data/datasets/${i}.parquet`,
      `arn:aws:sagemaker:us-east-1:111122223333:training-job/team-${i}`,
      `arn:aws:s3:::team-${i % 7}/home/u${i}/notes/x.md`,
    ][i % 3],
  ]);
  let hits = 0;
  const t0 = performance.now();
  for (let round = 0; round < 20; round++) {
    for (const [a, r] of subjects) {
      for (const p of actions) if (p.test(a)) hits++;
      for (const p of resources) if (p.test(r)) hits++;
    }
  }
  const ms = performance.now() - t0;
  const tests = 20 * subjects.length * (actions.length + resources.length);
  process.stdout.write(
    `typical patterns: ${Math.round(tests / (ms / 1000)).toLocaleString("en-US")} tests/s (${hits} matches in ${tests} tests)\n`,
  );
}
