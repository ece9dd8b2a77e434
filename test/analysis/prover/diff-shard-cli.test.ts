/**
 * `diff --shard i/n` and `ai-iam merge` of its JSON results, through the CLI as a CI matrix uses
 * them: the merged result is byte for byte the unsharded `diff --format json` (sampled diff and
 * exact answers), with `diff --fail-on-new-access`'s exit code; shards of different runs, of
 * `prove` mixed with `diff`, and a malformed diff result are refused with located diagnostics.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { mergeProveResults } from "../../../src/analysis/prover/shards.js";
import { jobsFixtures } from "./jobs-fixtures.js";

const { tmp, cli, LOOSENED } = jobsFixtures();

interface DiffJson {
  shard?: string;
  fingerprint?: string;
  newAccess: boolean;
  principals: Array<{ id: string }>;
  exact?: { status: string; principals: Array<{ id: string; status: string }> };
}

describe("diff --shard i/n, merged: the unsharded diff", () => {
  test("three shards (one on two threads) merged in any order: the same JSON bytes and exit code", {
    timeout: 900_000,
  }, () => {
    const args = ["diff", "examples/ai-platform", LOOSENED, "--fail-on-new-access", "--quiet"];
    const whole = cli(...args, "--format", "json");
    assert.equal(whole.status, 1, whole.stderr);
    const all = JSON.parse(whole.stdout) as DiffJson;
    assert.equal(all.exact?.status, "violated");
    assert.equal(all.shard, undefined);
    assert.equal(all.fingerprint, undefined, "an unsharded diff's JSON is as before");

    const files = [1, 2, 3].map((i) => join(tmp, `diff-${i}.json`));
    const ids: string[] = [];
    const proven: string[] = [];
    for (const [i, file] of files.entries()) {
      const jobs = i === 1 ? ["--jobs", "2"] : [];
      const r = cli(...args, "--format", "json", "--shard", `${i + 1}/3`, "--out", file, ...jobs);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const part = JSON.parse(readFileSync(file, "utf8")) as DiffJson;
      assert.equal(part.shard, `${i + 1}/3`);
      assert.match(part.fingerprint ?? "", /^sha256:[0-9a-f]{32}$/);
      ids.push(...part.principals.map((p) => p.id));
      proven.push(...new Set((part.exact?.principals ?? []).map((p) => p.id)));
    }
    // Every changed principal in exactly one shard, its sampled diff and its exact answers.
    assert.deepEqual([...ids].sort(), all.principals.map((p) => p.id).sort());
    assert.deepEqual([...proven].sort(), [...new Set(all.exact?.principals.map((p) => p.id))].sort());
    assert.ok(all.principals.length >= 2, "the shards are not all empty");

    const merged = cli("merge", files[2], files[0], files[1], "--format", "json");
    assert.equal(merged.status, 1, merged.stderr);
    assert.equal(merged.stdout, whole.stdout);

    const text = cli("merge", ...files);
    assert.equal(text.status, 1, text.stderr);
    assert.equal(text.stdout, cli(...args).stdout, "the text of the unsharded diff");

    // Not all shards: refused.
    const missing = cli("merge", files[0], files[2]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /error merge-missing-shard: missing shard 2\/3 of 3/);

    // A shard of another change (the example against itself: nothing changed).
    const other = join(tmp, "same-2.json");
    const same = cli(
      "diff",
      "examples/ai-platform",
      "examples/ai-platform",
      "--fail-on-new-access",
      "--quiet",
      "--format",
      "json",
      "--shard",
      "2/3",
      "--out",
      other,
    );
    assert.equal(same.status, 0, same.stderr);
    const mixed = cli("merge", files[0], other, files[2]);
    assert.equal(mixed.status, 2);
    assert.equal(mixed.stdout, "");
    assert.match(mixed.stderr, /same-2\.json:3:\d+ - error merge-different-inputs: this result is of another input/);

    // A prove shard with diff shards: refused.
    const prove = join(tmp, "prove-2.json");
    const p = cli("prove", "examples/ai-platform", "--quiet", "--format", "json", "--shard", "2/3", "--out", prove);
    assert.equal(p.status, 0, p.stderr);
    const kinds = cli("merge", files[0], prove, files[2], "--out", join(tmp, "never.json"));
    assert.equal(kinds.status, 2);
    assert.match(kinds.stderr, /prove-2\.json:1:1 - error merge-different-inputs: this result is of `prove`/);
    assert.ok(!existsSync(join(tmp, "never.json")), "nothing written");
  });

  test("--shard must be i/n with 1 ≤ i ≤ n: a usage error otherwise", () => {
    for (const bad of ["0/2", "3/2", "1", "a/b"]) {
      const r = cli("diff", "examples/ai-platform", LOOSENED, "--shard", bad);
      assert.equal(r.status, 2, bad);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /--shard must be i\/n with 1 ≤ i ≤ n/);
    }
  });
});

describe("merging diff results (library)", () => {
  const shard = (i: number, body: object) => ({
    file: `d${i}.json`,
    text: JSON.stringify({ shard: `${i}/2`, fingerprint: "sha256:x", ...body }, null, 2),
  });
  const change = (principal: string, dataset: string) => ({
    principal,
    dataset,
    classification: "confidential",
    bucket: "b",
    prefix: `${dataset}/`,
    access: "read",
    change: "new",
    status: "Allowed",
  });

  // As `diff --format json` writes them (merge checks every part the report reads).
  const principal = (id: string, gains = false) => ({
    id,
    status: "changed",
    added: gains ? [{ action: "s3:GetObject", resource: "arn:aws:s3:::b/*" }] : [],
    removed: [],
  });
  const answer = (id: string, question: string, status: string) => ({ id, question, status, findings: [], queries: 1 });

  test("principals, classified changes and exact answers in the unsharded order; new access if any shard has it", () => {
    const r = mergeProveResults([
      shard(2, {
        newAccess: false,
        principals: [principal("b/x")],
        exact: { status: "proven", principals: [answer("b/x", "access", "proven")] },
      }),
      shard(1, {
        newAccess: true,
        principals: [principal("a/y", true), principal("c/z")],
        classified: [change("c/z", "tickets"), change("a/y", "tickets")],
        exact: {
          status: "violated",
          principals: [
            answer("a/y", "access", "violated"),
            answer("a/y", "trust", "unknown"),
            answer("c/z", "access", "proven"),
          ],
        },
      }),
    ]);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.report, undefined);
    const d = r.diff!;
    assert.equal(d.newAccess, true);
    assert.deepEqual(
      d.principals.map((p) => p.id),
      ["a/y", "b/x", "c/z"],
    );
    assert.deepEqual(
      d.classified?.map((c) => c.principal),
      ["a/y", "c/z"],
    );
    assert.equal(d.exact?.status, "violated");
    assert.deepEqual(
      d.exact?.principals.map((p) => `${p.id} ${p.question}`),
      ["a/y access", "a/y trust", "b/x access", "c/z access"],
    );
  });

  test("a malformed diff result is located", () => {
    const r = mergeProveResults([
      shard(1, { newAccess: true, principals: [principal("a/y", true), { name: "no id" }] }),
      shard(2, { newAccess: false, principals: [], exact: { status: "maybe", principals: [] } }),
    ]);
    assert.equal(r.diff, undefined);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`),
      [
        "d1.json:17 merge-not-a-result a principal has no id or status: not a result of `ai-iam prove --format json` or `ai-iam diff --format json`",
        'd2.json:6 merge-not-a-result "exact" has no status or principals: not a result of `ai-iam prove --format json` or `ai-iam diff --format json`',
      ],
    );
  });
});
