import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { kindWithArticle, POLICY_KINDS } from "../../src/policy/kinds.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { PolicyKind } from "../../src/policy/types.js";

// The one policy-kind table (src/policy/kinds.ts) is what the parser enforces, kind by kind:
// IAM User Guide, "IAM JSON policy elements: Principal", "...: Resource", "...: Sid"; IAM API
// Reference, CreatePolicy (characters); AWS Organizations User Guide, "RCP syntax".

const KINDS = Object.keys(POLICY_KINDS) as PolicyKind[];

function codes(kind: PolicyKind, statement: Record<string, unknown>): string[] {
  const text = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", ...statement }],
  });
  return parsePolicy(text, { kind }).diagnostics.map((d) => `${d.severity} ${d.code}`);
}

describe("the policy-kind table", () => {
  for (const kind of KINDS) {
    const rules = POLICY_KINDS[kind];
    test(`${kind}: the parser asks of a statement what the table says`, () => {
      const principal = rules.principal === "forbidden" ? {} : { Principal: "*" };
      const resource = rules.resource === "required" ? { Resource: "*" } : {};
      assert.deepEqual(codes(kind, { ...principal, ...resource }), [], "a statement as the table wants it parses");

      const withPrincipal = codes(kind, { Principal: "*", ...resource });
      const withoutPrincipal = codes(kind, resource);
      if (rules.principal === "forbidden") {
        assert.ok(withPrincipal.includes("error policy-principal-not-allowed"), withPrincipal.join());
      } else {
        assert.ok(withoutPrincipal.includes("error policy-missing-principal"), withoutPrincipal.join());
      }

      const withResource = codes(kind, { ...principal, Resource: "*" });
      const withoutResource = codes(kind, principal);
      if (rules.resource === "forbidden") {
        assert.ok(withResource.includes("error policy-resource-not-allowed"), withResource.join());
      } else {
        assert.ok(withoutResource.includes("error policy-missing-resource"), withoutResource.join());
      }

      const sid = codes(kind, { ...principal, ...resource, Sid: "with space" });
      assert.ok(sid.includes(`${rules.strictSid ? "error" : "warning"} policy-invalid-sid`), sid.join());

      const wide = codes(kind, { ...principal, ...resource, Sid: "Caf\u0113" });
      assert.equal(
        wide.some((c) => c.endsWith("policy-invalid-character")),
        rules.latin1,
        `${kind}: characters beyond U+00FF ${rules.latin1 ? "rejected" : "accepted"} (${wide.join()})`,
      );
    });
  }

  test("messages name a kind as the table does, with its article", () => {
    assert.equal(kindWithArticle("identity"), "an identity policy");
    assert.equal(kindWithArticle("trust"), "a role trust policy");
    const text = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    });
    const d = parsePolicy(text, { kind: "resource" }).diagnostics.find((x) => x.code === "policy-missing-principal");
    assert.match(d?.message ?? "", /a resource-based policy must have a "Principal"/);
  });
});
