import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { activities, activityTable, builtInPersonas } from "../../src/activities/index.js";

const doc = readFileSync(new URL("../../docs/activities.md", import.meta.url), "utf8");

test("docs/activities.md carries the generated persona × activity table", () => {
  assert.ok(doc.includes(activityTable().markdown()), "regenerate the table with activityTable().markdown()");
});

test("docs/activities.md has a section for every activity and mentions every built-in persona", () => {
  for (const a of activities) assert.ok(doc.includes(`### \`${a.id}\``), `no section for ${a.id}`);
  for (const persona of Object.keys(builtInPersonas)) assert.ok(doc.includes(`**${persona}**`), persona);
});
