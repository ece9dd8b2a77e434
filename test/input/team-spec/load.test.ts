import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Diagnostic } from "../../../src/diagnostics/index.js";
import {
  loadSpec,
  loadSpecFromFiles,
  loadSpecFromString,
  specPrincipalIds,
} from "../../../src/input/team-spec/load.js";

const ORG = `version: 1
organization: acme-ai
account: "123456789012"
region: us-east-1
guardrails:
  allowedRegions: [us-east-1]
  trainingInstanceTypes: ["ml.g5.*"]
datasets:
  imagenet: { bucket: acme-ai-datasets, prefix: imagenet }
`;

const TEAM = `teams:
  vision:
    datasets: { imagenet: read }
    members:
      alice: data-scientist
      bob: [ml-engineer, analyst]
`;

function codes(ds: Diagnostic[]): string[] {
  return ds.filter((d) => d.severity === "error").map((d) => d.code);
}

function find(ds: Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `expected a ${code} diagnostic, got ${JSON.stringify(ds, null, 1)}`);
  return d;
}

describe("loadSpec: the example", () => {
  test("the folder example loads with no diagnostics, and equals the single-file form", () => {
    const folder = loadSpec("examples/ai-platform");
    assert.deepEqual(folder.diagnostics, []);
    assert.ok(folder.spec);
    const single = loadSpec("examples/ai-platform-single.yaml");
    assert.deepEqual(single.diagnostics, []);
    const strip = (s: typeof single.spec) => ({
      ...s,
      locations: undefined,
      files: undefined,
      tests: s!.tests.map((t) => JSON.stringify({ ...t, location: undefined })).sort(),
      suppress: s!.suppress.map((t) => ({ ...t, location: undefined })),
    });
    assert.deepEqual(strip(folder.spec), strip(single.spec));
    assert.deepEqual(folder.spec.files, [
      "examples/ai-platform/nlp.yaml",
      "examples/ai-platform/org.yaml",
      "examples/ai-platform/vision.yaml",
    ]);
  });

  test("normalizes members to persona arrays, prefixes to end with '/', and fills defaults and locations", () => {
    const { spec, diagnostics } = loadSpecFromFiles([
      { file: "org.yaml", text: ORG },
      { file: "vision.yaml", text: TEAM },
    ]);
    assert.deepEqual(diagnostics, []);
    assert.ok(spec);
    assert.deepEqual(spec.teams.vision.members, { alice: ["data-scientist"], bob: ["analyst", "ml-engineer"] });
    assert.equal(spec.datasets.imagenet.prefix, "imagenet/");
    assert.equal(spec.identity, "iam-users");
    assert.equal(spec.partition, "aws");
    assert.equal(spec.guardrails.requireMfa, true);
    assert.deepEqual(spec.guardrails.endpointInstanceTypes, ["ml.g5.*"], "endpoint types default to training's");
    assert.deepEqual(spec.locations.get("teams.vision.members.alice"), { file: "vision.yaml", line: 5, column: 7 });
    assert.deepEqual(spec.locations.get("datasets.imagenet"), { file: "org.yaml", line: 9, column: 3 });
    assert.deepEqual(specPrincipalIds(spec), [
      "vision/alice",
      "vision/analyst",
      "vision/bob",
      "vision/data-scientist",
      "vision/execution-role",
      "vision/ml-engineer",
    ]);
  });

  test("an account id written without quotes is read as written", () => {
    const { spec, diagnostics } = loadSpecFromString(ORG.replace('"123456789012"', "012345678901") + TEAM);
    assert.deepEqual(codes(diagnostics), []);
    assert.equal(spec?.account, "012345678901");
  });

  test("custom personas: a list of activities or { description, activities }", () => {
    const text = `${ORG}personas:\n  labeler: [datasets]\n  reviewer: { description: Reviews, activities: [datasets, observability] }\n${TEAM.replace("alice: data-scientist", "alice: labeler")}`;
    const { spec, diagnostics } = loadSpecFromString(text);
    assert.deepEqual(codes(diagnostics), []);
    assert.deepEqual(spec?.personas.labeler, { activities: ["datasets"] });
    assert.deepEqual(spec?.personas.reviewer, { description: "Reviews", activities: ["datasets", "observability"] });
  });
});

