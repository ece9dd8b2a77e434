import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { plainCanonicalSize } from "../../src/compile/pack.js";
import { canonicalJson, type PolicyDocument, PolicyQuotas, parsePolicy, policySize } from "../../src/policy/index.js";
import { canonicalStatementSize, documentSize } from "../../src/policy/size.js";
import type { Statement } from "../../src/policy/types.js";

// AWS: IAM User Guide, "IAM and AWS STS quotas": "IAM doesn't count white space when calculating
// the size of a policy against these quotas."
describe("policySize", () => {
  test("a hand-counted minimal policy: 62 characters", () => {
    // {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
    //  {=1  "Statement"=11 (12)  :=13  [=14  {=15  "Effect"=8 (23)  :=24  "Allow"=7 (31)  ,=32
    //  "Action"=8 (40)  :=41  "*"=3 (44)  ,=45  "Resource"=10 (55)  :=56  "*"=3 (59)  }=60  ]=61  }=62
    const text = '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    assert.equal(policySize(text), 62);
    const pretty = '{\n  "Statement": [\n\t{ "Effect" : "Allow",\r\n "Action": "*", "Resource": "*" }\n  ]\n}\n';
    assert.equal(policySize(pretty), 62);
    const doc = parsePolicy(text).document;
    assert.ok(doc);
    assert.equal(policySize(doc), 62);
  });

  test("a hand-counted policy with Version and a list: 113 characters", () => {
    // {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}
    // {=1 "Version"=9 (10) := 11 "2012-10-17"=12 (23) ,=24 "Statement"=11 (35) :=36 [=37 {=38
    // "Effect"=8 (46) :=47 "Allow"=7 (54) ,=55 "Action"=8 (63) :=64 [=65 "s3:GetObject"=14 (79) ,=80
    // "s3:ListBucket"=15 (95) ]=96 ,=97 "Resource"=10 (107) :=108 "*"=3 (111) }=112 ]=113 }=114
    const doc: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["*"] }],
    };
    assert.equal(canonicalJson(doc).length, 114);
    assert.equal(policySize(doc), 114);
    assert.equal(policySize(canonicalJson(doc, { pretty: true })), 114);
  });

  test("white space inside strings is not counted either; characters, not bytes or UTF-16 units", () => {
    assert.equal(policySize('{"a b":"c\td"}'), 11); // { " a b " : " c d " } minus the space and the tab
    assert.equal(policySize('"é"'), 3);
    assert.equal(policySize('"😀"'), 3);
  });

  test("the quotas, as the IAM User Guide states them", () => {
    assert.equal(PolicyQuotas.managedPolicySize, 6144);
    assert.equal(PolicyQuotas.userInlineSize, 2048);
    assert.equal(PolicyQuotas.groupInlineSize, 5120);
    assert.equal(PolicyQuotas.roleInlineSize, 10240);
    assert.equal(PolicyQuotas.roleTrustPolicySize, 2048);
    assert.equal(PolicyQuotas.permissionSetInlineSize, 10240);
    assert.equal(PolicyQuotas.managedPoliciesPerRole, 10);
    assert.equal(PolicyQuotas.groupsPerUser, 10);
  });
});

// `documentSize` adds up the envelope's and each statement's sizes (the policy-size rule remembers
// them per statement object); it must be `policySize` exactly, white space and surrogate pairs
// inside values included, and throw where `policySize` throws.
describe("documentSize", () => {
  const text = fc.constantFrom("a", "b c", "tab\there", "é", "😀", "x\ny", " lead", "");
  const statement = fc.record(
    {
      Sid: fc.constantFrom("A1", "Read", "x"),
      Effect: fc.constantFrom("Allow", "Deny"),
      Action: fc.array(fc.constantFrom("s3:GetObject", "s3:*", "*", "iam:PassRole", "sagemaker:Create*"), {
        minLength: 1,
        maxLength: 3,
      }),
      Resource: fc.array(
        fc.oneof(
          fc.constant("*"),
          text.map((t) => `arn:aws:s3:::bucket/${t}`),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      Condition: fc.record({
        StringEquals: fc.dictionary(
          fc.constantFrom("aws:PrincipalTag/team", "s3:prefix"),
          fc.array(text, { minLength: 1, maxLength: 3 }),
          { minKeys: 1, maxKeys: 2 },
        ),
      }),
    },
    { requiredKeys: ["Effect", "Action", "Resource"] },
  );
  const document = fc.record(
    {
      Version: fc.constant("2012-10-17"),
      Id: text,
      Statement: fc.array(statement, { minLength: 0, maxLength: 5 }),
    },
    { requiredKeys: ["Statement"] },
  );
  const outcome = (f: () => number) => {
    try {
      return f();
    } catch (e) {
      return (e as Error).constructor.name;
    }
  };

  test("is policySize, sized whole or statement by statement (the rule's memo and plain counting)", () => {
    fc.assert(
      fc.property(document, (doc) => {
        const whole = outcome(() => policySize(doc as PolicyDocument));
        assert.equal(
          outcome(() => documentSize(doc as PolicyDocument)),
          whole,
        );
        const sizeOf = (s: Statement) => plainCanonicalSize(s) ?? canonicalStatementSize(s);
        assert.equal(
          outcome(() => documentSize(doc as PolicyDocument, sizeOf)),
          whole,
        );
      }),
      { numRuns: 500 },
    );
  });
});
