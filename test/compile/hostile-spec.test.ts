// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables written into spec values, not template literals
/**
 * Issue 14 ("hostile input"), the team spec: values a pull request may write that made the compiled
 * IAM wider than the spec says, or that AWS would refuse or never match, while `plan` and `check`
 * passed. Each is now a located error (or the right IAM), pinned to the AWS page that says why.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { loadSpecFromFiles, loadSpecFromString } from "../../src/input/team-spec/load.js";
import { decide, loadAndCompile } from "../helpers/spec-access.js";

const ACCOUNT = "123456789012";
const GITHUB = "token.actions.githubusercontent.com";

function spec(opts: { identity?: string; extra?: string; guardrails?: string; datasets?: string; teams: string }) {
  return [
    "version: 1",
    "organization: acme",
    `account: "${ACCOUNT}"`,
    "region: us-east-1",
    `identity: ${opts.identity ?? "iam-users"}`,
    opts.extra ?? "",
    "guardrails:",
    "  kmsKey: arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
    opts.guardrails ?? "",
    "datasets:",
    opts.datasets ?? "  corpus: { bucket: acme-data, prefix: corpus/ }",
    "teams:",
    opts.teams,
    "",
  ].join("\n");
}

/** `trust:` through GitHub's OIDC provider, with the given audience and further lines. */
function githubTrust(audience: string, ...more: string[]): string {
  return [
    "trust:",
    `  oidcProvider: arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}`,
    `  oidcAudience: ${audience}`,
    ...more,
  ].join("\n");
}

/** Team t, with one analyst. */
const TEAM_T = ["  t:", "    members:", "      alice: analyst"].join("\n");

function errorsOf(text: string): Diagnostic[] {
  return loadSpecFromString(text, "spec.yaml").diagnostics.filter((d) => d.severity === "error");
}

/** A located error at `path` whose message matches. */
function assertErrorAt(errors: Diagnostic[], path: string, pattern: RegExp): void {
  const hit = errors.find((e) => e.path === path && pattern.test(e.message));
  assert.ok(
    hit,
    `an error at ${path} matching ${pattern}; got:\n${errors.map((e) => `${e.path}: ${e.message}`).join("\n")}`,
  );
  assert.ok(hit.file && hit.line, `located: ${JSON.stringify(hit)}`);
}

describe("policy variables in spec values (IAM User Guide, 'IAM policy elements: Variables and tags')", () => {
  // A dataset prefix is written into Resource ARNs and `s3:prefix` conditions, where `${…}` is a
  // policy variable: `${aws:username}/` gave member "support" of an internal-only team the objects
  // of another team's confidential dataset `support/`, past the clearance check (which compares
  // prefixes as written).
  const variablePrefix = spec({
    datasets: [
      '  home: { bucket: acme-data, prefix: "${aws:username}/" }',
      "  secret: { bucket: acme-data, prefix: support/, classification: confidential }",
    ].join("\n"),
    teams: [
      "  a:",
      "    datasets: { home: read }",
      "    members:",
      "      support: data-scientist",
      "  b:",
      "    clearance: confidential",
      "    datasets: { secret: read }",
      "    members:",
      "      carol: data-scientist",
    ].join("\n"),
  });

  test("a dataset prefix holding ${...} is a located error", () => {
    assertErrorAt(errorsOf(variablePrefix), "/datasets/home/prefix", /policy variables/);
  });

  test("a literal prefix that merely contains '$' or '{' is still a prefix", () => {
    const text = variablePrefix.replace('"${aws:username}/"', '"cost$/{2024}/"');
    const { model, diagnostics } = loadAndCompile(text);
    assert.ok(model, diagnostics.map((d) => d.message).join("\n"));
    const object = "arn:aws:s3:::acme-data/cost$/{2024}/x.csv";
    assert.equal(decide(model, "a/support", "s3:GetObject", object), "Allowed");
    assert.notEqual(decide(model, "a/support", "s3:GetObject", "arn:aws:s3:::acme-data/support/pii.csv"), "Allowed");
  });

  // A trust policy condition resolves variables too: `StringEquals <host>:aud = ${<host>:aud}` and
  // `StringLike <host>:sub = ${<host>:sub}` hold for every token of the provider, any repository's.
  test("an OIDC audience or subject holding ${...} is a located error", () => {
    const text = spec({
      identity: "iam-roles",
      extra: githubTrust(`"\${${GITHUB}:aud}"`, `  oidcSubjects: ["\${${GITHUB}:sub}"]`),
      teams: [
        "  a:",
        `    oidcSubjects: ["repo:acme/x:\${aws:username}"]`,
        "    members:",
        "      alice: analyst",
      ].join("\n"),
    });
    const errors = errorsOf(text);
    assertErrorAt(errors, "/trust/oidcAudience", /policy variables/);
    assertErrorAt(errors, "/trust/oidcSubjects/0", /policy variables/);
    assertErrorAt(errors, "/teams/a/oidcSubjects/0", /policy variables/);
  });

  test("an OIDC subject with a character no IAM policy may hold is a located error, not a failed deploy", () => {
    const text = spec({
      identity: "iam-roles",
      extra: githubTrust("sts.amazonaws.com", '  oidcSubjects: ["repo:acme/vision\u2011x:ref:refs/heads/main"]'),
      teams: ["  a:", "    members:", "      alice: analyst"].join("\n"),
    });
    assertErrorAt(errorsOf(text), "/trust/oidcSubjects/0", /Latin-1/);
  });
});