describe("loadSpec: diagnostics", () => {
  test("a YAML syntax error is located", () => {
    const { spec, diagnostics } = loadSpecFromString("version: 1\nteams: [a, b\norganization: x\n", "bad.yaml");
    assert.equal(spec, undefined);
    const d = find(diagnostics, "spec-yaml-syntax");
    assert.equal(d.file, "bad.yaml");
    assert.ok(d.line && d.line >= 2, `line ${d.line}`);
    assert.ok(d.column);
  });

  test("a YAML syntax error is reported alone: no 'missing field' for what the file may write after it", () => {
    const { diagnostics } = loadSpecFromString("version: 1\norganization: acme\n  bad: indent\n", "bad.yaml");
    assert.ok(codes(diagnostics).length > 0);
    assert.deepEqual([...new Set(codes(diagnostics))], ["spec-yaml-syntax"]);
  });

  test("a name whose own definition is invalid is reported there only, not as unknown where it is used", () => {
    const org = ORG.replace("bucket: acme-ai-datasets", "bucket: Acme_Bad");
    const tests =
      "tests:\n  - { principal: vision/alice, action: s3:GetObject, resource: arn:aws:s3:::b/x, expect: deny }\n";
    const { diagnostics } = loadSpecFromString(`${org}${TEAM}${tests}`, "spec.yaml");
    assert.deepEqual(codes(diagnostics), ["spec-invalid-value"]);
    // A team defined twice: which definition holds is open, so tests naming its members are not reported on top.
    const dup = loadSpecFromFiles([
      { file: "org.yaml", text: ORG },
      { file: "a.yaml", text: TEAM.replace("alice", "carol") },
      { file: "b.yaml", text: `${TEAM}${tests}` },
    ]);
    assert.deepEqual(codes(dup.diagnostics), ["spec-duplicate-name"]);
  });

  test("an unknown field is an error with a 'did you mean'", () => {
    const { diagnostics } = loadSpecFromString(`${ORG}${TEAM}`.replace("guardrails:", "guardrail:"), "s.yaml");
    const d = find(diagnostics, "spec-unknown-field");
    assert.match(d.message, /Unknown field "guardrail".*did you mean "guardrails"\?/);
    assert.deepEqual([d.line, d.column], [5, 1]);
    const nested = loadSpecFromString(`${ORG}${TEAM}`.replace("trainingInstanceTypes", "trainingInstanceType"));
    assert.match(find(nested.diagnostics, "spec-unknown-field").message, /did you mean "trainingInstanceTypes"/);
  });

  test("invalid account, region, ARN, instance types, subnet and bucket are each reported, all together", () => {
    const text = `version: 1
organization: acme-ai
account: "12345"
region: us-east-one
guardrails:
  allowedRegions: [us-east-1, mars-1]
  trainingInstanceTypes: ["g5.xlarge"]
  ec2InstanceTypes: ["ml.g5.xlarge"]
  kmsKey: arn:aws:s3:::not-a-key
  network: { subnets: [subnet-xyz], securityGroups: [sg-0123456789abcdef0] }
  bedrock: { models: ["anthropic.claude-v2"], guardrail: "arn:aws:bedrock:us-east-1:123:guardrail/x" }
datasets:
  bad: { bucket: Bad_Bucket }
${TEAM.replace("datasets: { imagenet: read }", "datasets: {}")}`;
    const { spec, diagnostics } = loadSpecFromString(text, "all.yaml");
    assert.equal(spec, undefined);
    const values = diagnostics.filter((d) => d.code === "spec-invalid-value").map((d) => `${d.line}:${d.path}`);
    assert.deepEqual(values, [
      "3:/account",
      "4:/region",
      "6:/guardrails/allowedRegions/1",
      "7:/guardrails/trainingInstanceTypes/0",
      "8:/guardrails/ec2InstanceTypes/0",
      "9:/guardrails/kmsKey",
      "10:/guardrails/network/subnets/0",
      "11:/guardrails/bedrock/guardrail",
      "13:/datasets/bad/bucket",
    ]);
    for (const d of diagnostics) assert.equal(d.file, "all.yaml");
    // A list entry is named by its index.
    assert.ok(
      diagnostics.some(
        (d) => d.message === 'guardrails.allowedRegions[1] "mars-1" is not an AWS region such as us-east-1.',
      ),
      diagnostics.map((d) => d.message).join("\n"),
    );
  });

  test("wrong types are reported with what was expected", () => {
    const { diagnostics } = loadSpecFromString(
      `${ORG}${TEAM}`.replace(
        "allowedRegions: [us-east-1]",
        "allowedRegions: { a: 1 }\n  requireMfa: yes-please\n  maxTrainingSeconds: soon",
      ),
    );
    const msgs = diagnostics.filter((d) => d.code === "spec-invalid-type").map((d) => d.message);
    assert.ok(
      msgs.some((m) => /allowedRegions must be a list/.test(m)),
      msgs.join("\n"),
    );
    assert.ok(
      msgs.some((m) => /requireMfa must be true or false/.test(m)),
      msgs.join("\n"),
    );
    assert.ok(
      msgs.some((m) => /maxTrainingSeconds must be a whole number/.test(m)),
      msgs.join("\n"),
    );
  });

  test("unknown persona, activity and dataset, with 'did you mean'", () => {
    const text = `${ORG}teams:
  vision:
    datasets: { imagenett: read }
    activities: [bedrok]
    members:
      alice: data-scientst
`;
    const { diagnostics } = loadSpecFromString(text, "t.yaml");
    assert.match(find(diagnostics, "spec-unknown-persona").message, /"data-scientst".*did you mean "data-scientist"\?/);
    assert.match(find(diagnostics, "spec-unknown-activity").message, /"bedrok".*did you mean "bedrock"\?/);
    const ds = find(diagnostics, "spec-unknown-dataset");
    assert.match(ds.message, /"imagenett".*did you mean "imagenet"\?/);
    assert.deepEqual([ds.line, ds.column], [12, 17]);
  });

  test("a test naming an unknown team or principal is located, with suggestions", () => {
    const text = `${ORG}${TEAM}tests:
  - { principal: visoin/alice, action: s3:GetObject, resource: "arn:aws:s3:::b/k", expect: allow }
  - { principal: vision/alcie, action: s3:GetObject, resource: "arn:aws:s3:::b/k", expect: deny }
  - { principal: vision/mlops, action: s3:GetObject, resource: "arn:aws:s3:::b/k", expect: deny }
  - { principal: vision/alice, action: s3GetObject, resource: "arn:aws:s3:::b/k", expect: maybe }
`;
    const { diagnostics } = loadSpecFromString(text, "t.yaml");
    assert.match(find(diagnostics, "spec-unknown-team").message, /did you mean "vision"\?/);
    const unknown = diagnostics.filter((d) => d.code === "spec-unknown-principal");
    assert.equal(unknown.length, 2);
    assert.match(unknown[0].message, /"vision\/alcie".*did you mean "alice"\?/);
    assert.equal(unknown[0].line, 18);
    assert.match(unknown[1].message, /"vision\/mlops"/, "a persona nobody in the team plays is not a principal");
    const invalid = diagnostics.filter((d) => d.code === "spec-invalid-value").map((d) => d.path);
    assert.deepEqual(invalid, ["/tests/3/action", "/tests/3/expect"]);
  });

  test("a name defined in two files is an error naming both places", () => {
    const { diagnostics } = loadSpecFromFiles([
      { file: "org.yaml", text: ORG },
      { file: "a.yaml", text: TEAM },
      { file: "b.yaml", text: TEAM.replace("alice", "carol") },
      { file: "c.yaml", text: "datasets:\n  imagenet: { bucket: other }\norganization: other\n" },
    ]);
    const dups = diagnostics.filter((d) => d.code === "spec-duplicate-name");
    assert.equal(dups.length, 2);
    assert.equal(dups[0].file, "b.yaml");
    assert.match(dups[0].message, /team "vision" is defined twice: here and at a\.yaml:2:3/);
    assert.equal(dups[1].file, "c.yaml");
    assert.match(dups[1].message, /dataset "imagenet" is defined twice: here and at org\.yaml:9:3/);
    const setting = find(diagnostics, "spec-duplicate-setting");
    assert.match(setting.message, /"organization" is set in two files: here and at org\.yaml:2:1/);
  });

  test("an alias to an anchor not defined before it is a located error, reported alone", () => {
    for (const [text, line, column] of [
      [ORG.replace("allowedRegions: [us-east-1]", "allowedRegions: *regions"), 6, 19],
      [`${ORG}  requireMfa: *nope\n`, 10, 15],
      // Defined after the alias: YAML anchors name what comes before them only.
      [ORG.replace("allowedRegions: [us-east-1]", "allowedRegions: [*r]\n  ec2InstanceTypes: [&r us-east-1]"), 6, 20],
      [`${ORG}identity: *v\n`, 10, 11],
    ] as const) {
      const { spec, diagnostics } = loadSpecFromString(`${text}${TEAM}`, "a.yaml");
      assert.equal(spec, undefined, text);
      assert.deepEqual(
        diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`),
        [`error spec-yaml-alias a.yaml:${line}:${column}`],
        "no 'missing field' nor type error on top",
      );
      assert.match(diagnostics[0].message, /alias \*\w+ names no anchor &\w+ defined before it/);
    }
    // An alias inside the node it names.
    const cycle = loadSpecFromString(`${ORG}${TEAM}personas: &p\n  x: *p\n`);
    assert.deepEqual(codes(cycle.diagnostics), ["spec-yaml-alias"]);
    assert.match(cycle.diagnostics[0].message, /inside the node &p it names/);
    // An alias to a defined anchor reads as the anchored value.
    const ok = loadSpecFromString(
      `${ORG.replace("region: us-east-1", "region: &home us-east-1").replace("allowedRegions: [us-east-1]", "allowedRegions: [*home, us-west-2]")}${TEAM}`,
    );
    assert.deepEqual(ok.diagnostics, []);
    assert.deepEqual(ok.spec?.guardrails.allowedRegions, ["us-east-1", "us-west-2"]);
  });

  test("an aliased suppression or test is read once and counts once per alias; its problems are reported once, with how often it is used", () => {
    const read = (extra: string) => {
      const r = loadSpecFromString(`${ORG}${TEAM}${extra}`, "a.yaml");
      return { ...r, lines: r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.path}`) };
    };
    // Valid: every alias is a suppression as written (the same object: nothing mutates it).
    const ok = read(
      "suppress:\n  - &s { rule: iam-user-for-human, principal: vision/alice, reason: r }\n  - *s\n  - *s\n",
    );
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.spec?.suppress.length, 3);
    assert.deepEqual(ok.spec?.suppress[2], ok.spec?.suppress[0]);
    assert.equal(ok.spec?.suppress[2].location?.line, 17);
    // Invalid: one problem, written once: reported once, where it is written, saying how often it is used.
    const noReason = read("suppress:\n  - &s { rule: iam-user-for-human }\n  - *s\n  - *s\n");
    assert.deepEqual(noReason.lines, ["spec-suppression-without-reason 17:8 /suppress/0"]);
    assert.match(
      noReason.diagnostics[0].message,
      /needs a written reason\. \(written once, used 3 times through aliases\)$/,
    );
    // References too: an unknown principal, once.
    const principal = read(
      "suppress:\n  - &s { rule: iam-user-for-human, principal: vision/carol, reason: r }\n  - *s\n  - *s\n",
    );
    assert.deepEqual(principal.lines, ["spec-unknown-principal 17:47 /suppress/0/principal"]);
    assert.match(principal.diagnostics[0].message, /\(written once, used 3 times through aliases\)$/);
    const action = read(
      "tests:\n  - &t { principal: vision/alice, action: s3:GetObjekt, resource: '*', expect: deny }\n  - *t\n",
    );
    assert.deepEqual(action.lines, ["spec-unknown-test-action 17:43 /tests/0/action"]);
    assert.match(
      action.diagnostics[0].message,
      /did you mean "GetObject".*\(written once, used 2 times through aliases\)$/,
    );
    // Written once and used once (the anchor only): no note.
    const once = read("suppress:\n  - &s { rule: iam-user-for-human }\n");
    assert.doesNotMatch(once.diagnostics[0].message, /aliases/);
  });

  test("any node read through many aliases reports a problem once, at its first path, with how often it is used", () => {
    // 50,000 members aliasing one list that names an unknown persona: one error, not 50,000.
    const members = Array.from({ length: 3 }, (_, i) => `      m${i}: *p\n`).join("");
    const text = `${ORG}${TEAM.replace("    members:\n", `    members:\n      ghosts: &p [ghost]\n${members}`)}`;
    const { diagnostics } = loadSpecFromString(text, "m.yaml");
    const unknown = diagnostics.filter((d) => d.code === "spec-unknown-persona");
    assert.deepEqual(
      unknown.map((d) => `${d.line}:${d.column} ${d.path}`),
      ["14:18 /teams/vision/members/ghosts"],
    );
    assert.match(
      unknown[0]?.message ?? "",
      /Unknown persona "ghost"\..* \(written once, used 4 times through aliases\)$/,
    );
    // Without aliases, nothing is merged.
    const plain = loadSpecFromString(text.replace(/\*p/g, "[ghost]"), "m.yaml").diagnostics;
    assert.equal(plain.filter((d) => d.code === "spec-unknown-persona").length, 4);
  });

  test("a key written twice in one mapping is a located error naming both places, reported alone", () => {
    const text = `${ORG}${TEAM.replace("      bob: [ml-engineer, analyst]\n", "      bob: analyst\n      alice: mlops\n")}`;
    const { spec, diagnostics } = loadSpecFromString(text, "d.yaml");
    assert.equal(spec, undefined);
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
      ["spec-duplicate-key d.yaml:16:7"],
    );
    assert.match(diagnostics[0].message, /key "alice" is written twice in one mapping: here and at line 14, column 7/);
    // Keys are names: 1 and "1" are one key to the reader, though YAML tells them apart.
    const numeric = loadSpecFromString(`${ORG}${TEAM}personas:\n  1: [datasets]\n  "1": [observability]\n`);
    assert.deepEqual(
      numeric.diagnostics.filter((d) => d.code === "spec-duplicate-key").map((d) => d.line),
      [18],
    );
  });

  test("a duplicate key in one file and a member named like a persona or the execution role are errors", () => {
    const text = `${ORG}${TEAM}      analyst: data-scientist\n      execution-role: mlops\n      alice: mlops\n`;
    const { diagnostics } = loadSpecFromString(text);
    assert.ok(codes(diagnostics).includes("spec-duplicate-key"));
    const fixed = `${ORG}${TEAM}      analyst: data-scientist\n      execution-role: mlops\n`;
    const reserved = loadSpecFromString(fixed).diagnostics.filter((d) => d.code === "spec-reserved-name");
    assert.equal(reserved.length, 2);
    assert.match(reserved[0].message, /"analyst".*a persona/);
    assert.match(reserved[1].message, /"execution-role".*execution role/);
  });

  test("missing required settings and a suppression without a reason are reported", () => {
    const { diagnostics } = loadSpecFromString(`${TEAM}suppress:\n  - { rule: iam-user-human-access }\n`, "team.yaml");
    const missing = diagnostics.filter((d) => d.code === "spec-missing-field").map((d) => d.message);
    for (const f of ["version", "organization", "account", "region"])
      assert.ok(
        missing.some((m) => m.includes(`"${f}"`)),
        f,
      );
    assert.ok(codes(diagnostics).includes("spec-suppression-without-reason"));
  });

  test("a folder with no YAML files, and a missing path, are diagnostics, not exceptions", () => {
    const dir = mkdtempSync(join(tmpdir(), "ai-iam-spec-"));
    try {
      assert.deepEqual(codes(loadSpec(dir).diagnostics), ["spec-no-files"]);
      assert.deepEqual(codes(loadSpec(join(dir, "nope.yaml")).diagnostics), ["spec-not-found"]);
      writeFileSync(join(dir, "b.yml"), TEAM);
      writeFileSync(join(dir, "a.yaml"), ORG);
      writeFileSync(join(dir, "notes.txt"), "ignored");
      const { spec, diagnostics } = loadSpec(dir);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(spec?.files, [join(dir, "a.yaml"), join(dir, "b.yml")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("loadSpec: regions", () => {
  const spec = (region: string, allowed: string, partition = "") =>
    `${partition}${ORG.replace("region: us-east-1", `region: ${region}`).replace("allowedRegions: [us-east-1]", `allowedRegions: ${allowed}`)}${TEAM}`;
  const located = (ds: Diagnostic[], code: string) =>
    ds.filter((d) => d.code === code).map((d) => `${d.severity} ${d.line}:${d.column} ${d.path}`);

  test("every listed region loads without a diagnostic, in its own partition", async () => {
    const { AWS_REGIONS } = await import("../../../src/input/team-spec/regions.js");
    for (const [partition, regions] of Object.entries(AWS_REGIONS)) {
      const text = spec(regions[0], `[${regions.join(", ")}]`, `partition: ${partition}\n`);
      const { spec: loaded, diagnostics } = loadSpecFromString(text);
      assert.deepEqual(diagnostics, [], partition);
      assert.deepEqual(loaded?.guardrails.allowedRegions, [...regions].sort());
    }
  });

  test("a region of the right shape that AWS does not list is a located error with a 'did you mean'", () => {
    const { spec: loaded, diagnostics } = loadSpecFromString(spec("us-east-9", "[us-west-2, eu-wset-1]"), "r.yaml");
    assert.equal(loaded, undefined, "a typo would deny the intended region in every policy");
    assert.deepEqual(located(diagnostics, "spec-unknown-region"), [
      "error 4:9 /region",
      "error 6:31 /guardrails/allowedRegions/1",
    ]);
    const [region, allowed] = diagnostics.filter((d) => d.code === "spec-unknown-region");
    assert.equal(region.file, "r.yaml");
    assert.match(region.message, /Unknown region "us-east-9".*partition aws; did you mean "us-east-1"\?/);
    assert.match(allowed.message, /"eu-wset-1".*did you mean "eu-west-1"\?/);
    assert.match(allowed.hint ?? "", /allowUnknownRegions: true/);
    // A single string is a list of one, and is checked too.
    const single = loadSpecFromString(spec("us-east-1", "ap-southeast-99"));
    assert.deepEqual(located(single.diagnostics, "spec-unknown-region"), ["error 6:19 /guardrails/allowedRegions"]);
    // Another cloud's name for a region gets the AWS name.
    const gcp = loadSpecFromString(spec("europe-west1", "[us-east-1]"));
    assert.match(find(gcp.diagnostics, "spec-invalid-value").message, /did you mean "eu-west-1"\?/);
  });

  test("allowUnknownRegions: true makes an unlisted region a warning (a region newer than the list)", () => {
    const text = spec("us-east-9", "[us-west-2, eu-wset-1, us-east-9]\n  allowUnknownRegions: true");
    const { spec: loaded, diagnostics } = loadSpecFromString(text, "r.yaml");
    assert.deepEqual(codes(diagnostics), []);
    assert.ok(loaded, "the spec loads");
    assert.equal(loaded.guardrails.allowUnknownRegions, true);
    assert.deepEqual(located(diagnostics, "spec-unknown-region"), [
      "warning 4:9 /region",
      "warning 6:31 /guardrails/allowedRegions/1",
      "warning 6:42 /guardrails/allowedRegions/2",
    ]);
  });

  test("a region of another partition than the spec's is a located error", () => {
    const gov = loadSpecFromString(spec("us-gov-west-1", "[us-east-1, cn-north-1]"));
    assert.equal(gov.spec, undefined);
    assert.deepEqual(located(gov.diagnostics, "spec-region-partition"), [
      "error 4:9 /region",
      "error 6:31 /guardrails/allowedRegions/1",
    ]);
    assert.match(
      gov.diagnostics[0].message,
      /"us-gov-west-1" is a region of partition aws-us-gov, not of the spec's partition aws/,
    );
    // In aws-cn, a commercial region is of another partition; an unlisted cn-* region is only unknown.
    const cn = loadSpecFromString(spec("cn-north-1", "[cn-northwest-1, cn-south-1, eu-west-1]", "partition: aws-cn\n"));
    assert.deepEqual(located(cn.diagnostics, "spec-region-partition"), ["error 7:48 /guardrails/allowedRegions/2"]);
    assert.deepEqual(located(cn.diagnostics, "spec-unknown-region"), ["error 7:36 /guardrails/allowedRegions/1"]);
    // A region named like one of the isolated partitions, which a spec cannot name.
    const iso = loadSpecFromString(spec("us-east-1", "[us-iso-east-1]"));
    assert.match(find(iso.diagnostics, "spec-region-partition").message, /named like a region of partition aws-iso,/);
  });

  test("against an invalid partition, regions are not judged: the partition is the one error", () => {
    const { diagnostics } = loadSpecFromString(spec("us-east-1", "[us-east-1]", "partition: aws-eu\n"));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["spec-invalid-value"],
    );
  });
});

describe("did you mean", () => {
  test("suggests close names only", async () => {
    const { boundedEditDistance, closest } = await import("../../../src/diagnostics/did-you-mean.js");
    assert.equal(boundedEditDistance("alcie", "alice", 3), 1);
    assert.equal(boundedEditDistance("kitten", "sitting", 3), 3);
    assert.equal(closest("data-scientst", ["analyst", "data-scientist", "mlops"]), "data-scientist");
    assert.equal(closest("zzz", ["analyst", "data-scientist", "mlops"]), undefined);
    assert.equal(closest("MLOPS", ["analyst", "mlops"]), "mlops");
  });
});
