import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { placeholders, RuleMessageError, renderMessage } from "../../../src/analysis/checks/messages.js";
import { allRules } from "../../../src/analysis/checks/rules/index.js";
import { checkDocument, runChecks } from "../../../src/analysis/checks/runner.js";
import type { DocumentRule } from "../../../src/analysis/checks/types.js";
import { assertInvalid, assertValid } from "../../helpers/rule-tester.js";
import { allow, doc, rule } from "./rules/build.js";

/** Rule messages (ESLint's `meta.messages`): rendering, the runner's errors, and the rule tester itself. */

const meta = { id: "demo", messages: { one: "{{a}} then {{ b }}", plain: "no placeholders" } };

describe("renderMessage", () => {
  test("fills every placeholder, spaces inside the braces allowed, in one pass", () => {
    assert.equal(renderMessage(meta, "one", { a: "{{b}}", b: 2 }), "{{b}} then 2");
    assert.equal(renderMessage(meta, "plain"), "no placeholders");
    assert.deepEqual(placeholders(meta.messages.one), ["a", "b"]);
  });
  test("an unknown messageId or a placeholder without data is a programming error", () => {
    assert.throws(() => renderMessage(meta, "two", {}), RuleMessageError);
    assert.throws(() => renderMessage(meta, "one", { a: 1 }), /no data for the placeholder \{\{b\}\}/);
    // Not an inherited property either.
    assert.throws(() => renderMessage(meta, "toString"), RuleMessageError);
  });
});

describe("the runner renders reports", () => {
  const broken = (report: { messageId: string; data?: Record<string, string> }): DocumentRule => ({
    scope: "document",
    meta: { id: "broken", severity: "warning", description: "d", explanation: "e", messages: { m: "x {{y}}" } },
    check: () => [report],
  });
  const document = doc(allow(["s3:ListAllMyBuckets"]));
  test("a finding carries the rendered message and its messageId", () => {
    const [f] = checkDocument(document, { kind: "identity", rules: [broken({ messageId: "m", data: { y: "z" } })] });
    assert.equal(f.message, "x z");
    assert.equal(f.messageId, "m");
  });
  test("an unknown messageId or missing data throws instead of reporting", () => {
    assert.throws(
      () => checkDocument(document, { kind: "identity", rules: [broken({ messageId: "n" })] }),
      /unknown messageId "n"/,
    );
    assert.throws(
      () => checkDocument(document, { kind: "identity", rules: [broken({ messageId: "m" })] }),
      /\{\{y\}\}/,
    );
  });
  test("a rule that throws becomes the runner's internal-error finding", () => {
    const crash: DocumentRule = {
      ...broken({ messageId: "m" }),
      check: () => {
        throw new Error("boom");
      },
    };
    const [f] = runChecks({ documents: [{ document, kind: "identity" }] }, { rules: [crash] }).findings;
    assert.equal(f.messageId, "internal-error");
    assert.equal(f.message, "internal error in rule broken: boom");
  });
});

describe("every rule's messages", () => {
  test("each rule declares messages; ids are camelCase; placeholders are well-formed", () => {
    for (const r of allRules) {
      const ids = Object.keys(r.meta.messages);
      assert.ok(ids.length > 0, `${r.meta.id} declares no messages`);
      for (const id of ids) {
        assert.match(id, /^[a-z][A-Za-z0-9]*$/, `${r.meta.id}.${id}`);
        const text = r.meta.messages[id];
        // Every brace pair is a placeholder: no stray `{{` left after rendering with all names set.
        const all = Object.fromEntries(placeholders(text).map((p) => [p, "x"]));
        assert.ok(!/\{\{|\}\}/.test(renderMessage(r.meta, id, all)), `${r.meta.id}.${id}: ${text}`);
      }
    }
  });
});

describe("the rule tester", () => {
  const r = rule("allow-with-not-action");
  const bad = doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] });
  test("passes the exact reports", () => {
    assertInvalid(r, { document: bad, errors: [{ messageId: "allowNotAction", line: 6, column: 7 }] });
    assertValid(r, { document: doc({ Effect: "Deny", NotAction: ["iam:*"], Resource: ["*"] }) });
  });
  test("fails on a missing or an extra report, another messageId, data or position", () => {
    assert.throws(() =>
      assertInvalid(r, { document: bad, errors: [{ messageId: "allowNotAction" }, { messageId: "allowNotAction" }] }),
    );
    assert.throws(() =>
      assertInvalid(r, {
        document: doc(bad.Statement[0], bad.Statement[0]),
        errors: [{ messageId: "allowNotAction" }],
      }),
    );
    assert.throws(() => assertInvalid(r, { document: bad, errors: [{ messageId: "other" }] }));
    assert.throws(() => assertInvalid(r, { document: bad, errors: [{ messageId: "allowNotAction", line: 7 }] }));
    // Other data than the report's (a raw document, which the tester passes as written).
    const version: DocumentRule = {
      scope: "document",
      meta: { id: "version", severity: "error", description: "d", explanation: "e", messages: { m: "bad {{v}}" } },
      check: () => [{ messageId: "m", data: { v: "1" }, path: "/Version" }],
    };
    assert.throws(() =>
      assertInvalid(version, {
        document: { Version: "1", Statement: [] },
        raw: true,
        errors: [{ messageId: "m", data: { v: "2" } }],
      }),
    );
    assert.throws(() => assertValid(r, { document: bad }));
  });
  test("fails when the parser and the rule report the same document (told twice)", () => {
    // The parser warns about a Sid IAM would reject in a resource policy; a rule reporting it too would repeat it.
    const twice: DocumentRule = {
      scope: "document",
      meta: { id: "sid-twice", severity: "warning", description: "d", explanation: "e", messages: { m: "bad Sid" } },
      check: () => [{ messageId: "m", path: "/Statement/0/Sid" }],
    };
    const document = doc({
      ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
      Sid: "public read",
      Principal: { AWS: ["*"] },
    });
    assert.throws(
      () => assertInvalid(twice, { document, kind: "resource", errors: [{ messageId: "m" }] }),
      /told twice/,
    );
  });
});
