import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { groupAccess } from "../../src/analysis/draft-spec/index.js";
import { activityProfiles, containment, jaccard, profileOf, unionOf } from "../../src/analysis/draft-spec/profile.js";
import { DecisionCache } from "../../src/analysis/draft-spec/shared-access.js";
import { effectiveFor } from "../../src/analysis/review/effective.js";
import { PrincipalAccess } from "../../src/analysis/review/principal-access.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import type { AccessModel } from "../../src/model/types.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";

/**
 * The draft's shortcuts must decide exactly as the engine does without them:
 * - decisions shared between principals whose policies relevant to the action are the same
 *   (`shared-access.ts`; IAM "Policy evaluation logic": only statements matching the request's
 *   action take part, and a permissions boundary with no matching Allow denies);
 * - a group with thousands of actions is counted only until no persona could fit it any more.
 */
const ACCOUNT = "111122223333";
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const policy = (name: string, document: object) => ({
  PolicyName: name,
  Arn: arn("policy", name),
  Path: "/",
  DefaultVersionId: "v1",
  PolicyVersionList: [{ Document: document, VersionId: "v1", IsDefaultVersion: true }],
});
const user = (name: string, policies: string[], extra: Record<string, unknown> = {}) => ({
  UserName: name,
  Arn: arn("user", name),
  Path: "/",
  GroupList: [],
  UserPolicyList: [],
  AttachedManagedPolicies: policies.map((p) => ({ PolicyName: p, PolicyArn: arn("policy", p) })),
  Tags: [],
  ...extra,
});

