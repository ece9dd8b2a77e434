import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resetRiskStats, riskStats } from "../../../../src/analysis/checks/risk/stats.js";
import { LISTED_ROLES } from "../../../../src/analysis/checks/rules/pass-role-to-more-privileged.js";
import { checkModel } from "../../../../src/analysis/checks/runner.js";
import type { ModelPolicy, ModelPrincipal } from "../../../../src/model/types.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

const trustSageMaker = policy(
  "exec/trust",
  doc({ Effect: "Allow", Principal: { Service: ["sagemaker.amazonaws.com"] }, Action: ["sts:AssumeRole"] }),
  { kind: "trust", policyType: "trust" },
);

/** alice may pass vision/exec (trusted by SageMaker) and reads `aliceReads`; the role reads `execReads`. */
const scientist = (execReads: string[], aliceReads = ["arn:aws:s3:::vision/*"]) =>
  model(
    [
      principal("vision/alice", "user", { managedPolicies: ["alice"] }),
      principal("vision/exec", "role", { managedPolicies: ["exec"], trustPolicy: "exec/trust", service: "sagemaker" }),
    ],
    [
      policy(
        "alice",
        doc(
          allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]),
          allow(["s3:GetObject"], aliceReads),
        ),
      ),
      policy("exec", doc(allow(["s3:GetObject"], execReads))),
      trustSageMaker,
    ],
  );

/**
 * alice's PassRole statement names `passes` (its Action `iam:PassRole` unless `action` says);
 * the role reads every bucket, alice only hers. Only roles her PassRole patterns can match are
 * compared, so the patterns must be matched as IAM matches a Resource.
 */
const passing = (passes: string[], action = "iam:PassRole") =>
  model(
    [
      principal("vision/alice", "user", { managedPolicies: ["alice"], tags: { job: "exec" } }),
      principal("vision/exec", "role", { managedPolicies: ["exec"], trustPolicy: "exec/trust", service: "sagemaker" }),
    ],
    [
      policy("alice", doc(allow([action], passes), allow(["s3:GetObject"], ["arn:aws:s3:::vision/*"]))),
      policy("exec", doc(allow(["s3:GetObject"], ["*"]))),
      trustSageMaker,
    ],
  );