describe("bucket names S3 never gives a general purpose bucket (S3 User Guide, 'General purpose bucket naming rules')", () => {
  const withBucket = (bucket: string) =>
    spec({
      datasets: `  d: { bucket: "${bucket}", prefix: x/ }`,
      teams: ["  a:", "    datasets: { d: read }", "    members:", "      alice: analyst"].join("\n"),
    });
  for (const bucket of [
    "192.168.5.4",
    "xn--data",
    "sthree-data",
    "sthree-configurator-data",
    "amzn-s3-demo-bucket",
    "data-s3alias",
    "data--ol-s3",
    "data.mrap",
    "data--x-s3",
    "data--table-s3",
    "data..set",
    "Data",
    "da",
    "d".repeat(64),
  ]) {
    test(`${bucket.length > 20 ? `${bucket.slice(0, 8)}… (${bucket.length})` : bucket} is a located error`, () => {
      assertErrorAt(errorsOf(withBucket(bucket)), "/datasets/d/bucket", /not a valid S3 bucket name/);
    });
  }
  for (const bucket of ["acme-data", "192.168.5.4.data", "my.s3alias.logs", "xn-data", "d".repeat(63), "a1b"]) {
    test(`${bucket.length > 20 ? `${bucket.slice(0, 8)}… (${bucket.length})` : bucket} is a bucket name`, () => {
      assert.deepEqual(errorsOf(withBucket(bucket)), []);
    });
  }
});

describe("guardrail lists that name nothing", () => {
  const team = ["  a:", "    members:", "      alice: ml-engineer"].join("\n");

  test("allowedRegions: [] is a located error, not a spec compiled without the region guardrail", () => {
    // It compiled with exit 0 and no GuardrailDenyOtherRegions in any policy.
    const errors = errorsOf(spec({ guardrails: "  allowedRegions: []", teams: team }));
    assertErrorAt(errors, "/guardrails/allowedRegions", /allowedRegions is empty/);
  });

  test("a network without subnets or security groups is a located error, not conditions listing no value", () => {
    // `network: {}` compiled `ArnEquals { ec2:Subnet: [] }` into the policies (check: empty-array)
    // and dropped every job grant, whose conditions listed no subnet.
    assertErrorAt(errorsOf(spec({ guardrails: "  network: {}", teams: team })), "/guardrails/network", /needs subnets/);
    const empty = errorsOf(spec({ guardrails: "  network: { subnets: [], securityGroups: [] }", teams: team }));
    assertErrorAt(empty, "/guardrails/network/subnets", /subnets is empty/);
    assertErrorAt(empty, "/guardrails/network/securityGroups", /securityGroups is empty/);
    const noGroups = errorsOf(spec({ guardrails: "  network: { subnets: subnet-0a1b2c3d4e5f60718 }", teams: team }));
    assertErrorAt(noGroups, "/guardrails/network", /needs securityGroups/);
  });

  test("a list entry that is itself invalid is reported once, not as an empty list too", () => {
    const errors = errorsOf(spec({ guardrails: "  allowedRegions: [us-east-one]", teams: team }));
    assert.deepEqual(
      errors.map((e) => e.path),
      ["/guardrails/allowedRegions/0"],
    );
  });
});

