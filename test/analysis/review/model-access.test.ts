import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CatalogView } from "../../../src/analysis/review/catalog-view.js";
import { effectiveFor } from "../../../src/analysis/review/effective.js";
import { ModelAccess, modelAccess, PrincipalAccess } from "../../../src/analysis/review/principal-access.js";
import type { Catalog } from "../../../src/catalog/catalog.js";
import { getCatalog } from "../../../src/catalog/index.js";
import { model, policy, twoTeams, user } from "./fixtures.js";

// The effective-access object of a model: the catalog it reads is the one passed in, its caches are
// its own and bounded, and every principal's access of one model goes through one object.

/** The bundled catalog, counting the patterns it is asked to expand. */
function countingCatalog(): { catalog: Catalog; asked: string[] } {
  const real = getCatalog();
  const asked: string[] = [];
  const catalog = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "expandActionPattern") {
        return (pattern: string, ...rest: unknown[]) => {
          asked.push(pattern);
          return (target.expandActionPattern as (...a: unknown[]) => unknown)(pattern, ...rest);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { catalog, asked };
}

describe("ModelAccess", () => {
  test("reads the catalog it is given, and asks it about each pattern once", () => {
    const { catalog, asked } = countingCatalog();
    const access = new ModelAccess(twoTeams(), catalog);
    const first = effectiveFor(access.principal("nlp/carol"));
    assert.ok(asked.includes("s3:DeleteObject"), "the passed-in catalog expanded the policy's actions");
    const count = asked.length;
    const again = effectiveFor(access.principal("nlp/carol"));
    assert.deepEqual(again, first);
    assert.equal(asked.length, count, "a second principal object of the same model reuses the expansions");
  });

  test("one object per model: principals of a bare model share it, another model gets its own", () => {
    const m = twoTeams();
    const a = new PrincipalAccess(m, "vision/alice");
    const b = new PrincipalAccess(m, "nlp/carol");
    assert.equal(a.owner, b.owner);
    assert.equal(a.owner, modelAccess(m));
    assert.notEqual(modelAccess(twoTeams()), modelAccess(m));
    assert.throws(() => modelAccess(m).principal("nobody/x"), /no principal "nobody\/x" in the model/);
  });

  test("its caches are bounded: however many patterns are asked about, at most the limit is kept", () => {
    const view = new CatalogView(getCatalog());
    const { limit } = view.cached();
    for (let i = 0; i < limit + 50; i++) view.expandActions(`s3:Get${i}*`);
    assert.equal(view.cached().patterns, limit);
    assert.ok(view.expandActions("s3:GetObject").length === 1, "a forgotten entry is recomputed, not lost");
  });
});

describe("PrincipalAccess signatures", () => {
  /** Two users holding equal (but distinct) documents whose condition reads `key`. */
  const pair = (key: string) => {
    const doc = () => [
      {
        Effect: "Allow" as const,
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::data/*"],
        Condition: { StringEquals: { [key]: ["ann"] } },
      },
    ];
    return model(
      [user("t/ann", "t", { inlinePolicies: ["t/ann/p"] }), user("t/bob", "t", { inlinePolicies: ["t/bob/p"] })],
      [policy("t/ann/p", doc(), "inline-user"), policy("t/bob/p", doc(), "inline-user")],
    );
  };
  const sigs = (m: ReturnType<typeof model>) => {
    const access = modelAccess(m);
    return [access.principal("t/ann").contentSignature(), access.principal("t/bob").contentSignature()];
  };

  test("equal documents held by two principals: one content signature, unless a mentioned context value differs", () => {
    const [a, b] = sigs(pair("s3:prefix"));
    assert.equal(a, b, "the policies mention no context key the two differ in");
    const [c, d] = sigs(pair("AWS:UserName"));
    assert.notEqual(c, d, "a condition on aws:username (key names are case-insensitive) tells them apart");
  });

  test("documents are numbered by their JSON text: equal texts one number, different texts two", () => {
    const m = twoTeams();
    const access = modelAccess(m);
    const d = (p: string) => m.policies.find((x) => x.id === p)!.document;
    const copy = JSON.parse(JSON.stringify(d("vision/policy")));
    assert.equal(access.documentNumber(copy), access.documentNumber(d("vision/policy")));
    assert.notEqual(access.documentNumber(d("nlp/policy")), access.documentNumber(d("vision/policy")));
  });
});