// AWS: IAM User Guide, "Grant a user permissions to pass a role to an AWS service".
ruleTester.run(rule("pass-role-to-more-privileged"), {
  valid: [
    { name: "same access on both sides: nothing to gain", model: scientist(["arn:aws:s3:::vision/*"]) },
    { name: "PassRole on another role only", model: passing(["arn:aws:iam::111122223333:role/other-exec"]) },
    {
      name: "PassRole on the role's name in another case (a Resource matches case-sensitively)",
      model: passing(["arn:aws:iam::111122223333:role/VISION-exec"]),
    },
    {
      name: "the passer reads the role's bucket too",
      model: scientist(["arn:aws:s3:::secret-datasets/*"], ["arn:aws:s3:::vision/*", "arn:aws:s3:::secret-*"]),
    },
  ],
  invalid: [
    ...[
      ["a wildcard role pattern", ["arn:aws:iam::111122223333:role/vision-*"], "iam:PassRole"],
      ["a `?` in the role name", ["arn:aws:iam::111122223333:role/vision-exe?"], "iam:PassRole"],
      ["every role", ["*"], "iam:PassRole"],
      ["an action pattern", ["arn:aws:iam::111122223333:role/vision-exec"], "iam:Pass*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      ["a policy variable", ["arn:aws:iam::111122223333:role/vision-${aws:PrincipalTag/job}"], "iam:PassRole"],
    ].map(([what, passes, action]) => ({
      name: `PassRole through ${what}`,
      model: passing(passes as string[], action as string),
      errors: [{ messageId: "morePrivileged", principal: "vision/alice" }],
    })),
    {
      name: "a scientist passing an execution role that reads every bucket",
      model: scientist(["*"]),
      errors: [
        {
          messageId: "morePrivileged",
          data: { passer: "vision-alice", count: "1 role", roles: "vision-exec (1 action: s3:GetObject)" },
          principal: "vision/alice",
        },
      ],
    },
    {
      name: "a role scoped to a bucket the passer cannot read is more privileged",
      model: scientist(["arn:aws:s3:::secret-datasets/*"]),
      errors: [
        { messageId: "morePrivileged", data: { count: "1 role", roles: "vision-exec (1 action: s3:GetObject)" } },
      ],
    },
  ],
});

/**
 * One passer (alice, PassRole on every `vision-*` role) and `n` execution roles trusted by
 * SageMaker, each reading its own bucket (`vision-r07` also writes it); `passers` more principals
 * hold alice's policies (a team).
 */
const manyRoles = (n: number, passers = 0) => {
  const principals: ModelPrincipal[] = [principal("vision/alice", "user", { managedPolicies: ["alice"] })];
  for (let i = 1; i <= passers; i++)
    principals.push(principal(`vision/bob${i}`, "user", { managedPolicies: ["alice"] }));
  const policies: ModelPolicy[] = [
    policy("alice", doc(allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-*"]))),
    trustSageMaker,
  ];
  for (let i = 0; i < n; i++) {
    const id = `r${String(i).padStart(2, "0")}`;
    const actions = i === 7 ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"];
    principals.push(
      principal(`vision/${id}`, "role", {
        inlinePolicies: [`${id}/p`],
        trustPolicy: "exec/trust",
        service: "sagemaker",
      }),
    );
    policies.push(policy(`${id}/p`, doc(allow(actions, [`arn:aws:s3:::data-${id}/*`])), { kind: "inline-role" }));
  }
  return model(principals, policies);
};

const passRoleFindings = (m: ReturnType<typeof model>) =>
  checkModel(m, { rules: [rule("pass-role-to-more-privileged")], risks: false });

// AWS: IAM User Guide, "Grant a user permissions to pass a role to an AWS service".
describe("pass-role-to-more-privileged reports one finding per passer", () => {
  it("50 roles one passer may pass: one finding, the count, the first roles, how many more", () => {
    const findings = passRoleFindings(manyRoles(50));
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.principal, "vision/alice");
    assert.equal(f.severity, "security");
    assert.equal(LISTED_ROLES, 5);
    // The role adding the most actions first, then by name.
    assert.equal(
      f.message,
      "vision-alice may pass 50 roles allowed actions vision-alice is not: " +
        "vision-r07 (2 actions: s3:GetObject, s3:PutObject); vision-r00 (1 action: s3:GetObject); " +
        "vision-r01 (1 action: s3:GetObject); vision-r02 (1 action: s3:GetObject); " +
        "vision-r03 (1 action: s3:GetObject); and 45 more roles",
    );
  });

  it("lists the same roles whatever the order of the model's principals", () => {
    const m = manyRoles(12);
    const reversed = { ...m, principals: [...m.principals].reverse() };
    assert.deepEqual(
      passRoleFindings(reversed).map((f) => f.message),
      passRoleFindings(m).map((f) => f.message),
    );
  });

  it("principals holding equal policies are compared with a role once, each still reported", () => {
    resetRiskStats();
    const findings = passRoleFindings(manyRoles(20, 9));
    assert.equal(findings.length, 10);
    assert.ok(findings.every((f) => f.message.includes("may pass 20 roles")));
    // One comparison per (class of passers, role): 20, not 200.
    assert.equal(riskStats.passRolePairs, 20);
  });

  it("a passer whose tag its policy names is compared on its own", () => {
    // Both read `data-${aws:PrincipalTag/team}`: alice (team r00) reads r00's bucket, bob (team r01) r01's.
    const reads = policy(
      "reads",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      doc(allow(["s3:GetObject"], ["arn:aws:s3:::data-vision-${aws:PrincipalTag/team}/*"])),
    );
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["pass", "reads"], tags: { team: "r00" } }),
        principal("vision/bob", "user", { managedPolicies: ["pass", "reads"], tags: { team: "r01" } }),
        ...["r00", "r01"].map((id) =>
          principal(`vision/${id}`, "role", { managedPolicies: [`${id}/p`], trustPolicy: "exec/trust" }),
        ),
      ],
      [
        policy("pass", doc(allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-r*"]))),
        reads,
        trustSageMaker,
        ...["r00", "r01"].map((id) =>
          policy(`${id}/p`, doc(allow(["s3:GetObject"], [`arn:aws:s3:::data-vision-${id}/*`]))),
        ),
      ],
    );
    const messages = passRoleFindings(m).map((f) => f.message);
    assert.deepEqual(messages, [
      "vision-alice may pass 1 role allowed actions vision-alice is not: vision-r01 (1 action: s3:GetObject)",
      "vision-bob may pass 1 role allowed actions vision-bob is not: vision-r00 (1 action: s3:GetObject)",
    ]);
  });

  it("assuming a role whose trust policy names one passer of a team is decided per passer", () => {
    // The role may assume `vision-target`; its trust policy lets alice assume it, not bob: bob gains it.
    // AWS: IAM User Guide, "Policy evaluation for requests within a single account" (role trust policies).
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["pass"] }),
        principal("vision/bob", "user", { managedPolicies: ["pass"] }),
        principal("vision/exec", "role", { managedPolicies: ["assume"], trustPolicy: "exec/trust" }),
        principal("other/target", "role", { trustPolicy: "target/trust" }),
      ],
      [
        policy(
          "pass",
          doc(
            allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]),
            allow(["sts:AssumeRole"], ["arn:aws:iam::111122223333:role/other-target"]),
          ),
        ),
        policy("assume", doc(allow(["sts:AssumeRole"], ["arn:aws:iam::111122223333:role/other-target"]))),
        trustSageMaker,
        policy(
          "target/trust",
          doc({
            Effect: "Allow",
            Principal: {
              AWS: ["arn:aws:iam::111122223333:user/vision-alice", "arn:aws:iam::111122223333:role/vision-exec"],
            },
            Action: ["sts:AssumeRole"],
          }),
          { kind: "trust", policyType: "trust" },
        ),
      ],
    );
    const messages = passRoleFindings(m).map((f) => f.message);
    assert.deepEqual(messages, [
      "vision-bob may pass 1 role allowed actions vision-bob is not: vision-exec (1 action: sts:AssumeRole)",
    ]);
  });
});