describe("ARNs of another partition, or of a region the guardrails deny", () => {
  // Each compiled with exit 0: a trust policy naming another partition's provider (which IAM
  // refuses), grants on a key no principal of the partition can use, a guardrail no allowed region
  // can invoke through. AWS General Reference, "Amazon Resource Names (ARNs)" (partitions).
  const text = spec({
    identity: "identity-center",
    extra: [
      "identityCenter:",
      "  instanceArn: arn:aws-cn:sso:::instance/ssoins-0123456789abcdef",
      "  identityStoreId: d-0123456789",
    ].join("\n"),
    guardrails: [
      '  bedrock: { models: ["anthropic.*"], guardrail: "arn:aws:bedrock:eu-west-1:123456789012:guardrail/abcd1234efgh" }',
    ].join("\n"),
    datasets: [
      "  a: { bucket: acme-data, prefix: a/, kmsKey: arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc }",
      "  b: { bucket: acme-data, prefix: b/, kmsKey: arn:aws:kms:ap-south-1:123456789012:key/abc }",
    ].join("\n"),
    teams: ["  t:", "    activities: [bedrock]", "    members:", "      alice: analyst"].join("\n"),
  });

  test("each is a located error", () => {
    const errors = errorsOf(text);
    assertErrorAt(errors, "/identityCenter/instanceArn", /partition aws-cn, not of the spec's partition aws/);
    assertErrorAt(errors, "/datasets/a/kmsKey", /partition aws-us-gov/);
    assertErrorAt(errors, "/datasets/b/kmsKey", /region ap-south-1, outside guardrails.allowedRegions \(us-east-1\)/);
    assertErrorAt(errors, "/guardrails/bedrock/guardrail", /region eu-west-1/);
    assert.equal(errors.length, 4, errors.map((e) => e.message).join("\n"));
  });

  test("a trust provider of another partition is a located error", () => {
    const saml = spec({
      identity: "iam-roles",
      extra: "trust: { samlProvider: arn:aws-us-gov:iam::123456789012:saml-provider/Okta }",
      teams: TEAM_T,
    });
    assertErrorAt(errorsOf(saml), "/trust/samlProvider", /partition aws-us-gov/);
  });

  test("the partition and the allowed regions may come from another file of the spec", () => {
    const org = [
      "version: 1",
      "organization: acme",
      `account: "${ACCOUNT}"`,
      "region: us-gov-west-1",
      "partition: aws-us-gov",
      "guardrails:",
      "  allowedRegions: [us-gov-west-1, us-gov-east-1]",
      "",
    ].join("\n");
    const team = [
      "datasets:",
      "  a: { bucket: acme-data, prefix: a/, kmsKey: arn:aws-us-gov:kms:us-gov-east-1:123456789012:key/abc }",
      "teams:",
      "  t:",
      "    datasets: { a: read }",
      "    members:",
      "      alice: analyst",
      "",
    ].join("\n");
    const { diagnostics } = loadSpecFromFiles([
      { file: "a-team.yaml", text: team },
      { file: "org.yaml", text: org },
    ]);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === "error"),
      [],
    );
  });
});

