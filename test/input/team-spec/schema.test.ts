/**
 * The spec schema (src/input/team-spec/schema.ts) and what comes from it: the published JSON Schema
 * validates the examples and every spec the invariant generator writes, rejects what an editor
 * should flag (typos, wrong types, unknown values) where the loader rejects it too, and the
 * checked-in schema and reference are what the sources generate.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import { REFERENCE_FILE, referenceText, SCHEMA_FILE, schemaText } from "../../../scripts/spec-schema.js";
import { SPEC_FIELDS } from "../../../src/input/team-spec/fields.js";
import { loadSpecFromFiles } from "../../../src/input/team-spec/load.js";
import { schemaFields, specJsonSchema } from "../../../src/input/team-spec/schema.js";
import { randomSpec, specText } from "../../helpers/random-spec.js";

const root = new URL("../../../", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), "utf8");

// The published file, as an editor reads it (not the in-memory schema).
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(read(SCHEMA_FILE)));
const errorsOf = (doc: unknown) =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

test("schema/spec.schema.json and docs/spec.md are what the schema generates (run `npm run schema`)", () => {
  assert.equal(read(SCHEMA_FILE), schemaText(), `${SCHEMA_FILE} is out of date: run npm run schema`);
  assert.equal(read(REFERENCE_FILE), referenceText(), `${REFERENCE_FILE} is out of date: run npm run schema`);
  // Every field of every mapping is in the reference.
  const reference = read(REFERENCE_FILE);
  for (const field of Object.values(SPEC_FIELDS).flat()) assert.match(reference, new RegExp(`\\| \`${field}\` \\|`));
});

test("the loader reads exactly the fields the schema declares, mapping by mapping", () => {
  assert.deepEqual(schemaFields(), SPEC_FIELDS);
});

test("the JSON Schema validates every example spec file", () => {
  const files = [
    "examples/ai-platform-single.yaml",
    ...readdirSync(new URL("examples/ai-platform/", root))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => `examples/ai-platform/${f}`),
  ];
  assert.ok(files.length >= 3);
  for (const file of files) assert.deepEqual(errorsOf(parse(read(file))), [], file);
});

test("the JSON Schema accepts every spec the invariant generator writes (all of which the loader reads)", () => {
  fc.assert(
    fc.property(randomSpec, (spec) => {
      const text = specText(spec);
      assert.deepEqual(errorsOf(JSON.parse(text)), [], text);
      const loaded = loadSpecFromFiles([{ file: "random.yaml", text }]);
      assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
    }),
    { numRuns: 100 },
  );
});

test("what an editor flags, the loader rejects too, with a location", () => {
  const base = read("examples/ai-platform-single.yaml");
  const cases: Array<[string, string]> = [
    ["a misspelt guardrail", base.replace("requireMfa: true", "requireMFA: true")],
    ["a misspelt team field", base.replace(/\n {4}members:/, "\n    member:")],
    ["an unknown identity mode", base.replace(/identity: [a-z-]+/, "identity: iam-user")],
    ["an unknown classification", base.replace("classification: confidential", "classification: confidental")],
    ["a clearance that is not a level", base.replace("clearance: confidential", "clearance: secret")],
    ["an unknown activity", base.replace("activities: [bedrock]", "activities: [bedrok]")],
    ["a bad account", base.replace('account: "123456789012"', 'account: "12345"')],
    ["a dataset level", base.replace("support-tickets: read", "support-tickets: readwrite")],
    ["a maxTrainingSeconds of 30 days", base.replace(/maxTrainingSeconds: \d+/, "maxTrainingSeconds: 2592000")],
  ];
  for (const [what, text] of cases) {
    assert.notEqual(text, base, `${what}: the mutation applies`);
    assert.notDeepEqual(errorsOf(parse(text)), [], `${what}: the JSON Schema rejects it`);
    const loaded = loadSpecFromFiles([{ file: "spec.yaml", text }]);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    assert.ok(errors.length > 0 && errors.every((e) => e.line), `${what}: the loader rejects it, located`);
  }
});

test("a spec split across files validates file by file: no top-level field is required in one file", () => {
  assert.deepEqual(errorsOf({ teams: { vision: { members: { alice: "data-scientist" } } } }), []);
  assert.deepEqual(errorsOf({}), []);
  assert.equal((specJsonSchema().properties as Record<string, unknown>).teams !== undefined, true);
});
