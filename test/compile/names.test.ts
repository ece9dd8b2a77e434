import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileSpec } from "../../src/compile/compile.js";
import { NameLimits, shortName } from "../../src/compile/names.js";
import { checkUniqueness } from "../../src/compile/unique.js";
import { loadSpec } from "../../src/input/team-spec/load.js";
import { loadAndCompile } from "../helpers/spec-access.js";

describe("shortName: deterministic, distinct, within the limit", () => {
  test("a name that fits is the parts joined with '.'", () => {
    assert.equal(shortName(["acme", "vision", "data-scientist"], 32), "acme.vision.data-scientist");
  });

  test("a longer one drops the organization and appends a hash of the full name", () => {
    const name = shortName(["acme-research", "recsys", "data-scientist"], NameLimits.permissionSet);
    assert.match(name, /^recsys\.data-scientist\.[0-9a-z]{6}$/);
    assert.equal(shortName(["acme-research", "recsys", "data-scientist"], 32), name);
    assert.notEqual(shortName(["acme-retail", "recsys", "data-scientist"], 32).slice(-6), name.slice(-6));
  });

  test("when even that is too long, its head is kept before the hash", () => {
    const parts = ["o", "a-very-long-team-name-indeed", "a-very-long-persona-name-too"];
    const name = shortName(parts, 32);
    assert.equal(name.length, 32);
    assert.ok(name.startsWith("o.a-very-long-team-name"));
  });
});

describe("sharedImages: a wildcard entry may reach no other team's repositories (wildcard.ts overlaps)", () => {
  // Teams vision (the entry's) and nlp in organization acme: `acme/nlp/…` is nlp's, `acme/…` every team's.
  const cases: Array<[string, "nlp" | "org" | "ok"]> = [
    ["acme/*", "nlp"],
    ["acme/n*", "nlp"],
    ["acme/*/x", "nlp"],
    ["acme/nlp/x*", "nlp"],
    ["acme/x*", "org"], // a future team x… would be reached
    ["acme/shared/*", "ok"],
    ["acme/vision/*", "ok"],
    ["acme-*", "ok"],
    ["pytorch/*", "ok"],
    ["acme/nlp", "ok"], // a literal name is an explicit share
  ];
  for (const [entry, expected] of cases) {
    test(`${entry}: ${expected}`, () => {
      const { errors } = loadAndCompile(
        [
          "version: 1",
          "organization: acme",
          'account: "123456789012"',
          "region: us-east-1",
          "identity: iam-users",
          "teams:",
          "  vision:",
          `    sharedImages: ["${entry}"]`,
          "    members: { alice: data-scientist }",
          "  nlp:",
          "    members: { carol: data-scientist }",
          "",
        ].join("\n"),
      );
      const reach = errors.filter((e) => e.code === "compile-shared-image-reach").map((e) => e.message);
      if (expected === "ok") assert.deepEqual(reach, []);
      else {
        assert.equal(reach.length, 1, JSON.stringify(errors));
        assert.match(reach[0], expected === "nlp" ? /repositories of team "nlp"/ : /into acme\//);
      }
    });
  }
});

describe("checkUniqueness: the last check before a model leaves the compiler", () => {
  const model = compileSpec(loadSpec("examples/ai-platform").spec!).model!;

  test("the example has no collision and no name over its limit", () => {
    assert.deepEqual(checkUniqueness(model), []);
  });

  test("a duplicate id, AWS name or logical name, and a name over its limit, are located errors", () => {
    const [first, second] = model.groups;
    const broken = {
      ...model,
      groups: [first, { ...second, id: first.id, name: first.name.toUpperCase() }],
      principals: model.principals.map((p, i) => (i === 0 ? { ...p, name: "x".repeat(65) } : p)),
    };
    const found = checkUniqueness(broken).map((d) => `${d.code}: ${d.message}`);
    assert.ok(
      found.some((m) => /compile-name-collision: A model id collides/.test(m)),
      found.join("\n"),
    );
    // IAM names are unique case-insensitively.
    assert.ok(
      found.some((m) => /An AWS name collides/.test(m)),
      found.join("\n"),
    );
    assert.ok(
      found.some((m) => /A Pulumi logical name collides/.test(m)),
      found.join("\n"),
    );
    assert.ok(found.some((m) => /compile-name-too-long: .* 65 characters; AWS allows at most 64/.test(m)));
    for (const d of checkUniqueness(broken)) assert.ok(d.file && d.line, JSON.stringify(d));
  });
});
