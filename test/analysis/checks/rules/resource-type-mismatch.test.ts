import assert from "node:assert/strict";
import { test } from "node:test";
import type { DocumentRule } from "../../../../src/analysis/checks/types.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import type { PolicyDocument } from "../../../../src/policy/types.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("resource-type-mismatch"), {
  valid: [
    { document: doc(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"])) },
    { document: doc(allow(["s3:ListAllMyBuckets"], ["arn:aws:s3:::*"])) },
  ],
  invalid: [
    {
      document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::b"])),
      errors: [{ messageId: "actionMismatch", data: { action: '"s3:GetObject"' }, line: 7, column: 9 }],
    },
    {
      name: "a pattern none of whose actions acts on the resources",
      document: doc(allow(["s3:GetObjectT*"], ["arn:aws:s3:::b"])),
      errors: [{ messageId: "patternMismatch", data: { pattern: '"s3:GetObjectT*"' } }],
    },
  ],
});

// A model's documents share statement objects (a team's principals) and ARNs: the rule remembers
// a statement's mismatches across documents, each document still locating them where it has them.
test("resource-type-mismatch: a statement shared by documents is reported at its place in each", () => {
  const shared = allow(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::b"]);
  const run = {};
  const check = (document: PolicyDocument) =>
    (rule("resource-type-mismatch") as DocumentRule).check({ document, kind: "identity", catalog: getCatalog(), run });
  const first = check(doc(shared));
  const second = check(doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]), shared));
  const third = check(doc(allow(["s3:GetObject"], ["arn:aws:s3:::b"]), shared));
  assert.deepEqual(
    first.map((r) => r.path),
    ["/Statement/0/Action/1"],
  );
  assert.deepEqual(
    second.map((r) => r.path),
    ["/Statement/1/Action/1"],
  );
  assert.deepEqual(
    third.map((r) => r.path),
    ["/Statement/0/Action/0", "/Statement/1/Action/1"],
  );
  assert.deepEqual(second[0].data, first[0].data);
});
