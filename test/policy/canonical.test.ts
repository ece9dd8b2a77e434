import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { canonicalJson, type PolicyDocument, parsePolicy, type Statement } from "../../src/policy/index.js";

describe("canonicalJson", () => {
  test("fixed key order, lone values as strings, conditions sorted", () => {
    const doc: PolicyDocument = {
      Statement: [
        {
          Condition: { StringLike: { "s3:prefix": ["home/*"] }, Bool: { "aws:SecureTransport": ["true"] } },
          Resource: ["arn:aws:s3:::b"],
          Action: ["s3:ListBucket", "s3:GetObject"],
          Effect: "Allow",
          Sid: "List",
        },
      ],
      Id: "p1",
      Version: "2012-10-17",
    };
    assert.equal(
      canonicalJson(doc),
      '{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"List","Effect":"Allow",' +
        '"Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::b",' +
        '"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringLike":{"s3:prefix":"home/*"}}}]}',
    );
  });

  test("principal types in a fixed order; empty lists stay lists", () => {
    const doc: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: ["a.amazonaws.com"], AWS: ["arn:aws:iam::111122223333:root", "*"] },
          Action: [],
        },
      ],
    };
    assert.equal(
      canonicalJson(doc),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"],' +
        '"Service":"a.amazonaws.com"},"Action":[]}]}',
    );
  });

  test("pretty output is the same document, indented", () => {
    const doc: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: ["*"], Resource: ["*"] }],
    };
    const pretty = canonicalJson(doc, { pretty: true });
    assert.match(pretty, /\n {2}"Statement": \[\n {4}\{/);
    assert.deepEqual(JSON.parse(pretty), JSON.parse(canonicalJson(doc)));
  });

  test("equal documents written differently give the same bytes", () => {
    const a = parsePolicy(
      '{"Statement":{"Effect":"Allow","Resource":"*","Action":"s3:GetObject",' +
        '"Condition":{"StringEquals":{"b:k":"1","a:k":"2"},"Bool":{"aws:x":true}}},"Version":"2012-10-17"}',
    );
    const b = parsePolicy(`{
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"],
        "Condition": { "Bool": { "aws:x": "true" }, "StringEquals": { "a:k": 2, "b:k": ["1"] } }
      }]
    }`);
    assert.ok(a.document && b.document);
    assert.equal(canonicalJson(a.document), canonicalJson(b.document));
  });

  const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
  const action = fc.tuple(fc.constantFrom("s3", "iam", "sagemaker", "ec2"), word).map(([s, a]) => `${s}:${a}`);
  const resource = fc.oneof(
    fc.constant("*"),
    word.map((w) => `arn:aws:s3:::${w}/*`),
  );
  const values = fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 });
  const condition = fc.dictionary(
    // Operators that take any string (a Bool or Numeric value must be one the operator reads).
    fc.constantFrom("StringEquals", "StringLike", "ForAnyValue:StringLike", "StringNotEqualsIfExists"),
    fc.dictionary(
      word.map((w) => `aws:${w}`),
      values,
      { minKeys: 1, maxKeys: 3, noNullPrototype: true },
    ),
    { minKeys: 1, maxKeys: 2, noNullPrototype: true },
  );
  const statement: fc.Arbitrary<Statement> = fc
    .record(
      {
        Sid: word,
        Effect: fc.constantFrom("Allow" as const, "Deny" as const),
        actions: fc.array(action, { minLength: 1, maxLength: 4 }),
        not: fc.boolean(),
        Resource: fc.array(resource, { minLength: 1, maxLength: 3 }),
        Condition: condition,
      },
      { requiredKeys: ["Effect", "actions", "not", "Resource"] },
    )
    .map(({ actions, not, ...rest }) => {
      const s: Statement = { ...rest } as Statement;
      if (not) s.NotAction = actions;
      else s.Action = actions;
      return s;
    });

  test("round-trips through parsePolicy to an equal document (property)", () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.boolean(), (statements, pretty) => {
        // Sids must be unique within a policy.
        const seen = new Set<string>();
        const unique = statements.map((s) => {
          if (s.Sid === undefined || !seen.has(s.Sid)) {
            if (s.Sid !== undefined) seen.add(s.Sid);
            return s;
          }
          const { Sid: _, ...rest } = s;
          return rest as Statement;
        });
        const doc: PolicyDocument = { Version: "2012-10-17", Statement: unique };
        const text = canonicalJson(doc, { pretty });
        const back = parsePolicy(text);
        assert.deepEqual(back.diagnostics, []);
        assert.ok(back.document);
        assert.equal(canonicalJson(back.document), canonicalJson(doc));
        // Equal as data, apart from key order inside conditions (canonical JSON sorts them).
        assert.deepEqual(JSON.parse(canonicalJson(back.document)), JSON.parse(canonicalJson(doc)));
        assert.equal(back.document.Statement.length, doc.Statement.length);
        back.document.Statement.forEach((s, i) => {
          assert.deepEqual(s.Action, doc.Statement[i].Action);
          assert.deepEqual(s.NotAction, doc.Statement[i].NotAction);
          assert.deepEqual(s.Resource, doc.Statement[i].Resource);
          assert.deepEqual(s.Condition, doc.Statement[i].Condition);
        });
      }),
      { numRuns: 300 },
    );
  });
});
