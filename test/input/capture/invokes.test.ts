import assert from "node:assert/strict";
import { test } from "node:test";
import { invokeResult, regionCode } from "../../../src/input/capture/mocks/invokes.js";
import { resourceState } from "../../../src/input/capture/mocks/resource-state.js";
import { unknownMark, unknownMarksDeep, unknownMarksIn } from "../../../src/model/unknown-mark.js";

// Each data source answers in the shape the AWS provider documents (registry docs of
// aws.getCallerIdentity, getRegion, getPartition, getAvailabilityZones, organizations.getOrganization,
// iam.getSessionContext, ec2.getAmi, route53.getZone, iam.getPolicy, ssm.getParameter), for the
// capture's account and region.
const ctx = { account: "111122223333", region: "eu-west-1" };
const call = (token: string, inputs: Record<string, unknown> = {}) => {
  const r = invokeResult(token, inputs, ctx);
  assert.ok(r, token);
  return r;
};

test("getCallerIdentity: the account, as an assumed-role session", () => {
  const r = call("aws:index/getCallerIdentity:getCallerIdentity");
  assert.equal(r.accountId, "111122223333");
  assert.match(String(r.arn), /^arn:aws:sts::111122223333:assumed-role\/[^/]+\/[^/]+$/);
  assert.match(String(r.userId), /^AROA[0-9A-F]{17}:/);
});

test("getRegion and getPartition", () => {
  assert.equal(call("aws:index/getRegion:getRegion").name, "eu-west-1");
  assert.equal(call("aws:index/getRegion:getRegion").region, "eu-west-1");
  assert.equal(call("aws:index/getRegion:getRegion", { region: "us-east-2" }).name, "us-east-2");
  const p = call("aws:index/getPartition:getPartition");
  assert.deepEqual([p.partition, p.dnsSuffix], ["aws", "amazonaws.com"]);
});

test("getAvailabilityZones: three zones of the region, with zone ids, honouring exclusions", () => {
  const r = call("aws:index/getAvailabilityZones:getAvailabilityZones", { state: "available" });
  assert.deepEqual(r.names, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  assert.deepEqual(r.zoneIds, ["euw1-az1", "euw1-az2", "euw1-az3"]);
  const ex = call("aws:index/getAvailabilityZones:getAvailabilityZones", { excludeNames: ["eu-west-1b"] });
  assert.deepEqual(ex.names, ["eu-west-1a", "eu-west-1c"]);
  assert.equal(regionCode("ap-southeast-2"), "apse2");
  assert.equal(regionCode("us-east-1"), "use1");
});

test("organizations.getOrganization: an organization managed from the capture's account", () => {
  const r = call("aws:organizations/getOrganization:getOrganization");
  assert.match(String(r.id), /^o-[a-z0-9]{10}$/);
  assert.equal(r.masterAccountId, "111122223333");
  assert.equal((r.accounts as { id: string }[])[0]?.id, "111122223333");
  assert.match(String((r.roots as { id: string }[])[0]?.id), /^r-[a-z0-9]{4}$/);
  assert.equal(r.arn, `arn:aws:organizations::111122223333:organization/${r.id}`);
});

test("iam.getSessionContext: an assumed-role session's issuer is its role (with its path)", () => {
  const r = call("aws:iam/getSessionContext:getSessionContext", {
    arn: "arn:aws:sts::111122223333:assumed-role/deploy/ci-run-7",
  });
  assert.equal(r.issuerArn, "arn:aws:iam::111122223333:role/deploy");
  assert.equal(r.issuerName, "deploy");
  assert.equal(r.sessionName, "ci-run-7");
  const pathed = call("aws:iam/getSessionContext:getSessionContext", {
    arn: "arn:aws:sts::111122223333:assumed-role/teams/ml/deploy/s",
  });
  assert.equal(pathed.issuerArn, "arn:aws:iam::111122223333:role/teams/ml/deploy");
  const user = call("aws:iam/getSessionContext:getSessionContext", { arn: "arn:aws:iam::111122223333:user/ana" });
  assert.equal(user.issuerArn, "arn:aws:iam::111122223333:user/ana");
});

test("ec2.getAmi: a stable image id and ARN in the region, named after the filter", () => {
  const inputs = {
    owners: ["amazon"],
    mostRecent: true,
    filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }],
  };
  const a = call("aws:ec2/getAmi:getAmi", inputs);
  assert.match(String(a.id), /^ami-[0-9a-f]{17}$/);
  assert.equal(a.arn, `arn:aws:ec2:eu-west-1::image/${a.id}`);
  assert.equal(a.ownerId, "137112412989");
  assert.equal(a.name, "al2023-ami-2023.20240101-x86_64");
  assert.deepEqual(call("aws:ec2/getAmi:getAmi", inputs), a);
});

