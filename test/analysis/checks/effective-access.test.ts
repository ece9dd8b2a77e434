import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AccessSource } from "../../../src/analysis/checks/effective.js";
import { AccessCaches, checksAccess } from "../../../src/analysis/checks/effective.js";
import { checkModel } from "../../../src/analysis/checks/runner.js";
import { modelAccess } from "../../../src/analysis/review/principal-access.js";
import type { Catalog } from "../../../src/catalog/catalog.js";
import { getCatalog } from "../../../src/catalog/index.js";
import { model, policy, user } from "../review/fixtures.js";

// The checks' effective access of a model's principals goes through the model's one
// effective-access object (`modelAccess(model, catalog)`): the catalog passed in once, the caches
// owned by it, bounded, and shared between principals holding the same policies.

/** Two users holding the same policies, and one holding its own. */
function shared() {
  return model(
    [
      user("ml/ann", "ml", { managedPolicies: ["ml/policy"], boundary: "boundary" }),
      user("ml/bob", "ml", { managedPolicies: ["ml/policy"], boundary: "boundary" }),
      user("ops/cid", "ops", { managedPolicies: ["ops/policy"] }),
    ],
    [
      policy("ml/policy", [
        { Effect: "Allow", Action: ["iam:PassRole", "sagemaker:CreateTrainingJob"], Resource: ["*"] },
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/*"] },
      ]),
      policy("ops/policy", [{ Effect: "Allow", Action: ["iam:*"], Resource: ["*"] }]),
      policy(
        "boundary",
        [{ Effect: "Allow", Action: ["s3:*", "sagemaker:*", "iam:PassRole"], Resource: ["*"] }],
        "boundary",
      ),
    ],
  );
}

/** A catalog that is the bundled one, but a distinct object. */
function otherCatalog(): Catalog {
  const real = getCatalog();
  return new Proxy(real, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

describe("the checks' effective access of a model", () => {
  test("lives in the model's one ModelAccess, and reads the catalog passed in", () => {
    const m = shared();
    const catalog = otherCatalog();
    checkModel(m, { catalog });
    const owner = modelAccess(m, catalog);
    assert.equal(owner.catalog, catalog);
    const caches = owner.facet(checksAccess);
    assert.equal(caches.catalog, catalog, "the checks read the catalog the model's access was given");
    assert.equal(owner.facet(checksAccess), caches, "one per model");
    assert.ok(caches.evaluators.size > 0, "the check compiled its policy sets into the model's caches");
    // Another catalog: another effective-access object, with caches of its own.
    const bundled = modelAccess(m);
    assert.notEqual(bundled, owner);
    assert.notEqual(bundled.facet(checksAccess), caches);
  });

  test("principals holding the same policies share the compiled policy set", () => {
    const m = shared();
    checkModel(m);
    const caches = modelAccess(m).facet(checksAccess);
    const keys = ["ml/ann", "ml/bob", "ops/cid"].map((id) => modelAccess(m).principal(id).policyKey);
    assert.equal(keys[0], keys[1], "ann and bob hold the same policies");
    assert.notEqual(keys[0], keys[2]);
    for (const id of ["ml/ann", "ml/bob"]) {
      const a = caches.access(id, () => assert.fail("made once, by the check"));
      assert.equal(a.allows("sagemaker:CreateTrainingJob"), true);
      assert.equal(a.allows("iam:CreateUser"), false);
    }
    // Two distinct sets without resource policies (ml's and ops'), not three.
    const plain = [...new Set(keys)].filter((k) => caches.evaluators.has(`${k}|`));
    assert.equal(plain.length, 2);
  });

  test("its findings do not depend on what was asked before: a model checked twice, and a fresh one, agree", () => {
    const a = checkModel(shared());
    const m = shared();
    checkModel(m);
    assert.deepEqual(checkModel(m), a);
    assert.ok(a.length > 0, "the model has findings to compare");
  });
});

describe("AccessCaches", () => {
  test("keeps at most `principals` effective accesses: a forgotten one is made again, not lost", () => {
    const catalog = getCatalog();
    const caches = new AccessCaches(catalog, 2);
    let made = 0;
    const source = (id: string) => (): AccessSource => {
      made++;
      const named = { name: id, document: { Version: "2012-10-17", Statement: [] } };
      return {
        principal: { id, arn: `arn:aws:iam::123456789012:role/${id}`, account: "123456789012", partition: "aws" },
        identityPolicies: [named],
        policySet: () => ({ identityPolicies: [named] }),
        requestPrincipal: `arn:aws:iam::123456789012:role/${id}`,
        context: {},
        locate: () => ({}),
      };
    };
    const a = caches.access("a", source("a"));
    assert.equal(caches.access("a", source("a")), a);
    caches.access("b", source("b"));
    caches.access("c", source("c"));
    assert.equal(made, 3);
    const again = caches.access("a", source("a"));
    assert.equal(made, 4, "a was forgotten (least recently used) and made again");
    assert.notEqual(again, a);
    assert.equal(again.allows("s3:GetObject"), false);
  });

  test("an STS or KMS action in any case is decided with its resource's policy, after other actions of s and k", () => {
    // The policy set of an action other than kms:* and sts:* is looked up without building
    // anything; sts:AssumeRole needs the role's trust policy, kms:* the default key policy. Asked
    // after s3:, sqs:, ssm: and kinesis: actions, in any case, they still get their own set.
    const catalog = getCatalog();
    const caches = new AccessCaches(catalog, 1);
    const allow = {
      name: "p",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow" as const,
            Action: ["s3:*", "sqs:*", "ssm:*", "kinesis:*", "sts:*", "kms:*"],
            Resource: ["*"],
          },
        ],
      },
    };
    const trust = {
      name: "trust",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow" as const,
            Principal: { AWS: ["arn:aws:iam::123456789012:role/someone-else"] },
            Action: ["sts:AssumeRole"],
          },
        ],
      },
    };
    const access = caches.access("a", () => ({
      principal: { id: "a", arn: "arn:aws:iam::123456789012:role/a", account: "123456789012", partition: "aws" },
      identityPolicies: [allow],
      policySet: (action: string) =>
        /^sts:assumerole/i.test(action)
          ? { identityPolicies: [allow], resourcePolicy: trust }
          : { identityPolicies: [allow] },
      requestPrincipal: "arn:aws:sts::123456789012:assumed-role/a/session",
      context: {},
      locate: () => ({}),
    }));
    const role = { resource: "arn:aws:iam::123456789012:role/target" };
    for (const action of [
      "s3:GetObject",
      "sqs:SendMessage",
      "ssm:GetParameter",
      "kinesis:PutRecord",
      "sts:GetCallerIdentity",
    ])
      assert.equal(access.allows(action, { resource: "arn:aws:s3:::b/k" }), true, action);
    for (const action of ["sts:AssumeRole", "STS:AssumeRole", "Sts:assumerole"])
      assert.equal(access.allows(action, role), false, `${action}: the trust policy names someone else`);
    // The default key policy delegates to the account: allowed, as without the lookup.
    for (const action of ["kms:Decrypt", "KMS:Decrypt"])
      assert.equal(access.allows(action, { resource: "arn:aws:kms:us-east-1:123456789012:key/k" }), true, action);
  });

  test("a principal's candidate actions are its documents' named actions, sorted, each once", () => {
    const catalog = getCatalog();
    const caches = new AccessCaches(catalog, 1);
    const doc = (...actions: string[]) => ({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: actions, Resource: ["*"] }],
    });
    const policies = [
      { name: "a", document: doc("s3:Get*", "iam:PassRole") },
      { name: "b", document: doc("s3:GetObject", "ec2:Describe*") },
      { name: "c", document: { Version: "2012-10-17", Statement: [] } },
      { name: "d", document: doc("sagemaker:Create*", "iam:PassRole", "s3:List*") },
    ];
    const access = caches.access("p", () => ({
      principal: { id: "p", arn: "arn:aws:iam::123456789012:role/p", account: "123456789012", partition: "aws" },
      identityPolicies: policies,
      policySet: () => ({ identityPolicies: policies }),
      requestPrincipal: "arn:aws:sts::123456789012:assumed-role/p/session",
      context: {},
      locate: () => ({}),
    }));
    const want = [...new Set(policies.flatMap((p) => [...caches.namedActions(p.document).keys()]))].sort();
    assert.deepEqual(access.candidateActions(), want);
  });

  test("principals of one account share the default key policy's document (compiled once)", () => {
    const catalog = getCatalog();
    const caches = new AccessCaches(catalog, 2);
    const make = (id: string) => {
      const allow = {
        name: id,
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow" as const, Action: ["kms:Decrypt"], Resource: ["*"] }],
        },
      };
      return caches.access(id, () => ({
        principal: { id, arn: `arn:aws:iam::123456789012:role/${id}`, account: "123456789012", partition: "aws" },
        identityPolicies: [allow],
        policySet: () => ({ identityPolicies: [allow] }),
        requestPrincipal: `arn:aws:sts::123456789012:assumed-role/${id}/session`,
        context: {},
        locate: () => ({}),
      }));
    };
    assert.equal(make("a").allows("kms:Decrypt"), true);
    assert.equal(make("b").allows("kms:Decrypt"), true);
    const k1 = caches.defaultPolicy("k:aws:123456789012", () => {
      throw new Error("made again");
    });
    assert.equal(k1.name, "(default key policy)");
  });
});