test("a KMS alias ARN is a located error: in a policy's Resource it names the alias, not the key (KMS Developer Guide, 'Specifying KMS keys in IAM policy statements')", () => {
  // It compiled kms:Decrypt on the alias ARN, which authorizes no use of the key, so the team could
  // read none of the dataset's objects; and the classified-dataset Deny compared the request's key id
  // with the alias ARN.
  const alias = "arn:aws:kms:us-east-1:123456789012:alias/datasets";
  const text = spec({
    guardrails: `  network: { subnets: [subnet-0a1b2c3d4e5f60718], securityGroups: [sg-0123456789abcdef0] }`,
    datasets: `  d: { bucket: acme-data, prefix: d/, classification: confidential, kmsKey: "${alias}" }`,
    teams: [
      "  t:",
      "    clearance: confidential",
      "    datasets: { d: read }",
      "    members:",
      "      alice: analyst",
    ].join("\n"),
  });
  assertErrorAt(errorsOf(text), "/datasets/d/kmsKey", /not by an alias/);
  assertErrorAt(
    errorsOf(text.replace(/kmsKey: arn:aws:kms[^\n]*/, `kmsKey: ${alias}`)),
    "/guardrails/kmsKey",
    /not by an alias/,
  );
});

test("trust.accounts: [] is a located error, not a trust policy naming no principal (IAM User Guide, 'IAM JSON policy elements: Principal')", () => {
  // It compiled `"Principal": { "AWS": [] }` into every persona role's trust policy, with exit 0.
  const text = spec({
    identity: "iam-roles",
    extra: "trust: { accounts: [] }",
    teams: TEAM_T,
  });
  assertErrorAt(errorsOf(text), "/trust/accounts", /trust.accounts is empty/);
});

test("trust or identityCenter beside an identity mode that never reads it is a located warning", () => {
  // `trust: { samlProvider }` with the default identity (iam-users) compiled IAM users with long-lived
  // credentials and said nothing about the federation the spec asked for.
  const text = spec({
    extra: [
      `trust: { samlProvider: "arn:aws:iam::${ACCOUNT}:saml-provider/Okta" }`,
      "identityCenter: { instanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef }",
    ].join("\n"),
    teams: TEAM_T,
  });
  const { diagnostics, model } = loadAndCompile(text);
  assert.ok(model, "a warning only");
  const unused = diagnostics.filter((d) => d.code === "compile-trust-unused");
  assert.deepEqual(
    unused.map((d) => [d.severity, d.line, d.message]),
    [
      ["warning", 6, "trust is set, but identity is iam-users: no persona role is created, so trust has no effect."],
      [
        "warning",
        7,
        "identityCenter is set, but identity is iam-users: no permission set is created, so identityCenter has no effect.",
      ],
    ],
  );
});

