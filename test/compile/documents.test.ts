import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDocuments } from "../../src/compile/documents.js";
import type { ModelPolicy } from "../../src/model/types.js";
import type { Statement } from "../../src/policy/types.js";

/**
 * The compiler reads every document it wrote back as `check` reads a policy file
 * (`compile-invalid-document`): each statement's errors, at its index in each policy that holds
 * it, whether the statement object recurs (found by identity) or an equal one does (by its text).
 */

const policy = (id: string, statements: Statement[]): ModelPolicy =>
  ({
    id,
    name: id,
    kind: "managed",
    policyType: "identity",
    document: { Version: "2012-10-17", Statement: statements },
    size: 0,
    quota: 6144,
  }) as ModelPolicy;

const ok: Statement = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };
const bare: Statement = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["bucket/key"] };

test("each policy holding a statement IAM would reject gets an error at that statement's own index", () => {
  const found = checkDocuments([
    policy("a", [ok, bare]),
    policy("b", [bare]), // the same object
    policy("c", [ok, ok, { ...bare }]), // an equal one
    policy("d", [ok]),
  ]);
  assert.deepEqual(
    found.map((d) => [
      d.code,
      d.message
        .match(/policy (\w+) .* at (\S+):/)
        ?.slice(1)
        .join(" "),
    ]),
    [
      ["compile-invalid-document", "a /Statement/1/Resource/0"],
      ["compile-invalid-document", "b /Statement/0/Resource/0"],
      ["compile-invalid-document", "c /Statement/2/Resource/0"],
    ],
  );
  assert.match(found[0].message, /"bucket\/key" is not an ARN/);
});

test("a character beyond Latin-1 is an error in an identity policy (IAM rejects the document)", () => {
  const found = checkDocuments([policy("a", [{ ...ok, Resource: ["arn:aws:s3:::b\u0101/*"] }])]);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /U\+0101/);
});
