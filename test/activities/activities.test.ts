import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AWS_USERNAME } from "../../src/activities/build.js";
import {
  activities,
  activityById,
  activityTable,
  builtInPersonas,
  executionRoleStatements,
  executionRoleTrustPolicy,
  GLOBAL_SERVICE_ACTIONS,
  guardrailStatements,
  memberActivities,
  personaActivities,
  personaStatements,
  teamPersonas,
} from "../../src/activities/index.js";
import { getCatalog } from "../../src/catalog/index.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { Statement } from "../../src/policy/types.js";
import { activityContext, exampleSpec, teamContext } from "./fixture.js";

const spec = exampleSpec();
const bySid = (statements: Statement[], sid: string): Statement => {
  const found = statements.find((s) => s.Sid === sid);
  assert.ok(found, `no statement ${sid} in ${statements.map((s) => s.Sid).join(", ")}`);
  return found;
};
const run = (id: string, team: string, persona: string) =>
  activityById(id)!.statements(activityContext(spec, team, persona));

describe("the library", () => {
  test("activities are sorted by id, unique, and each is documented", () => {
    const ids = activities.map((a) => a.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [
      "bedrock",
      "containers",
      "datasets",
      "endpoints",
      "experiments",
      "gpu-instances",
      "inference",
      "models",
      "notebooks",
      "observability",
      "pipelines",
      "training",
    ]);
    for (const a of activities) {
      assert.ok(a.title && a.description && a.services.length > 0 && (a.docs?.length ?? 0) > 0, a.id);
    }
  });

  test("built-in personas name only known activities; bedrock belongs to none; analyst is read-only", () => {
    assert.deepEqual(Object.keys(builtInPersonas).sort(), ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    for (const [name, p] of Object.entries(builtInPersonas)) {
      for (const id of p.activities) assert.ok(activityById(id), `${name}: unknown activity ${id}`);
      assert.ok(!p.activities.includes("bedrock"), `${name} must not include bedrock`);
    }
    assert.equal(builtInPersonas.analyst.readOnly, true);
  });

  test("custom personas come from the spec; unknown personas are undefined", () => {
    const custom = exampleSpec({ personas: { labeler: { activities: ["datasets", "notebooks", "datasets"] } } });
    assert.deepEqual(personaActivities(custom, "labeler"), ["datasets", "notebooks"]);
    assert.deepEqual(personaActivities(custom, "mlops"), builtInPersonas.mlops.activities);
    assert.equal(personaActivities(custom, "wizard"), undefined);
    assert.equal(personaActivities(custom, "toString"), undefined);
  });

  test("a team's extra activities are added; a read-only persona receives only read-only extras", () => {
    const s = exampleSpec();
    s.teams.nlp.activities = ["bedrock", "training"];
    assert.ok(memberActivities(s, s.teams.nlp, "data-scientist")?.includes("bedrock"));
    const analyst = memberActivities(s, s.teams.nlp, "analyst");
    assert.ok(analyst?.includes("bedrock"));
    assert.ok(!analyst?.includes("training"));
  });

  test("activityTable: the persona × activity matrix, descriptions and a Markdown rendering", () => {
    const table = activityTable();
    assert.deepEqual(
      table.personas.map((p) => p.name),
      ["data-scientist", "ml-engineer", "mlops", "analyst"],
    );
    assert.equal(table.activities.length, activities.length);
    assert.deepEqual(table.matrix.analyst, ["datasets", "inference", "observability"]);
    const md = table.markdown().split("\n");
    assert.equal(md.length, activities.length + 2);
    assert.match(md[0], /^\| activity \| data-scientist \| ml-engineer \| mlops \| analyst \| what it grants \|$/);
    const bedrockRow = md.find((l) => l.startsWith("| `bedrock`"));
    assert.ok(bedrockRow && !bedrockRow.includes("✓"), "no built-in persona has bedrock");
    const datasetsRow = md.find((l) => l.startsWith("| `datasets`"));
    assert.equal(datasetsRow?.split("✓").length, 5, "every persona has datasets");
  });

  test("output is deterministic: a reordered spec yields identical statements", () => {
    const reordered = exampleSpec();
    reordered.teams.vision = { ...reordered.teams.vision, datasets: { "vision-artifacts": "write", imagenet: "read" } };
    reordered.guardrails.allowedRegions = ["us-west-2", "us-east-1"];
    for (const persona of Object.keys(builtInPersonas)) {
      assert.deepEqual(
        personaStatements(teamContext(reordered, "vision"), persona),
        personaStatements(teamContext(spec, "vision"), persona),
      );
    }
    assert.deepEqual(
      guardrailStatements(teamContext(reordered, "vision")),
      guardrailStatements(teamContext(spec, "vision")),
    );
  });
});

describe("datasets", () => {
  // AWS: Amazon S3 User Guide, "Example: Allow users to list objects under a prefix" (s3:prefix).
  test("read: ListBucket on the bucket only with an s3:prefix condition, GetObject* on bucket/prefix*", () => {
    const statements = run("datasets", "vision", "data-scientist");
    const list = bySid(statements, "DatasetImagenetList");
    assert.deepEqual(list.Action, ["s3:ListBucket"]);
    assert.deepEqual(list.Resource, ["arn:aws:s3:::acme-ai-datasets"]);
    assert.deepEqual(list.Condition, { StringLike: { "s3:prefix": ["imagenet/*"] } });
    const read = bySid(statements, "DatasetImagenetRead");
    assert.deepEqual(read.Action, ["s3:GetObject*"]);
    assert.deepEqual(read.Resource, ["arn:aws:s3:::acme-ai-datasets/imagenet/*"]);
    assert.ok(!statements.some((s) => s.Sid === "DatasetImagenetWrite"), "imagenet is read-only for vision");
    assert.ok(!JSON.stringify(statements).includes("support/"), "another team's dataset never appears");
  });

  test("write adds put, delete and multipart actions on the prefix only", () => {
    const write = bySid(run("datasets", "vision", "data-scientist"), "DatasetVisionArtifactsWrite");
    assert.deepEqual(write.Action, [
      "s3:AbortMultipartUpload",
      "s3:DeleteObject",
      "s3:ListMultipartUploadParts",
      "s3:PutObject",
    ]);
    assert.deepEqual(write.Resource, ["arn:aws:s3:::acme-ai-artifacts/vision/*"]);
  });

  // AWS: KMS Developer Guide, "kms:ViaService".
  test("the KMS key is usable only through S3 in the organization's region", () => {
    const statements = run("datasets", "vision", "data-scientist");
    const kms = bySid(statements, "DatasetKmsEncryptDecrypt");
    assert.deepEqual(kms.Resource, [spec.guardrails.kmsKey]);
    assert.deepEqual(kms.Condition, { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com"] } });
  });

  test("a dataset's own key wins over the organization's; a whole-bucket dataset lists without s3:prefix", () => {
    const s = exampleSpec();
    s.datasets.imagenet = {
      bucket: "imagenet-bucket",
      prefix: "",
      kmsKey: "arn:aws:kms:us-east-1:123456789012:key/own",
    };
    s.teams.vision.datasets = { imagenet: "read" };
    const statements = activityById("datasets")!.statements(activityContext(s, "vision", "data-scientist"));
    assert.equal(bySid(statements, "DatasetImagenetList").Condition, undefined);
    assert.deepEqual(bySid(statements, "DatasetImagenetRead").Resource, ["arn:aws:s3:::imagenet-bucket/*"]);
    assert.deepEqual(bySid(statements, "DatasetKmsDecrypt").Resource, ["arn:aws:kms:us-east-1:123456789012:key/own"]);
  });

  test("analyst receives every dataset at read, whatever the team holds", () => {
    const statements = run("datasets", "nlp", "analyst");
    assert.ok(statements.some((s) => s.Sid === "DatasetNlpArtifactsRead"));
    assert.ok(!statements.some((s) => s.Sid?.endsWith("Write")));
    assert.deepEqual(bySid(statements, "DatasetKmsDecrypt").Action, ["kms:Decrypt"]);
  });
});

describe("training", () => {
  const statements = run("training", "vision", "ml-engineer");

  // AWS: IAM User Guide, "Granting a user permissions to pass a role to an AWS service".
  test("iam:PassRole only on the team's execution role, only to SageMaker", () => {
    const passes = statements.filter((s) => s.Action?.includes("iam:PassRole"));
    assert.equal(passes.length, 1);
    assert.deepEqual(passes[0].Resource, [teamContext(spec, "vision").executionRoleArn]);
    assert.deepEqual(passes[0].Condition, { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } });
  });

  // AWS: IAM User Guide, "Single-valued vs. multivalued context keys": ForAllValues is true on an absent key.
  test("instance types: ForAllValues:StringLike plus a Null check, so a missing key cannot pass", () => {
    for (const sid of ["TrainingCreateTrainingJobs", "TrainingCreateProcessingJobs", "TrainingCreateTuningJobs"]) {
      const c = bySid(statements, sid).Condition!;
      assert.deepEqual(
        c["ForAllValues:StringLike"]["sagemaker:InstanceTypes"],
        [...spec.guardrails.trainingInstanceTypes].sort(),
      );
      assert.deepEqual(c.Null["sagemaker:InstanceTypes"], ["false"]);
      assert.deepEqual(c.StringEquals["aws:RequestTag/team"], ["vision"]);
      assert.deepEqual(c.NumericLessThanEquals["sagemaker:MaxRuntimeInSeconds"], ["86400"]);
      assert.deepEqual(c["ForAllValues:StringEquals"]["sagemaker:VpcSubnets"], ["subnet-0a1b2c3d4e5f60718"]);
      assert.deepEqual(c["ForAllValues:StringEquals"]["sagemaker:VpcSecurityGroupIds"], ["sg-0123456789abcdef0"]);
      assert.deepEqual(c.ArnEquals["sagemaker:OutputKmsKeyArn"], [spec.guardrails.kmsKey]);
      assert.deepEqual(c.ArnEqualsIfExists["sagemaker:VolumeKmsKeyArn"], [spec.guardrails.kmsKey]);
    }
  });

  test("without a VPC, jobs must be network-isolated", () => {
    const s = exampleSpec();
    s.guardrails = { ...s.guardrails, network: undefined };
    const c = bySid(
      activityById("training")!.statements(activityContext(s, "vision", "ml-engineer")),
      "TrainingCreateTrainingJobs",
    ).Condition!;
    assert.deepEqual(c.Bool, { "sagemaker:NetworkIsolation": ["true"] });
  });

  test("existing jobs only when tagged for the team; tags only at creation", () => {
    assert.deepEqual(bySid(statements, "TrainingManageTeamTrainingJobs").Condition, {
      StringEquals: { "aws:ResourceTag/team": ["vision"] },
    });
    const tag = bySid(statements, "TrainingTagOnCreate");
    assert.deepEqual(tag.Condition?.StringEquals["sagemaker:TaggingAction"], [
      "CreateHyperParameterTuningJob",
      "CreateProcessingJob",
      "CreateTrainingJob",
    ]);
  });
});

describe("notebooks", () => {
  test("own user profile (aws:username), root access and direct internet disabled, instance types limited", () => {
    const statements = run("notebooks", "vision", "data-scientist");
    assert.deepEqual(bySid(statements, "NotebooksOwnProfile").Resource, [
      `arn:aws:sagemaker:us-east-1:123456789012:user-profile/*/${AWS_USERNAME}`,
    ]);
    const create = bySid(statements, "NotebooksCreateInstances").Condition!;
    assert.deepEqual(create.StringEquals["sagemaker:RootAccess"], ["Disabled"]);
    assert.deepEqual(create.StringEquals["sagemaker:DirectInternetAccess"], ["Disabled"]);
    assert.deepEqual(create["ForAllValues:StringLike"]["sagemaker:InstanceTypes"], ["ml.g5.xlarge", "ml.t3.*"]);
    assert.deepEqual(create.Null["sagemaker:InstanceTypes"], ["false"]);
    const spaces = bySid(statements, "NotebooksCreateOwnSpaces").Condition!;
    assert.deepEqual(spaces.ArnLike["sagemaker:OwnerUserProfileArn"], [
      `arn:aws:sagemaker:us-east-1:123456789012:user-profile/*/${AWS_USERNAME}`,
    ]);
  });

  test("with roles the members share a role: their sessions (aws:userid) tell their notebooks apart", () => {
    // IAM User Guide, "IAM policy elements: Variables and tags" (aws:userid is role-id:session-name
    // for a role session) and "Policy evaluation logic".
    const s = exampleSpec({ identity: "iam-roles" });
    const statements = activityById("notebooks")!.statements(activityContext(s, "vision", "data-scientist"));
    const evaluator = createEvaluator({
      identityPolicies: [{ name: "notebooks", document: { Version: "2012-10-17", Statement: statements } }],
    });
    const role = "arn:aws:sts::123456789012:assumed-role/vision-data-scientist/alice";
    const decide = (action: string, resource: string, context: Record<string, string>) =>
      evaluator.evaluate({
        principal: role,
        action,
        resource,
        resourceAccount: "123456789012",
        context: { "aws:userid": "AROAEXAMPLEID:alice", "aws:PrincipalTag/team": "vision", ...context },
      }).decision;
    const notebook = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/vision--nb";
    const tags = (owner: string) => ({ "aws:ResourceTag/team": "vision", "aws:ResourceTag/owner": owner });
    const url = "sagemaker:CreatePresignedNotebookInstanceUrl";
    assert.equal(decide(url, notebook, tags("AROAEXAMPLEID:alice")), "Allowed");
    assert.equal(decide(url, notebook, tags("AROAEXAMPLEID:bob")), "ImplicitlyDenied", "another member's notebook");
    assert.equal(decide(url, notebook, { "aws:ResourceTag/team": "vision" }), "ImplicitlyDenied", "an untagged one");
    // A profile is opened only when tagged for the session; the team tag alone is not enough.
    const profile = "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-1/alice";
    assert.equal(decide("sagemaker:CreatePresignedDomainUrl", profile, tags("AROAEXAMPLEID:alice")), "Allowed");
    assert.equal(
      decide("sagemaker:CreatePresignedDomainUrl", profile, { "aws:ResourceTag/team": "vision" }),
      "ImplicitlyDenied",
    );
  });
});

describe("models", () => {
  test("only mlops may set a model version's approval status", () => {
    const ds = run("models", "vision", "data-scientist");
    const update = bySid(ds, "ModelsUpdateTeamVersions");
    assert.deepEqual(update.Condition?.Null, { "sagemaker:ModelApprovalStatus": ["true"] });
    assert.deepEqual(bySid(ds, "ModelsRegisterVersions").Condition?.StringEqualsIfExists, {
      "sagemaker:ModelApprovalStatus": ["PendingManualApproval"],
    });
    assert.ok(!ds.some((s) => s.Sid === "ModelsApproveTeamVersions"));
    const mlops = run("models", "nlp", "mlops");
    const approve = bySid(mlops, "ModelsApproveTeamVersions");
    assert.ok(approve.Action?.includes("sagemaker:UpdateModelPackage"));
    assert.equal(approve.Condition?.Null, undefined);
  });
});

describe("bedrock", () => {
  const statements = run("bedrock", "nlp", "data-scientist");
  // AWS: Bedrock User Guide, "Prerequisites for running model inference" (Converse uses InvokeModel).
  test("invoke only the approved foundation models and inference profiles, in the allowed regions", () => {
    const invoke = bySid(statements, "BedrockInvokeApprovedModels");
    assert.deepEqual(invoke.Action, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    assert.deepEqual(invoke.Resource, [
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/*.amazon.titan-embed-text-v2:0",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/*.anthropic.claude-3-5-sonnet-*",
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-*",
      "arn:aws:bedrock:us-west-2:123456789012:inference-profile/*.amazon.titan-embed-text-v2:0",
      "arn:aws:bedrock:us-west-2:123456789012:inference-profile/*.anthropic.claude-3-5-sonnet-*",
      "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0",
      "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-*",
    ]);
  });

  // AWS: Bedrock User Guide, "Enforce the use of a specific guardrail" (bedrock:GuardrailIdentifier).
  test("the guardrail is enforced through bedrock:GuardrailIdentifier when configured", () => {
    const guardrail = spec.guardrails.bedrock!.guardrail!;
    assert.deepEqual(bySid(statements, "BedrockInvokeApprovedModels").Condition, {
      StringLike: { "bedrock:GuardrailIdentifier": [guardrail, `${guardrail}:*`] },
    });
    assert.deepEqual(bySid(statements, "BedrockApplyGuardrail").Resource, [guardrail]);
    const s = exampleSpec();
    s.guardrails = { ...s.guardrails, bedrock: { models: ["amazon.titan-embed-text-v2:0"] } };
    const open = activityById("bedrock")!.statements(activityContext(s, "nlp", "data-scientist"));
    assert.equal(bySid(open, "BedrockInvokeApprovedModels").Condition, undefined);
    s.guardrails = { ...s.guardrails, bedrock: undefined };
    assert.deepEqual(activityById("bedrock")!.statements(activityContext(s, "nlp", "data-scientist")), []);
  });
});

describe("analyst is read-only", () => {
  // Access levels from the Service Authorization Reference. kms:Decrypt is classed Write but
  // changes nothing; it is allowed only through S3 (kms:ViaService).
  test("no Write, Tagging or Permissions management action at all (but kms:Decrypt through S3)", () => {
    const catalog = getCatalog();
    for (const team of Object.keys(spec.teams)) {
      const statements = personaStatements(teamContext(spec, team), "analyst");
      assert.ok(statements.length > 5);
      for (const s of statements) {
        for (const pattern of s.Action ?? []) {
          for (const info of catalog.expandActionPattern(pattern).actions) {
            const flags = info.accessLevels;
            if (info.key === "kms:Decrypt") {
              assert.deepEqual(s.Condition?.StringEquals["kms:ViaService"], ["s3.us-east-1.amazonaws.com"]);
              continue;
            }
            assert.ok(
              !flags.write && !flags.tagging && !flags.permissionsManagement,
              `${team}: ${info.key} (${s.Sid})`,
            );
          }
        }
      }
    }
  });
});

describe("guardrails", () => {
  const g = guardrailStatements(teamContext(spec, "vision"));

  // AWS Organizations, "Deny access to AWS based on the requested AWS Region".
  test("the region deny exempts global services with NotAction", () => {
    const deny = bySid(g.denies, "GuardrailDenyOtherRegions");
    assert.equal(deny.Effect, "Deny");
    for (const global of ["iam:*", "sts:*", "organizations:*", "cloudfront:*", "route53:*", "support:*"]) {
      assert.ok(deny.NotAction?.includes(global), global);
    }
    assert.deepEqual(deny.NotAction, GLOBAL_SERVICE_ACTIONS);
    assert.deepEqual(deny.Condition, { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } });
  });

  test("instance types, runtime and EC2 types are denied outside the lists", () => {
    assert.deepEqual(bySid(g.denies, "GuardrailDenyTrainingInstanceTypes").Condition, {
      "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": ["ml.g5.*", "ml.m5.*", "ml.p4d.24xlarge"] },
    });
    assert.deepEqual(bySid(g.denies, "GuardrailDenyLongTraining").Condition, {
      NumericGreaterThan: { "sagemaker:MaxRuntimeInSeconds": ["86400"] },
    });
    assert.deepEqual(bySid(g.denies, "GuardrailDenyEc2InstanceTypes").Resource, [
      "arn:aws:ec2:*:123456789012:instance/*",
    ]);
  });

  // AWS IAM User Guide, "Allows MFA-authenticated IAM users to manage their own MFA device".
  test("MFA: BoolIfExists aws:MultiFactorAuthPresent false, exempting MFA setup, for IAM users only", () => {
    const mfa = bySid(g.denies, "GuardrailDenyWithoutMfa");
    assert.deepEqual(mfa.Condition, {
      BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] },
      StringEquals: { "aws:PrincipalType": ["User"] },
    });
    for (const a of ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"]) {
      assert.ok(mfa.NotAction?.includes(a), a);
    }
    assert.ok(g.selfService.length > 0);
    const roles = guardrailStatements(teamContext(exampleSpec({ identity: "iam-roles" }), "vision"));
    assert.ok(!roles.denies.some((s) => s.Sid === "GuardrailDenyWithoutMfa"));
    assert.deepEqual(roles.selfService, []);
  });

  test("IAM changes are denied on every IAM resource but reading and passing roles", () => {
    const deny = bySid(g.denies, "GuardrailDenyIamChanges");
    assert.deepEqual(deny.Resource, ["arn:aws:iam::123456789012:*"]);
    assert.ok(deny.NotAction?.includes("iam:PassRole"));
    assert.ok(
      !deny.NotAction?.some((a) => /^iam:(Put|Delete|Attach|Detach|Update|CreatePolicy|CreateRole|CreateUser)/.test(a)),
    );
  });

  test("the boundary covers every statement any of the team's principals receives", () => {
    const glob = (pattern: string) =>
      new RegExp(
        `^${pattern
          .split("*")
          .map((p) => p.replace(/[.+?^$()|[\]\\{}]/g, "\\$&"))
          .join(".*")}$`,
        "i",
      );
    for (const team of Object.keys(spec.teams)) {
      const ctx = teamContext(spec, team);
      const { boundary, selfService } = guardrailStatements(ctx);
      const personas = teamPersonas(spec.teams[team]);
      const granted = [
        ...personas.flatMap((p) => personaStatements(ctx, p)),
        ...executionRoleStatements(ctx),
        ...selfService,
      ];
      for (const s of granted) {
        for (const action of s.Action ?? []) {
          for (const resource of s.Resource ?? []) {
            const covered = boundary.some(
              (b) => b.Action?.some((a) => glob(a).test(action)) && b.Resource?.some((r) => glob(r).test(resource)),
            );
            assert.ok(covered, `${team}: ${action} on ${resource} (${s.Sid}) is outside the boundary`);
          }
        }
      }
      assert.ok(!JSON.stringify(boundary).includes(team === "vision" ? "support/" : "imagenet/"));
    }
  });
});

describe("the execution role", () => {
  test("its datasets, ECR pull, its logs and metrics, the KMS key; trusted by SageMaker for this account", () => {
    const ctx = teamContext(spec, "vision");
    const statements = executionRoleStatements(ctx);
    const sids = statements.map((s) => s.Sid);
    for (const sid of [
      "DatasetImagenetRead",
      "DatasetVisionArtifactsWrite",
      "JobPullImages",
      "JobWriteLogs",
      "JobPutMetrics",
      "JobKmsUse",
    ]) {
      assert.ok(sids.includes(sid), sid);
    }
    assert.ok(!statements.some((s) => s.Action?.some((a) => a.startsWith("iam:") || a.startsWith("sagemaker:"))));
    assert.deepEqual(bySid(statements, "JobPullImages").Resource, [
      "arn:aws:ecr:us-east-1:123456789012:repository/acme-ai/shared/pytorch",
      "arn:aws:ecr:us-east-1:123456789012:repository/acme-ai/vision/*",
    ]);
    const trust = executionRoleTrustPolicy(ctx);
    assert.deepEqual(trust.Statement[0].Principal, { Service: ["sagemaker.amazonaws.com"] });
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": ["123456789012"] } });
  });
});
