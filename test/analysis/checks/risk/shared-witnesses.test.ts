import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkModel } from "../../../../src/analysis/checks/runner.js";
import { allow, doc, model, policy, principal, rule } from "../rules/build.js";

/**
 * The escalation analysis shares the list of a model's real targets between principals whose
 * grants name the same patterns (400 passers of `role/*`): only when the list cannot depend on
 * who asks. A pattern naming a policy variable names each principal's own resource.
 */
describe("escalation targets shared between principals", () => {
  const escalations = (m: ReturnType<typeof model>) =>
    checkModel(m, { rules: [rule("privilege-escalation")] }).map((f) => `${f.principal}: ${f.message}`);

  it("a pattern with a policy variable names each asker's own targets, not the first asker's", () => {
    // alice (team a) may create access keys for the users `a-*`, bob (team b) for `b-*`: each
    // takes over its own team's user. AWS: IAM User Guide, "IAM policy elements: Variables and tags".
    const m = model(
      [
        principal("team/alice", "user", { managedPolicies: ["team-keys"], tags: { team: "a" } }),
        principal("team/bob", "user", { managedPolicies: ["team-keys"], tags: { team: "b" } }),
        principal("a/x", "user"),
        principal("b/y", "user"),
      ],
      [
        policy(
          "team-keys",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
          doc(allow(["iam:CreateAccessKey"], ["arn:aws:iam::111122223333:user/${aws:PrincipalTag/team}-*"])),
        ),
      ],
    );
    const found = escalations(m);
    assert.equal(found.length, 2, found.join("\n"));
    assert.ok(found[0].startsWith("team/alice: ") && found[0].includes("user/a-x"), found[0]);
    assert.ok(!found[0].includes("b-y"), found[0]);
    assert.ok(found[1].startsWith("team/bob: ") && found[1].includes("user/b-y"), found[1]);
    assert.ok(!found[1].includes("a-x"), found[1]);
  });

  it("a literal pattern names the same user for every asker", () => {
    // Both may create access keys for carol: both take her over.
    const m = model(
      [
        principal("team/alice", "user", { managedPolicies: ["carol-keys"] }),
        principal("team/bob", "user", { managedPolicies: ["carol-keys"] }),
        principal("team/carol", "user"),
      ],
      [policy("carol-keys", doc(allow(["iam:CreateAccessKey"], ["arn:aws:iam::111122223333:user/team-carol"])))],
    );
    const found = escalations(m);
    assert.equal(found.length, 2, found.join("\n"));
    assert.ok(found[0].startsWith("team/alice: ") && found[0].includes("team-carol"), found[0]);
    assert.ok(found[1].startsWith("team/bob: ") && found[1].includes("team-carol"), found[1]);
  });

  it("a role whose comparison names one of two alike callers is a target for the other only", () => {
    // alice and bob hold equal policies: both may assume any role. vision-exec may assume any role
    // too; its representative request (on the role `ai-iam-probe`) is one the model decides: that
    // role's trust policy names alice (and vision-exec), not bob. Acting as vision-exec gains bob
    // sts:AssumeRole, and alice nothing: the comparison is each caller's own, not its class's.
    // AWS: IAM User Guide, "Policy evaluation for requests within a single account" (role trust policies).
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["any"] }),
        principal("vision/bob", "user", { managedPolicies: ["any"] }),
        principal("vision/exec", "role", { managedPolicies: ["any"], trustPolicy: "exec/trust" }),
        principal("ai-iam/probe", "role", { trustPolicy: "probe/trust" }),
      ],
      [
        policy("any", doc(allow(["sts:AssumeRole"], ["*"]))),
        trust("exec/trust", ["arn:aws:iam::111122223333:root"]),
        trust("probe/trust", [
          "arn:aws:iam::111122223333:user/vision-alice",
          "arn:aws:iam::111122223333:role/vision-exec",
        ]),
      ],
    );
    for (const order of [m.principals, [...m.principals].reverse()]) {
      const found = escalations({ ...m, principals: order }).filter((f) => f.includes("vision-exec"));
      assert.equal(found.length, 1, found.join("\n"));
      assert.ok(found[0].startsWith("vision/bob: "), found[0]);
    }
  });
});

const trust = (id: string, aws: string[]) =>
  policy(id, doc({ Effect: "Allow", Principal: { AWS: aws }, Action: ["sts:AssumeRole"] }), {
    kind: "trust",
    policyType: "trust",
  });
