import type { AccessModel, ModelPolicy, ModelPrincipal } from "../../../src/model/types.js";
import type { Statement } from "../../../src/policy/types.js";

/** Tiny hand-built AccessModels for the analysis tests. */
export const ACCOUNT = "111122223333";

export function policy(id: string, statements: Statement[], kind: ModelPolicy["kind"] = "managed"): ModelPolicy {
  return {
    id,
    name: id.replace(/\//g, "-"),
    kind,
    policyType: kind === "boundary" ? "boundary" : "identity",
    document: { Version: "2012-10-17", Statement: statements },
    size: 0,
  };
}

export function user(id: string, team: string, opts: Partial<ModelPrincipal> = {}): ModelPrincipal {
  const name = id.replace(/\//g, "-");
  return {
    id,
    kind: "user",
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    team,
    human: true,
    tags: { team },
    groups: [],
    managedPolicies: [],
    inlinePolicies: [],
    ...opts,
  };
}

export function model(principals: ModelPrincipal[], policies: ModelPolicy[]): AccessModel {
  return {
    source: { kind: "spec", path: "test" },
    account: ACCOUNT,
    partition: "aws",
    region: "us-east-1",
    principals: [...principals].sort((a, b) => a.id.localeCompare(b.id)),
    groups: [],
    policies: [...policies].sort((a, b) => a.id.localeCompare(b.id)),
    resourcePolicies: [],
  };
}

/** Two teams: vision reads `data/imagenet/*` (listing under a prefix condition), nlp writes `data/support/*` but may not delete. */
export function twoTeams(): AccessModel {
  return model(
    [
      user("vision/alice", "vision", { managedPolicies: ["vision/policy"], boundary: "boundary" }),
      user("nlp/carol", "nlp", { managedPolicies: ["nlp/policy"], boundary: "boundary" }),
    ],
    [
      policy("vision/policy", [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/imagenet/*"] },
        {
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: ["arn:aws:s3:::data"],
          Condition: { StringLike: { "s3:prefix": ["imagenet/*"] } },
        },
      ]),
      policy("nlp/policy", [
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: ["arn:aws:s3:::data/support/*"],
        },
        { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["*"] },
      ]),
      policy("boundary", [{ Effect: "Allow", Action: ["s3:*", "sagemaker:*"], Resource: ["*"] }], "boundary"),
    ],
  );
}