describe("pass-role-to-more-privileged on a role of several policies, each read once", () => {
  it("a resource one policy names but does not allow itself, another allows, is compared", () => {
    // The role's first policy names `data-?/x` (its probe, `data-ai-iam-probe/x`, does not match the
    // one-character `?`); its second allows every object. alice may read everything but `data-*`.
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["alice"] }),
        principal("vision/exec", "role", { managedPolicies: ["named", "all"], trustPolicy: "exec/trust" }),
      ],
      [
        policy(
          "alice",
          doc(allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]), {
            Effect: "Allow",
            Action: ["s3:GetObject"],
            NotResource: ["arn:aws:s3:::data-*"],
          }),
        ),
        policy("named", doc(allow(["s3:GetObject"], ["arn:aws:s3:::data-?/x"]))),
        policy("all", doc(allow(["s3:GetObject"], ["*"]))),
        trustSageMaker,
      ],
    );
    assert.deepEqual(
      passRoleFindings(m).map((f) => f.message),
      ["vision-alice may pass 1 role allowed actions vision-alice is not: vision-exec (1 action: s3:GetObject)"],
    );
  });
});

describe("pass-role-to-more-privileged with roles compared per passer and per team", () => {
  it("a role compared per passer is listed in its place among the team's roles", () => {
    // alice and bob (equal policies) may pass every `vision-*` role: r00..r05 read their bucket
    // (r03 writes it too), compared once for both; vision-exec may assume `other-target`, whose
    // trust policy names alice only: compared per passer, it adds sts:AssumeRole for bob alone.
    // AWS: IAM User Guide, "Policy evaluation for requests within a single account" (role trust policies).
    const roles = ["r00", "r01", "r02", "r03", "r04", "r05"];
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["pass"] }),
        principal("vision/bob", "user", { managedPolicies: ["pass"] }),
        ...roles.map((id) =>
          principal(`vision/${id}`, "role", { inlinePolicies: [`${id}/p`], trustPolicy: "exec/trust" }),
        ),
        principal("vision/exec", "role", { managedPolicies: ["assume"], trustPolicy: "exec/trust" }),
        principal("other/target", "role", { trustPolicy: "target/trust" }),
      ],
      [
        policy(
          "pass",
          doc(
            allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-*"]),
            allow(["sts:AssumeRole"], ["arn:aws:iam::111122223333:role/other-target"]),
          ),
        ),
        policy("assume", doc(allow(["sts:AssumeRole"], ["arn:aws:iam::111122223333:role/other-target"]))),
        trustSageMaker,
        ...roles.map((id) =>
          policy(
            `${id}/p`,
            doc(allow(id === "r03" ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"], [`arn:aws:s3:::d-${id}/*`])),
            { kind: "inline-role" },
          ),
        ),
        policy(
          "target/trust",
          doc({
            Effect: "Allow",
            Principal: {
              AWS: ["arn:aws:iam::111122223333:user/vision-alice", "arn:aws:iam::111122223333:role/vision-exec"],
            },
            Action: ["sts:AssumeRole"],
          }),
          { kind: "trust", policyType: "trust" },
        ),
      ],
    );
    const r = (id: string) => `vision-${id} (1 action: s3:GetObject)`;
    assert.deepEqual(
      passRoleFindings(m).map((f) => f.message),
      [
        "vision-alice may pass 6 roles allowed actions vision-alice is not: " +
          `vision-r03 (2 actions: s3:GetObject, s3:PutObject); ${r("r00")}; ${r("r01")}; ${r("r02")}; ${r("r04")}; and 1 more role`,
        "vision-bob may pass 7 roles allowed actions vision-bob is not: " +
          `vision-r03 (2 actions: s3:GetObject, s3:PutObject); vision-exec (1 action: sts:AssumeRole); ${r("r00")}; ${r("r01")}; ${r("r02")}; and 2 more roles`,
      ],
    );
  });

  it("a passing role does not list itself, whether compared per passer or per team", () => {
    // r00 and r01 (equal policies) may pass every `vision-*` role and assume any role: each is a
    // comparison per passer (a trust policy may name it), and neither lists itself.
    const m = model(
      ["r00", "r01", "r02"].map((id) =>
        principal(`vision/${id}`, "role", {
          managedPolicies: [id === "r02" ? "reads" : "pass"],
          trustPolicy: "exec/trust",
        }),
      ),
      [
        policy("pass", doc(allow(["iam:PassRole", "sts:AssumeRole"], ["arn:aws:iam::111122223333:role/vision-*"]))),
        policy("reads", doc(allow(["s3:GetObject"], ["arn:aws:s3:::d/*"]))),
        trustSageMaker,
      ],
    );
    assert.deepEqual(
      passRoleFindings(m).map((f) => f.message),
      [
        "vision-r00 may pass 1 role allowed actions vision-r00 is not: vision-r02 (1 action: s3:GetObject)",
        "vision-r01 may pass 1 role allowed actions vision-r01 is not: vision-r02 (1 action: s3:GetObject)",
      ],
    );
  });
});
