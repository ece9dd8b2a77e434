/**
 * Team specs: YAML that is spec-shaped with hostile names and values (Object's property names,
 * typos, wildcard bombs), the example spec with a few edits, alias-heavy and deeply nested YAML;
 * loaded, and when valid compiled and its access tests run.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { runAccessTests } from "../../../src/analysis/review/run-tests.js";
import { compileSpec } from "../../../src/compile/index.js";
import { loadSpecFromString } from "../../../src/input/team-spec/index.js";
import { ROOT, spec } from "../helpers.js";
import { bytes, type FuzzTarget, mutated, PROTO_KEYS, type Tree, toJson } from "./harness.js";
import { iamString } from "./policy.fuzz.js";

const name = fc.oneof(
  { arbitrary: fc.constantFrom("vision", "nlp", "alice", "bob", "imagenet", "labeler", "data-scientist"), weight: 4 },
  { arbitrary: fc.constantFrom(...PROTO_KEYS), weight: 2 },
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), weight: 2 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
const persona = fc.constantFrom("data-scientist", "ml-engineer", "mlops", "analyst", "labeler", ...PROTO_KEYS);
const region = fc.constantFrom("us-east-1", "us-west-2", "eu-west-1", "us-wset-2", "europe-west1", "*", "");
const pattern = fc.oneof(
  fc.constantFrom("ml.g5.*", "ml.p4d.24xlarge", "g5.*", "anthropic.claude-*", `a.${"a*".repeat(14)}b`),
  fc.array(fc.constantFrom("a", "*", "?", "."), { maxLength: 40 }).map((xs) => xs.join("")),
);

function map(entries: Array<[string, Tree]>): Tree {
  return { entries };
}

const team: fc.Arbitrary<Tree> = fc
  .record({
    datasets: fc.array(fc.tuple(name, fc.constantFrom("read", "write", "admin")), { maxLength: 3 }),
    activities: fc.array(fc.constantFrom("bedrock", "training", "notebooks", ...PROTO_KEYS), { maxLength: 2 }),
    members: fc.array(fc.tuple(name, fc.oneof(persona, fc.array(persona, { maxLength: 2 }))), { maxLength: 3 }),
  })
  .map((t) =>
    map([
      ["datasets", map(t.datasets)],
      ["activities", t.activities],
      ["members", map(t.members as Array<[string, Tree]>)],
    ]),
  );

const accessTest: fc.Arbitrary<Tree> = fc
  .record({
    principal: fc.tuple(name, name).map(([t, m]) => `${t}/${m}`),
    action: fc.oneof(iamString, fc.constantFrom("s3:GetObject", "s4:GetObjekt", "sagemaker:CreateTrainingJob")),
    resource: fc.oneof(iamString, fc.constant("arn:aws:s3:::acme-data/clicks/a"), fc.constant("not-an-arn")),
    expect: fc.constantFrom("allow", "deny", "maybe"),
    context: fc.array(fc.tuple(fc.constantFrom("aws:SourceIp", "aws:RequestedRegion", ...PROTO_KEYS), iamString), {
      maxLength: 2,
    }),
  })
  .map((t) =>
    map([
      ["principal", t.principal],
      ["action", t.action],
      ["resource", t.resource],
      ["expect", t.expect],
      ["context", map(t.context)],
    ]),
  );

/** A spec as a tree (written as JSON, which is YAML too): mostly well formed, with hostile names. */
const shaped: fc.Arbitrary<string> = fc
  .record({
    identity: fc.constantFrom("iam-users", "iam-roles", "identity-center", "toString"),
    region,
    allowedRegions: fc.array(region, { maxLength: 3 }),
    models: fc.array(pattern, { maxLength: 3 }),
    instanceTypes: fc.array(pattern, { maxLength: 3 }),
    datasets: fc.array(fc.tuple(name, fc.constantFrom("acme-data", "Bad_Bucket", "a")), { maxLength: 3 }),
    personas: fc.array(fc.tuple(name, fc.array(fc.constantFrom("datasets", "observability", "toString"))), {
      maxLength: 2,
    }),
    teams: fc.array(fc.tuple(name, team), { maxLength: 3 }),
    tests: fc.array(accessTest, { maxLength: 3 }),
    suppress: fc.array(
      fc.record({
        rule: fc.constantFrom("*", "iam-user-for-human", "iam-user-for-humans", ...PROTO_KEYS),
        reason: iamString,
      }),
      { maxLength: 2 },
    ),
  })
  .map((s) =>
    toJson(
      map([
        ["version", 1],
        ["organization", "acme"],
        ["account", "123456789012"],
        ["region", s.region],
        ["identity", s.identity],
        [
          "guardrails",
          map([
            ["allowedRegions", s.allowedRegions],
            ["trainingInstanceTypes", s.instanceTypes],
            ["bedrock", map([["models", s.models]])],
          ]),
        ],
        [
          "datasets",
          map(
            s.datasets.map(
              ([n, bucket]) =>
                [
                  n,
                  map([
                    ["bucket", bucket],
                    ["prefix", `${n}/`],
                  ]),
                ] as [string, Tree],
            ),
          ),
        ],
        ["personas", map(s.personas)],
        ["teams", map(s.teams)],
        ["tests", s.tests],
        [
          "suppress",
          s.suppress.map((x) =>
            map([
              ["rule", x.rule],
              ["reason", x.reason],
            ]),
          ),
        ],
      ]),
    ),
  );

const EXAMPLE = readFileSync(`${ROOT}/examples/ai-platform-single.yaml`, "utf8");

/** YAML built to be expensive: aliases, nested aliases, deep nesting, long scalars. */
const big: fc.Arbitrary<string> = fc.oneof(
  fc
    .integer({ min: 100, max: 20_000 })
    .map((n) =>
      spec({ extra: `suppress:\n  - &s { rule: iam-user-for-human, reason: "x" }\n${"  - *s\n".repeat(n)}` }),
    ),
  fc.integer({ min: 2, max: 12 }).map((depth) => {
    const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= depth; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    return `${EXAMPLE}\n${lines.join("\n")}\n`;
  }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `${EXAMPLE}\nx: ${"[".repeat(n)}${"]".repeat(n)}\n`),
  fc.integer({ min: 1000, max: 900_000 }).map((n) => `${EXAMPLE.replace("acme-ai", `acme-${"a".repeat(n)}`)}`),
);

export function specTarget(opts: { large: boolean }): FuzzTarget<string> {
  const texts = [
    { arbitrary: shaped, weight: 4 },
    { arbitrary: mutated(fc.constant(EXAMPLE)), weight: 3 },
    { arbitrary: fc.string(), weight: 1 },
  ];
  if (opts.large) texts.push({ arbitrary: big, weight: 1 });
  return {
    name: "spec loader, compiler and access tests",
    arbitrary: fc.oneof(...texts),
    size: bytes,
    run(text) {
      const loaded = loadSpecFromString(text, "fuzz.yaml");
      if (!loaded.spec) return;
      const compiled = compileSpec(loaded.spec);
      if (compiled.model) runAccessTests(compiled.model, compiled.model.tests ?? [], { explain: false });
    },
  };
}