test("route53.getZone: a zone id and the zone's ARN", () => {
  const z = call("aws:route53/getZone:getZone", { name: "example.com.", privateZone: false });
  assert.match(String(z.zoneId), /^Z[0-9A-F]{20}$/);
  assert.equal(z.name, "example.com");
  assert.equal(z.arn, `arn:aws:route53:::hostedzone/${z.zoneId}`);
});

test("iam.getPolicyDocument is computed, as before", () => {
  const r = call("aws:iam/getPolicyDocument:getPolicyDocument", {
    statements: [{ actions: ["s3:GetObject"], resources: ["*"] }],
  });
  assert.deepEqual(JSON.parse(String(r.json)).Statement, [
    { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] },
  ]);
});

// Terraform/Pulumi AWS provider, aws.iam.getPolicyDocument: source documents are merged first,
// then the statements, then the override documents; a document that is not JSON is an error.
test("iam.getPolicyDocument: a source or override document that is not JSON fails the invoke, never drops out", () => {
  const deny = '{"Statement": [{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*",}]}';
  for (const key of ["sourcePolicyDocuments", "overridePolicyDocuments"]) {
    assert.throws(
      () =>
        invokeResult(
          "aws:iam/getPolicyDocument:getPolicyDocument",
          { statements: [{ actions: ["s3:*"], resources: ["*"] }], [key]: [deny] },
          ctx,
        ),
      new RegExp(`getPolicyDocument: ${key}\\[0\\] is not a JSON policy document`),
    );
  }
});

test("iam.getPolicyDocument merging a document capture cannot know (a stack output) is unknown as a whole", () => {
  const r = call("aws:iam/getPolicyDocument:getPolicyDocument", {
    sourcePolicyDocuments: [unknownMark("stack reference shared: denyDoc")],
    statements: [{ actions: ["s3:*"], resources: ["*"] }],
  });
  assert.deepEqual(unknownMarksIn(String(r.json)), [
    "aws.iam.getPolicyDocument merges a document that is not known: stack reference shared: denyDoc",
  ]);
  // A known document with an unknown value inside stays a document; the mark travels in it.
  const inside = call("aws:iam/getPolicyDocument:getPolicyDocument", {
    overridePolicyDocuments: [
      JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:*", Resource: unknownMark("bucket arn") }] }),
    ],
  });
  assert.deepEqual(unknownMarksDeep(JSON.parse(String(inside.json))), ["bucket arn"]);
});

test("iam.getPolicy: an AWS managed policy's document; another policy's is an unknown mark", () => {
  const aws = call("aws:iam/getPolicy:getPolicy", { arn: "arn:aws:iam::aws:policy/AdministratorAccess" });
  assert.deepEqual(JSON.parse(String(aws.policy)).Statement, [{ Effect: "Allow", Action: "*", Resource: "*" }]);
  const own = call("aws:iam/getPolicy:getPolicy", { name: "legacy-admin" });
  assert.equal(own.arn, "arn:aws:iam::111122223333:policy/legacy-admin");
  assert.deepEqual(unknownMarksIn(String(own.policy)), [
    "aws.iam.getPolicy(arn:aws:iam::111122223333:policy/legacy-admin).policy",
  ]);
});

