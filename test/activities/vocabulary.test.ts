import assert from "node:assert/strict";
import { test } from "node:test";
import { activities, builtInPersonas } from "../../src/activities/index.js";
import { loadSpecFromString } from "../../src/input/team-spec/load.js";
import { ACTIVITY_IDS, BUILT_IN_PERSONAS } from "../../src/input/team-spec/vocabulary.js";

// The spec language declares the names it accepts (the loader may not import the activity
// library); the library must implement exactly those, no more and no fewer.

test("the activity library implements exactly the activity ids the spec language accepts", () => {
  assert.deepEqual(activities.map((a) => a.id).sort(), [...ACTIVITY_IDS].sort());
});

test("the built-in personas are exactly the names the spec language reserves, and use only declared activities", () => {
  assert.deepEqual(Object.keys(builtInPersonas).sort(), [...BUILT_IN_PERSONAS].sort());
  for (const [name, persona] of Object.entries(builtInPersonas)) {
    for (const id of persona.activities) assert.ok(ACTIVITY_IDS.includes(id), `${name} uses undeclared activity ${id}`);
  }
});

test("the loader accepts every declared name and rejects one that is not declared", () => {
  const yaml = (activity: string, persona: string) =>
    `version: 1\norganization: acme\naccount: "123456789012"\nregion: us-east-1\nteams:\n  vision:\n    activities: [${activity}]\n    members:\n      alice: [${persona}]\n`;
  for (const id of ACTIVITY_IDS) {
    for (const persona of BUILT_IN_PERSONAS) {
      const { diagnostics } = loadSpecFromString(yaml(id, persona));
      assert.deepEqual(
        diagnostics.filter((d) => d.severity === "error").map((d) => d.code),
        [],
        `${id} / ${persona}`,
      );
    }
  }
  const unknown = loadSpecFromString(yaml("trainig", "data-scientist")).diagnostics.map((d) => d.code);
  assert.ok(unknown.includes("spec-unknown-activity"), unknown.join(", "));
});
