import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { classifiedAccessChanges, describeClassifiedChange } from "../../../src/analysis/review/dataset-diff.js";
import { diffModels } from "../../../src/analysis/review/diff.js";
import { effectivePermissions } from "../../../src/analysis/review/effective.js";
import { compileSpec } from "../../../src/compile/index.js";
import { loadSpecFromFiles } from "../../../src/input/team-spec/index.js";
import type { AccessModel } from "../../../src/model/types.js";

/** The effective-access diff on versions of the example spec, changed the way a pull request would. */
const DIR = join(import.meta.dirname, "../../../examples/ai-platform");
const FILES = ["org.yaml", "vision.yaml", "nlp.yaml"].map((f) => ({
  file: join(DIR, f),
  text: readFileSync(join(DIR, f), "utf8"),
}));

function compile(edit: (name: string, text: string) => string = (_n, t) => t, order = FILES): AccessModel {
  return compileWithSpec(edit, order).model;
}

function compileWithSpec(edit: (name: string, text: string) => string = (_n, t) => t, order = FILES) {
  const files = order.map((f) => ({ file: f.file, text: edit(f.file.split("/").pop()!, f.text) }));
  const loaded = loadSpecFromFiles(files);
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  const compiled = compileSpec(loaded.spec);
  assert.ok(compiled.model, JSON.stringify(compiled.diagnostics));
  return { model: compiled.model, spec: loaded.spec };
}

function replace(file: string, from: string, to: string) {
  return (name: string, text: string) => {
    if (name !== file) return text;
    assert.ok(text.includes(from), `${file} contains ${from}`);
    return text.replace(from, to);
  };
}

const base = compile();
const gaining = (d: ReturnType<typeof diffModels>) => d.principals.filter((p) => p.added.length > 0).map((p) => p.id);

describe("diff of the example spec", () => {
  test("reordering files, teams, members and datasets shows no change", () => {
    const reordered = compile(
      (name, text) =>
        name === "vision.yaml"
          ? text.replace(
              "alice: data-scientist\n      bob: ml-engineer",
              "bob: ml-engineer\n      alice: data-scientist",
            )
          : text.replace(
              "{ support-tickets: read, nlp-artifacts: write }",
              "{ nlp-artifacts: write, support-tickets: read }",
            ),
      [FILES[2], FILES[1], FILES[0]],
    );
    assert.deepEqual(diffModels(base, reordered), { newAccess: false, principals: [] });
  });

  test("a dataset grant is new access for the team's principals only", () => {
    const after = compile(
      replace(
        "vision.yaml",
        "datasets: { imagenet: read,",
        // Cleared for the confidential tickets (README, "Classification"), then granted them.
        "clearance: confidential\n    datasets: { imagenet: read, support-tickets: read,",
      ),
    );
    const d = diffModels(base, after);
    assert.equal(d.newAccess, true);
    assert.deepEqual(gaining(d), ["vision/alice", "vision/bob", "vision/execution-role"]);
    for (const p of d.principals) {
      assert.equal(p.status, "changed");
      // Only conditions can be replaced (ListBucket's s3:prefix list grows): same action and resource, added back.
      for (const r of p.removed) {
        assert.ok(
          p.added.some((a) => a.action === r.action && a.resource === r.resource && a.conditions),
          r.action,
        );
      }
      assert.ok(
        p.added.some((e) => e.action === "s3:GetObject" && e.resource === "arn:aws:s3:::acme-ai-datasets/support/*"),
        p.id,
      );
      assert.ok(
        p.added.every((e) => e.action.startsWith("s3:") || e.action.startsWith("kms:")),
        p.id,
      );
    }
  });

  test("a second persona is new access for that member only", () => {
    const after = compile(replace("vision.yaml", "alice: data-scientist", "alice: [data-scientist, mlops]"));
    const d = diffModels(base, after);
    assert.deepEqual(gaining(d), ["vision/alice"]);
    assert.ok(d.principals[0].added.some((e) => e.action === "sagemaker:UpdateModelPackage"));
  });

  test("a new member appears as an added principal, and nobody else changes", () => {
    const after = compile(replace("vision.yaml", "bob: ml-engineer", "bob: ml-engineer\n      erin: data-scientist"));
    const d = diffModels(base, after);
    assert.deepEqual(
      d.principals.map((p) => [p.id, p.status]),
      [["vision/erin", "added"]],
    );
    const alice = effectivePermissions(base, "vision/alice").entries.length;
    assert.equal(d.principals[0].added.length, alice, "erin holds what alice, the other data scientist, holds");
    assert.deepEqual(d.principals[0].removed, []);
  });

  test("widening a guardrail (another approved model) is new access for the Bedrock users only", () => {
    const after = compile(
      replace("org.yaml", '"amazon.titan-embed-text-v2:0"]', '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]'),
    );
    const d = diffModels(base, after);
    const bedrockUsers = base.principals
      .filter((p) => effectivePermissions(base, p.id, { services: ["bedrock"] }).entries.length > 0)
      .map((p) => p.id);
    assert.deepEqual(bedrockUsers, ["nlp/carol", "nlp/dan"]);
    assert.deepEqual(gaining(d), bedrockUsers);
    for (const p of d.principals) {
      for (const e of p.added) {
        assert.ok(e.action.startsWith("bedrock:") && e.resource.includes("meta.llama3-*"), `${e.action} ${e.resource}`);
      }
    }
  });

  test("taking a grant away is reported as removed access, not new access", () => {
    const after = compile(replace("nlp.yaml", "support-tickets: read, ", ""));
    const d = diffModels(base, after);
    assert.equal(d.newAccess, false);
    assert.deepEqual(
      d.principals.map((p) => p.id),
      ["nlp/carol", "nlp/dan", "nlp/execution-role"],
    );
    for (const p of d.principals) {
      assert.deepEqual(p.added, []);
      assert.ok(
        p.removed.some((e) => e.resource === "arn:aws:s3:::acme-ai-datasets/support/*"),
        p.id,
      );
    }
  });
});