test("ssm.getParameter: the ARN is known, the value is not", () => {
  const p = call("aws:ssm/getParameter:getParameter", { name: "/ingest/bucket" });
  assert.equal(p.arn, "arn:aws:ssm:eu-west-1:111122223333:parameter/ingest/bucket");
  assert.deepEqual(unknownMarksIn(String(p.value)), ["aws.ssm.getParameter(/ingest/bucket).value"]);
});

test("ssoadmin.getInstances, getVpc, getSubnets, s3.getBucket", () => {
  const sso = call("aws:ssoadmin/getInstances:getInstances");
  assert.match(String((sso.arns as string[])[0]), /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
  assert.equal(call("aws:ec2/getVpc:getVpc", { default: true }).default, true);
  assert.equal((call("aws:ec2/getSubnets:getSubnets").ids as string[]).length, 3);
  assert.equal(call("aws:s3/getBucket:getBucket", { bucket: "b1" }).arn, "arn:aws:s3:::b1");
});

test("an invoke capture does not model has no answer (the caller reports it)", () => {
  assert.equal(invokeResult("aws:rds/getEngineVersion:getEngineVersion", {}, ctx), undefined);
});

test("unknown marks survive string building and JSON, and say what they stand for", () => {
  const doc = JSON.stringify({ Statement: [{ Resource: `${unknownMark("stack shared: bucketArn")}/*` }] });
  assert.deepEqual(unknownMarksIn(JSON.parse(doc).Statement[0].Resource), ["stack shared: bucketArn"]);
  assert.deepEqual(unknownMarksDeep(JSON.parse(doc)), ["stack shared: bucketArn"]);
  assert.deepEqual(unknownMarksIn("plain"), []);
});

test("resource states: ARNs in each service's format", () => {
  const s = (type: string, name: string, inputs: Record<string, unknown> = {}) =>
    resourceState(type, name, inputs, ctx);
  assert.equal(
    s("aws:iam/role:Role", "r", { name: "deploy", path: "/ci/" }).state.arn,
    "arn:aws:iam::111122223333:role/ci/deploy",
  );
  assert.equal(s("aws:iam/policy:Policy", "p", { name: "x" }).id, "arn:aws:iam::111122223333:policy/x");
  assert.equal(
    s("aws:iam/instanceProfile:InstanceProfile", "ip", { name: "web" }).state.arn,
    "arn:aws:iam::111122223333:instance-profile/web",
  );
  assert.equal(
    s("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "gh", {
      url: "https://token.actions.githubusercontent.com",
    }).state.arn,
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
  );
  assert.equal(
    s("aws:ssm/parameter:Parameter", "p", { name: "/a/b" }).state.arn,
    "arn:aws:ssm:eu-west-1:111122223333:parameter/a/b",
  );
  assert.match(
    String(s("aws:secretsmanager/secret:Secret", "s", { name: "db/pw" }).state.arn),
    /^arn:aws:secretsmanager:eu-west-1:111122223333:secret:db\/pw-[0-9a-f]{6}$/,
  );
  assert.equal(
    s("aws:sfn/stateMachine:StateMachine", "m", { name: "flow" }).state.arn,
    "arn:aws:states:eu-west-1:111122223333:stateMachine:flow",
  );
  assert.equal(s("aws:s3/bucket:Bucket", "b", { bucket: "x" }).state.arn, "arn:aws:s3:::x");
  assert.match(String(s("aws:s3/bucketV2:BucketV2", "Data").state.bucket), /^data-[0-9a-f]{7}$/);
  assert.equal(
    s("aws:athena/workgroup:Workgroup", "w", { name: "analytics" }).state.arn,
    "arn:aws:athena:eu-west-1:111122223333:workgroup/analytics",
  );
  assert.match(
    String(s("aws:cloudfront/distribution:Distribution", "cdn").state.arn),
    /^arn:aws:cloudfront::111122223333:distribution\/E[0-9A-F]{13}$/,
  );
  // A type the table does not know gets an id and its inputs, nothing made up.
  assert.deepEqual(s("aws:rds/instance:Instance", "db", { engine: "postgres" }).state, { engine: "postgres" });
});
