import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type PolicyResource,
  type ResourceValidation,
  type ResourceValidationArgs,
  type StackValidationArgs,
  UnknownValueError,
} from "@pulumi/policy";
import {
  aiIamPolicies,
  mfaGuardrail,
  policiesOnUsers,
  policyDocuments,
  policyDocumentsAdvisory,
  privilegeEscalation,
} from "../../policypack/policies.js";

/** `@pulumi/policy` 1.21's argument shape, as its server builds it. */
class NotApplicable extends Error {}
const urnOf = (type: string, name: string) => `urn:pulumi:dev::demo::${type}::${name}`;
const opts = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
): ResourceValidationArgs {
  return {
    type,
    name,
    props,
    urn: urnOf(type, name),
    opts,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

/** Run a resource policy; returns the violations, or `"n/a"` when it declared itself not applicable. */
async function runResource(policy: typeof policyDocuments, args: ResourceValidationArgs): Promise<string[] | "n/a"> {
  const out: string[] = [];
  try {
    const validate = policy.validateResource as ResourceValidation;
    await validate(args, (message) => out.push(message));
  } catch (err) {
    if (err instanceof NotApplicable) return "n/a";
    throw err;
  }
  return out;
}

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const readOnly = doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-data/*" });

describe("document policies", () => {
  test("a clean policy passes both", async () => {
    const args = resourceArgs("aws:iam/policy:Policy", "read", { policy: readOnly });
    assert.deepEqual(await runResource(policyDocuments, args), []);
    assert.deepEqual(await runResource(policyDocumentsAdvisory, args), []);
  });

  test("Allow with NotAction is a mandatory (security) violation", async () => {
    const args = resourceArgs("aws:iam/policy:Policy", "broad", {
      policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    });
    const v = await runResource(policyDocuments, args);
    assert.ok(Array.isArray(v) && v.some((m) => m.includes("[allow-with-not-action]")), String(v));
  });

  test("invalid JSON and invalid grammar are mandatory violations", async () => {
    const json = await runResource(
      policyDocuments,
      resourceArgs("aws:iam/userPolicy:UserPolicy", "u", { policy: "{" }),
    );
    assert.ok(Array.isArray(json) && json.length === 1 && json[0].startsWith("policy: [policy-json-syntax]"));
    const effect = await runResource(
      policyDocuments,
      resourceArgs("aws:iam/policy:Policy", "p", {
        policy: doc({ Effect: "allow", Action: "s3:GetObject", Resource: "*" }),
      }),
    );
    assert.ok(Array.isArray(effect) && effect.some((m) => m.includes("[policy-invalid-effect]")), String(effect));
  });

  test("a missing Version is advisory only", async () => {
    const args = resourceArgs("aws:iam/policy:Policy", "nov", {
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
      }),
    });
    assert.deepEqual(await runResource(policyDocuments, args), []);
    const advisory = await runResource(policyDocumentsAdvisory, args);
    assert.ok(Array.isArray(advisory) && advisory.some((m) => m.includes("missing-version")), String(advisory));
  });

  test("a role's trust policy and inline policies are validated as such", async () => {
    const args = resourceArgs("aws:iam/role:Role", "r", {
      assumeRolePolicy: doc({
        Effect: "Allow",
        NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: "sts:AssumeRole",
      }),
      inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }) }],
    });
    const v = await runResource(policyDocuments, args);
    assert.ok(Array.isArray(v));
    assert.ok(
      v.some((m) => m.startsWith("assumeRolePolicy: [allow-with-not-principal]")),
      String(v),
    );
    assert.ok(
      v.some((m) => m.startsWith("inlinePolicies[0].policy: [allow-with-not-action]")),
      String(v),
    );
  });

  test("ignoreRules configures the findings away", async () => {
    const args = resourceArgs(
      "aws:iam/policy:Policy",
      "broad",
      { policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
      { ignoreRules: ["allow-with-not-action"] },
    );
    const v = await runResource(policyDocuments, args);
    assert.ok(Array.isArray(v) && !v.some((m) => m.includes("allow-with-not-action")));
  });

  test("resources without IAM documents are not applicable; unknown documents are not checked, and say so", async () => {
    assert.equal(await runResource(policyDocuments, resourceArgs("aws:s3/bucket:Bucket", "b", { bucket: "x" })), "n/a");
    const unknown = resourceArgs("aws:iam/policy:Policy", "later", { policy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    // @pulumi/policy turns this error into its advisory "can't run ... during preview".
    await assert.rejects(runResource(policyDocuments, unknown), UnknownValueError);
    assert.deepEqual(await runResource(policyDocumentsAdvisory, unknown), []);
  });
});

function stackArgs(resources: PolicyResource[], config: object = {}): StackValidationArgs {
  return {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

function res(
  type: string,
  name: string,
  props: Record<string, unknown>,
  deps: Record<string, PolicyResource[]> = {},
): PolicyResource {
  return {
    type,
    name,
    props,
    urn: urnOf(type, name),
    opts,
    dependencies: Object.values(deps).flat(),
    propertyDependencies: deps,
    isType: () => false,
    asType: () => undefined,
  };
}

async function runStack(policy: typeof privilegeEscalation, args: StackValidationArgs) {
  const out: Array<{ message: string; urn?: string }> = [];
  try {
    await policy.validateStack(args, (message, urn) => out.push({ message, ...(urn ? { urn } : {}) }));
  } catch (err) {
    if (err instanceof NotApplicable) return "n/a";
    throw err;
  }
  return out;
}

describe("stack policies on the whole IAM graph", () => {
  // The seed's shape during a preview: the policy's ARN and the user's name are not known yet, so
  // the attachment is linked through its property dependencies.
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const policy = res("aws:iam/policy:Policy", "aiPolicy", { policy: readOnly, arn: UNKNOWN });
  const user = res("aws:iam/user:User", "aiUser", { name: UNKNOWN, forceDestroy: true });
  const attachment = res(
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aiUserPolicyAttachment",
    { user: UNKNOWN, policyArn: UNKNOWN },
    { user: [user], policyArn: [policy] },
  );
  const seed = [policy, user, attachment];

  test("a policy attached to a user is reported against that user", async () => {
    const v = await runStack(policiesOnUsers, stackArgs(seed));
    assert.ok(Array.isArray(v));
    assert.equal(v.length, 1);
    assert.match(v[0].message, /\[user-attached-policies\]/);
    assert.equal(v[0].urn, user.urn);
  });

  test("the attachment is reported also while the policy's document is not known (a preview)", async () => {
    const computed = res("aws:iam/policy:Policy", "aiPolicy", { policy: UNKNOWN, arn: UNKNOWN });
    const v = await runStack(policiesOnUsers, stackArgs([computed, user, attachment]));
    assert.ok(Array.isArray(v));
    assert.deepEqual(
      v.map((x) => x.urn),
      [user.urn],
    );
  });

  test("an AWS managed policy attached to a user is reported, though its document is not known offline", async () => {
    const admin = res(
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "aiUserAdmin",
      { user: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      { user: [user] },
    );
    const v = await runStack(policiesOnUsers, stackArgs([user, admin]));
    assert.ok(Array.isArray(v));
    assert.deepEqual(
      v.map((x) => x.urn),
      [user.urn],
    );
  });

  test("a user without the MFA guardrail is reported; one whose boundary denies without MFA is not", async () => {
    const broad = res("aws:iam/policy:Policy", "aiPolicy", {
      policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }),
      arn: UNKNOWN,
    });
    const att0 = res(
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "aiUserPolicyAttachment",
      { user: UNKNOWN, policyArn: UNKNOWN },
      { user: [user], policyArn: [broad] },
    );
    const v = await runStack(mfaGuardrail, stackArgs([broad, user, att0]));
    assert.ok(Array.isArray(v) && v.length === 1 && v[0].urn === user.urn, JSON.stringify(v));
    const boundary = res("aws:iam/policy:Policy", "boundary", {
      arn: "arn:aws:iam::123456789012:policy/boundary",
      policy: doc(
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        {
          Effect: "Deny",
          NotAction: ["iam:ChangePassword"],
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
      ),
    });
    const guarded = res("aws:iam/user:User", "aiUser", {
      name: "alice",
      permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
    });
    const att = res(
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "att",
      { user: "alice", policyArn: UNKNOWN },
      { policyArn: [broad] },
    );
    assert.deepEqual(await runStack(mfaGuardrail, stackArgs([broad, boundary, guarded, att])), []);
  });

  test("privilege escalation across attachments is reported", async () => {
    const escalate = res("aws:iam/policy:Policy", "selfAdmin", {
      arn: "arn:aws:iam::123456789012:policy/selfAdmin",
      policy: doc({ Effect: "Allow", Action: ["iam:AttachUserPolicy"], Resource: "*" }),
    });
    const group = res("aws:iam/group:Group", "ops", { name: "ops" });
    const gatt = res("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "opsAtt", {
      group: "ops",
      policyArn: "arn:aws:iam::123456789012:policy/selfAdmin",
    });
    const bob = res("aws:iam/user:User", "bob", { name: "bob" });
    const member = res("aws:iam/userGroupMembership:UserGroupMembership", "bobOps", { user: "bob", groups: ["ops"] });
    const v = await runStack(privilegeEscalation, stackArgs([escalate, group, gatt, bob, member]));
    assert.ok(Array.isArray(v) && v.length > 0, JSON.stringify(v));
    assert.ok(v.every((x) => x.urn === bob.urn));
    // The same user without the group membership has nothing to escalate with.
    assert.deepEqual(await runStack(privilegeEscalation, stackArgs([escalate, group, gatt, bob])), []);
  });

  test("a stack without IAM is not applicable", async () => {
    assert.equal(await runStack(privilegeEscalation, stackArgs([res("aws:s3/bucket:Bucket", "b", {})])), "n/a");
  });

  test("the pack's policies have unique names and the enforcement levels the README documents", () => {
    assert.deepEqual(
      aiIamPolicies.map((p) => `${p.name}=${p.enforcementLevel}`),
      [
        "iam-policy-documents=mandatory",
        "iam-policy-documents-advisory=advisory",
        "iam-privilege-escalation=mandatory",
        "iam-mfa-guardrail=mandatory",
        "iam-policies-on-users=advisory",
      ],
    );
  });
});