test("allowedRegions without the spec's region is a located error, not principals denied everything", () => {
  // Every regional ARN is built in the home region, so region us-east-1 beside allowedRegions
  // [us-west-2] compiled with exit 0 into policies whose region Deny refused every grant.
  const text = spec({
    guardrails: "  allowedRegions: [us-west-2]",
    teams: TEAM_T,
  });
  assertErrorAt(errorsOf(text), "/guardrails/allowedRegions", /leaves out the spec's region us-east-1/);
  assert.deepEqual(errorsOf(text.replace("[us-west-2]", "[us-west-2, us-east-1]")), []);
  // An invalid entry is the list's one error.
  assert.deepEqual(
    errorsOf(text.replace("[us-west-2]", "[us-west-2, us-east-one]"))
      .map((e) => e.path)
      .filter((p) => p?.startsWith("/guardrails/allowedRegions")),
    ["/guardrails/allowedRegions/1"],
  );
  // So is a misspelled home region.
  const typo = errorsOf(text.replace("region: us-east-1", "region: us-wset-2"));
  assert.deepEqual(
    typo.map((e) => e.path).filter((p) => p === "/region" || p?.startsWith("/guardrails/allowedRegions")),
    ["/region"],
  );
});

describe("GitHub OIDC subjects that leave the repository owner open", () => {
  // Every GitHub account can own repositories and get tokens with the audience sts.amazonaws.com:
  // `repo:*` compiled with exit 0 (only a subject of wildcards alone was an error) and let any
  // repository in the world assume the team's roles. GitHub Docs, "About security hardening with
  // OpenID Connect" (subject claims `repo:<owner>/<repository>:…`).
  const withSubject = (subject: string) =>
    spec({
      identity: "iam-roles",
      extra: githubTrust("sts.amazonaws.com"),
      teams: ["  t:", `    oidcSubjects: ["${subject}"]`, "    members:", "      alice: analyst"].join("\n"),
    });
  for (const subject of ["repo:*", "repo:*/vision:ref:refs/heads/main", "repo:acme*", "*:ref:refs/heads/main", "re*"]) {
    test(`${subject} is a located error`, () => {
      const { errors } = loadAndCompile(withSubject(subject));
      const hit = errors.find((e) => e.code === "compile-trust-unconditioned");
      assert.ok(hit, errors.map((e) => e.message).join("\n"));
      assert.match(hit.message, /every GitHub owner's repositories/);
      assert.ok(hit.file && hit.line);
    });
  }
  for (const subject of ["repo:acme/*", "repo:acme/vision-*:ref:refs/heads/main", "repository_owner_id:42:*"]) {
    test(`${subject} names its owner`, () => {
      const { errors, model } = loadAndCompile(withSubject(subject));
      assert.deepEqual(errors, []);
      assert.ok(model);
    });
  }
  test("GitHub's provider registered with a trailing '/' is GitHub's", () => {
    const text = withSubject("repo:*").replace(`oidc-provider/${GITHUB}`, `oidc-provider/${GITHUB}/`);
    assert.ok(loadAndCompile(text).errors.some((e) => /every GitHub owner's repositories/.test(e.message)));
  });
  test("another provider's subjects are its own format: only wildcards alone are refused", () => {
    const text = withSubject("repo:*").replace(`oidc-provider/${GITHUB}`, "oidc-provider/gitlab.example.com");
    assert.deepEqual(loadAndCompile(text).errors, []);
  });
});

test("a SageMaker instance type without a size is a located error: ml.g5 matches no instance type", () => {
  // Instance types are ml.<family>.<size> (SageMaker API Reference, ResourceConfig.InstanceType):
  // `ml.g5` compiled into StringLike conditions that no request meets, so no training ran.
  const team = ["  t:", "    members:", "      alice: data-scientist"].join("\n");
  const errors = errorsOf(spec({ guardrails: '  trainingInstanceTypes: ["ml.g5", "ml.m5.*"]', teams: team }));
  assertErrorAt(errors, "/guardrails/trainingInstanceTypes/0", /ml\.<family>\.<size>/);
  assert.equal(errors.length, 1, errors.map((e) => e.message).join("\n"));
  for (const ok of ["ml.*", "ml.*.xlarge", "ml.g5.*", "ml.p4d.24xlarge"]) {
    assert.deepEqual(errorsOf(spec({ guardrails: `  notebookInstanceTypes: ["${ok}"]`, teams: team })), [], ok);
  }
});

test("an inference profile id approved as a Bedrock model is a located error (Bedrock User Guide, 'Supported Regions and models for inference profiles')", () => {
  // `us.anthropic.claude-…` compiled into foundation-model/us.anthropic.… and
  // inference-profile/*.us.anthropic.…, which no model or profile is called: nothing was approved.
  const team = ["  t:", "    activities: [bedrock]", "    members:", "      alice: analyst"].join("\n");
  const model = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  const errors = errorsOf(
    spec({ guardrails: `  bedrock: { models: ["us.${model}", "amazon.titan-*"] }`, teams: team }),
  );
  assertErrorAt(
    errors,
    "/guardrails/bedrock/models/0",
    new RegExp(`inference profile id, not a model id: approve "${model}"`),
  );
  assert.equal(errors.length, 1);
  assertErrorAt(
    errorsOf(spec({ guardrails: `  bedrock: { models: "global.${model}" }`, teams: team })),
    "/guardrails/bedrock/models",
    /inference profile id/,
  );
  // A pattern's rest is not offered: "*" would approve every model.
  const pattern = errorsOf(spec({ guardrails: '  bedrock: { models: ["us.*"] }', teams: team }));
  assertErrorAt(pattern, "/guardrails/bedrock/models/0", /approve models as <provider>\.<model>/);
  const { model: compiled, errors: none } = loadAndCompile(
    spec({ guardrails: `  bedrock: { models: ["${model}"] }`, teams: team }),
  );
  assert.deepEqual(none, []);
  assert.ok(compiled);
  const profile = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${model}`;
  assert.equal(decide(compiled, "t/alice", "bedrock:InvokeModel", profile), "Allowed");
});

test("a team that opts into bedrock with no approved model gets a located warning: the activity grants nothing", () => {
  // It compiled with exit 0 and no word: bedrock is in no built-in persona, so opting in is explicit,
  // and with guardrails.bedrock.models left out the team received no Bedrock statement at all.
  const text = spec({
    extra: "personas:\n  prompter: [bedrock, observability]",
    teams: [
      "  a:",
      "    activities: [bedrock]",
      "    members:",
      "      alice: analyst",
      "  b:",
      "    members:",
      "      bob: prompter",
      "  c:",
      "    members:",
      "      carl: data-scientist",
    ].join("\n"),
  });
  const { model, diagnostics } = loadAndCompile(text);
  assert.ok(model, "a warning only");
  const warnings = diagnostics.filter((d) => d.code === "compile-activity-grants-nothing");
  assert.deepEqual(
    warnings.map((d) => [d.severity, d.line, d.message.slice(0, 40)]),
    [
      ["warning", 15, 'Team "a" opts into bedrock (its activiti'],
      ["warning", 7, 'Team "b" opts into bedrock (persona "pro'],
    ],
  );
  const approved = loadAndCompile(
    text.replace("guardrails:\n", 'guardrails:\n  bedrock: { models: ["amazon.titan-*"] }\n'),
  );
  assert.deepEqual(
    approved.diagnostics.filter((d) => d.code === "compile-activity-grants-nothing"),
    [],
  );
});

test("trust.accounts or trust.requireMfa beside a provider is a located error, not a setting dropped", () => {
  // The roles trust the provider only (compile/trust.ts): accounts and requireMfa written beside it
  // compiled with exit 0 and were ignored; a reader expects those accounts, with MFA, to be trusted.
  const text = spec({
    identity: "iam-roles",
    extra: [
      "trust:",
      `  samlProvider: arn:aws:iam::${ACCOUNT}:saml-provider/Okta`,
      '  accounts: ["111122223333"]',
      "  requireMfa: true",
    ].join("\n"),
    teams: TEAM_T,
  });
  const errors = errorsOf(text);
  assertErrorAt(errors, "/trust/accounts", /trust.accounts applies to account principals only/);
  assertErrorAt(errors, "/trust/requireMfa", /trust.requireMfa applies to account principals only/);
  assert.deepEqual(errorsOf(text.replace(/ {2}samlProvider: [^\n]*\n/, "")), []);
});

test("an OIDC audience without an OIDC provider is a located warning: it has no effect", () => {
  const text = spec({
    identity: "iam-roles",
    extra: `trust: { samlProvider: "arn:aws:iam::${ACCOUNT}:saml-provider/Okta", oidcAudience: sts.amazonaws.com }`,
    teams: TEAM_T,
  });
  const { model, diagnostics } = loadAndCompile(text);
  assert.ok(model);
  const unused = diagnostics.filter((d) => d.code === "compile-trust-unused");
  assert.deepEqual(
    unused.map((d) => [d.severity, d.line, d.message.slice(0, 32)]),
    [["warning", 6, "oidcAudience is set, but no pers"]],
  );
});

test("a team's oidcSubjects: [] is a located error, not a fall-back to every organization subject", () => {
  // The team's list replaces trust.oidcSubjects, but an empty one fell back to them: written to mean
  // "no repository may assume our roles", it compiled with exit 0 a trust of every org subject.
  const text = spec({
    identity: "iam-roles",
    extra: githubTrust("sts.amazonaws.com", '  oidcSubjects: ["repo:acme/*"]'),
    teams: ["  t:", "    oidcSubjects: []", "    members:", "      alice: analyst"].join("\n"),
  });
  assertErrorAt(errorsOf(text), "/teams/t/oidcSubjects", /oidcSubjects is empty/);
});

test("a SAML trust in the China Regions or GovCloud names that partition's sign-in endpoint as SAML:aud", () => {
  // Every partition's trust named https://signin.aws.amazon.com/saml, which no assertion addressed to
  // https://signin.amazonaws.cn/saml (IAM User Guide for the China Regions, "Configure your SAML 2.0
  // IdP with relying party trust and adding claims") carries: no member could sign in.
  for (const [partition, region, audience] of [
    ["aws", "us-east-1", "https://signin.aws.amazon.com/saml"],
    ["aws-cn", "cn-north-1", "https://signin.amazonaws.cn/saml"],
    ["aws-us-gov", "us-gov-west-1", "https://signin.amazonaws-us-gov.com/saml"],
  ]) {
    const text = [
      "version: 1",
      "organization: acme",
      `account: "${ACCOUNT}"`,
      `region: ${region}`,
      `partition: ${partition}`,
      "identity: iam-roles",
      `trust: { samlProvider: "arn:${partition}:iam::${ACCOUNT}:saml-provider/Okta" }`,
      "teams:",
      TEAM_T,
      "",
    ].join("\n");
    const { model, errors } = loadAndCompile(text);
    assert.deepEqual(errors, [], partition);
    const trust = model?.policies.find((p) => p.id === "t/analyst/trust");
    assert.deepEqual(trust?.document.Statement[0].Condition, { StringEquals: { "SAML:aud": [audience] } }, partition);
  }
});

test("an access test's context key AWS does not define is a located error with a suggestion (IAM User Guide, 'AWS global condition context keys')", () => {
  // `aws:RequestedRegon: eu-west-1` was carried beside the default session's aws:RequestedRegion =
  // us-east-1: a test written to allow a read from eu-west-1 passed while it checked us-east-1.
  const withContext = (context: string) =>
    spec({
      teams: TEAM_T,
      extra: [
        "tests:",
        "  - principal: t/alice",
        "    action: s3:GetObject",
        "    resource: arn:aws:s3:::acme-data/corpus/x",
        "    expect: deny",
        `    context: ${context}`,
      ].join("\n"),
    });
  const errors = errorsOf(withContext('{ "aws:RequestedRegon": eu-west-1, "s3:prefx": a/ }'));
  assertErrorAt(errors, "/tests/0/context/aws:RequestedRegon", /did you mean "aws:RequestedRegion"\?/);
  assertErrorAt(errors, "/tests/0/context/s3:prefx", /did you mean "s3:prefix"\?/);
  // Tag keys, keys of any case, and a provider's own keys are keys.
  const known = '{ "aws:PrincipalTag/team": t, "AWS:USERNAME": alice, "token.actions.githubusercontent.com:sub": x }';
  assert.deepEqual(errorsOf(withContext(known)), []);
});

describe("a spec built in code, past the loader", () => {
  test("compileSpec refuses the values the loader refuses: a policy variable in a prefix or an OIDC value", async () => {
    const { compileSpec } = await import("../../src/compile/compile.js");
    const loaded = loadSpecFromString(
      spec({
        identity: "iam-roles",
        extra: githubTrust("sts.amazonaws.com", '  oidcSubjects: ["repo:acme/x:ref:refs/heads/main"]'),
        teams: ["  t:", "    datasets: { corpus: read }", "    members:", "      alice: analyst"].join("\n"),
      }),
      "s.yaml",
    );
    assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
    // As loaded, it compiles.
    assert.ok(compileSpec(loaded.spec).model);
    // Changed in code as the loader would never let a file: each is an error, nothing compiles.
    const s = loaded.spec;
    s.datasets.corpus.prefix = "${aws:username}/";
    s.trust!.oidcSubjects = ["${token.actions.githubusercontent.com:sub}"];
    const r = compileSpec(s);
    assert.equal(r.model, undefined);
    const codes = r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.line !== undefined]);
    assert.deepEqual(codes, [
      ["compile-invalid-value", true],
      ["compile-invalid-value", true],
    ]);
  });
});