const policies = [
  policy("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
  policy(
    "own-prefix",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template literal
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}/*" }),
  ),
  policy(
    "team-tag",
    doc({
      Effect: "Allow",
      Action: "sagemaker:CreateTrainingJob",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalTag/team": "vision" } },
    }),
  ),
  policy("not-iam", doc({ Effect: "Deny", NotAction: ["s3:*", "sagemaker:*"], Resource: "*" })),
  policy(
    "put-only-vision",
    doc({
      Effect: "Deny",
      Action: "s3:PutObject",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalTag/team": "vision" } },
    }),
  ),
  policy("boundary-s3", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
  policy("boundary-sm", doc({ Effect: "Allow", Action: ["sagemaker:*", "s3:GetObject"], Resource: "*" })),
];
const tag = (team: string) => ({ Tags: [{ Key: "team", Value: team }] });
const bound = (name: string) => ({
  PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn("policy", name) },
});
const users = [
  user("ann", ["admin", "own-prefix"]),
  user("bob", ["admin", "own-prefix"]),
  user("cat", ["admin", "team-tag"], tag("vision")),
  user("dan", ["admin", "team-tag"], tag("nlp")),
  user("eve", ["admin"], bound("boundary-s3")),
  user("fay", ["admin"], bound("boundary-sm")),
  user("gus", ["admin", "not-iam"]),
  user("hal", ["own-prefix", "team-tag"], { ...tag("vision"), ...bound("boundary-sm") }),
  user("ivy", ["own-prefix"]),
  user("jon", ["own-prefix"]),
  user("kim", ["admin", "put-only-vision"], tag("vision")),
  user("lee", ["admin", "put-only-vision"], tag("nlp")),
];

async function importDoc(document: object): Promise<AccessModel> {
  const result = await importAuthorizationDetails([{ file: "a.json", text: JSON.stringify(document) }]);
  assert.ok(result.model, JSON.stringify(result.diagnostics));
  return result.model;
}

describe("draft spec: decisions shared between principals", () => {
  let model: AccessModel;
  before(async () => {
    model = await importDoc({ UserDetailList: users, Policies: policies, IsTruncated: false });
  });

  it("answers every (action, resource) of every principal as the engine does alone", () => {
    const cache = new DecisionCache(model);
    const actions = [
      "s3:GetObject",
      "s3:PutObject",
      "sagemaker:CreateTrainingJob",
      "iam:CreateUser",
      "ec2:RunInstances",
    ];
    const resources = ["*", "arn:aws:s3:::home/ann/x", "arn:aws:s3:::home/ivy/x", "arn:aws:s3:::other/x"];
    let compared = 0;
    // Twice over, in two orders: the second pass answers from the cache, filled by other principals.
    for (const order of [users, [...users].reverse()]) {
      for (const u of order) {
        const id = `user/${u.UserName}`;
        const shared = cache.access(id);
        const alone = new PrincipalAccess(model, id);
        for (const action of actions) {
          for (const resource of resources) {
            assert.equal(
              shared.classify(action, resource),
              alone.classify(action, resource),
              `${id} ${action} ${resource}`,
            );
            compared++;
          }
        }
      }
    }
    assert.equal(compared, 2 * users.length * actions.length * resources.length);
    assert.ok(cache.hits > 0, "some decisions were shared");
    // The differences the key must keep apart.
    const c = (id: string, a: string, r: string) => cache.access(id).classify(a, r);
    assert.equal(c("user/ann", "s3:GetObject", "arn:aws:s3:::home/ann/x"), "Allowed");
    assert.equal(c("user/hal", "s3:GetObject", "arn:aws:s3:::home/hal/x"), "Allowed");
    assert.equal(c("user/hal", "s3:GetObject", "arn:aws:s3:::home/ann/x"), "Denied"); // ${aws:username}
    assert.equal(c("user/ivy", "s3:GetObject", "arn:aws:s3:::home/ivy/x"), "Allowed");
    assert.equal(c("user/jon", "s3:GetObject", "arn:aws:s3:::home/ivy/x"), "Denied");
    assert.equal(c("user/kim", "s3:PutObject", "*"), "Allowed"); // the Deny reads the principal's tag
    assert.equal(c("user/lee", "s3:PutObject", "*"), "Denied");
    assert.equal(c("user/lee", "s3:GetObject", "*"), "Allowed");
    assert.equal(c("user/hal", "sagemaker:CreateTrainingJob", "*"), "Conditional"); // on its tag
    assert.equal(c("user/eve", "sagemaker:CreateTrainingJob", "*"), "Denied"); // boundary without SageMaker
    assert.equal(c("user/fay", "sagemaker:CreateTrainingJob", "*"), "Allowed");
    assert.equal(c("user/eve", "ec2:RunInstances", "*"), "Denied");
    assert.equal(c("user/gus", "iam:CreateUser", "*"), "Denied"); // NotAction deny
    assert.equal(c("user/ann", "iam:CreateUser", "*"), "Allowed");
  });

  it("on a generated account, every principal's effective access is the same with the cache", async () => {
    const account = generateAuthorizationDetails({ seed: 5, principals: 80, policies: 30 });
    const generated = await importDoc(JSON.parse(authorizationDetailsText(account)));
    const cache = new DecisionCache(generated);
    const people = generated.principals.filter((p) => p.human);
    assert.ok(people.length > 20);
    for (const p of people) {
      const plain = effectiveFor(new PrincipalAccess(generated, p.id), { conditions: false }).entries;
      const shared = effectiveFor(cache.access(p.id), { conditions: false }).entries;
      assert.deepEqual(shared, plain, p.id);
    }
    assert.ok(cache.hits > 0, `${cache.hits} hits, ${cache.misses} misses`);
  });
});

describe("draft spec: a group with thousands of actions", () => {
  it("is left without a persona early only when its whole access is too far from every persona", async () => {
    const account = generateAuthorizationDetails({ seed: 5, principals: 120, policies: 40 });
    const model = await importDoc(JSON.parse(authorizationDetailsText(account)));
    const profiles = activityProfiles();
    let wide = 0;
    let early = 0;
    for (const p of model.principals.filter((x) => x.human)) {
      const access = new PrincipalAccess(model, p.id);
      if (access.candidates().size <= 3000) continue;
      wide++;
      const result = groupAccess(model, p.id);
      // The profile `draftSpec` would judge with everything computed.
      const whole = profileOf(effectiveFor(access, { conditions: false }).entries);
      const chosen = [...profiles.activities.keys()].filter(
        (id) => containment(profiles.activities.get(id)!, whole) >= 0.5,
      );
      const best = Math.max(
        chosen.length > 0 ? jaccard(whole, unionOf(chosen, profiles)) : 0,
        ...[...profiles.personas.values()].map((acts) => jaccard(whole, unionOf(acts, profiles))),
      );
      if (!result.possible) {
        early++;
        assert.ok(best < 0.05, `${p.id}: left out, but its similarity is ${best}`);
        assert.deepEqual(result.entries, []);
      } else {
        assert.deepEqual(result.entries, effectiveFor(access, { conditions: false }).entries, p.id);
      }
    }
    assert.ok(wide > 0 && early > 0, `${wide} wide groups, ${early} decided early`);
  });
});