describe("diff: classified data is called out by name", () => {
  const classified = (edit: (name: string, text: string) => string) => {
    const after = compileWithSpec(edit);
    return classifiedAccessChanges(base, after.model, diffModels(base, after.model), after.spec.datasets).map(
      (c) => `${c.principal}: ${describeClassifiedChange(c)}`,
    );
  };

  test("granting a team a confidential dataset is new read access to it, for each of its principals", () => {
    assert.deepEqual(
      classified(
        replace(
          "vision.yaml",
          "datasets: { imagenet: read,",
          "clearance: confidential\n    datasets: { imagenet: read, support-tickets: read,",
        ),
      ),
      ["vision/alice", "vision/bob", "vision/execution-role"].map(
        (p) => `${p}: new read access to confidential dataset support-tickets`,
      ),
    );
  });

  test("read becoming write is new write access only; restricted data is named as restricted", () => {
    const edit = (name: string, text: string) =>
      replace(
        "nlp.yaml",
        "clearance: confidential",
        "clearance: restricted",
      )(
        name,
        replace(
          "nlp.yaml",
          "support-tickets: read",
          "support-tickets: write",
        )(name, replace("org.yaml", "classification: confidential", "classification: restricted")(name, text)),
      );
    assert.deepEqual(
      classified(edit),
      ["nlp/carol", "nlp/dan", "nlp/execution-role"].map(
        (p) => `${p}: new write access to restricted dataset support-tickets`,
      ),
    );
  });

  test("a wider dataset that contains the confidential prefix counts (decided by the engine, not by name)", () => {
    const after = classified((name, text) =>
      replace(
        "org.yaml",
        "datasets:\n",
        "datasets:\n  everything: { bucket: acme-ai-datasets, prefix: '', classification: confidential }\n",
      )(
        name,
        replace(
          "vision.yaml",
          "datasets: { imagenet: read,",
          "clearance: confidential\n    datasets: { imagenet: read, everything: read,",
        )(name, text),
      ),
    );
    assert.ok(
      after.includes("vision/alice: new read access to confidential dataset support-tickets"),
      after.join("\n"),
    );
    // `everything` itself is not new to vision: it read part of it (imagenet/) before.
  });

  test("new access to internal data only, or no new access, calls out nothing", () => {
    assert.deepEqual(
      classified(
        replace("nlp.yaml", "datasets: { support-tickets: read,", "datasets: { imagenet: read, support-tickets: read,"),
      ),
      [],
    );
    assert.deepEqual(classified(replace("nlp.yaml", "support-tickets: read, ", "")), []);
  });
});
