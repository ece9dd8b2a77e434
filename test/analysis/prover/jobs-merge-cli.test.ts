/**
 * `prove --jobs N` (principals over worker threads, one Z3 instance each) and `ai-iam merge` (the
 * JSON results of `prove --shard i/n` as one report): through the CLI, as a CI matrix uses them.
 * The report must not depend on how the work was split: the same bytes for any N and any sharding.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { jobsFixtures } from "./jobs-fixtures.js";

const { tmp, cli, MUTATED } = jobsFixtures();

interface Result {
  fingerprint: string;
  shard?: string;
  status: string;
  properties: Array<{ principal: string; status: string; counterexample?: unknown }>;
}

describe("prove --jobs: the same report for any number of threads", () => {
  test("the mutated copy (violated): JSON of --jobs 1, --jobs 2 and merged shards byte-identical", {
    timeout: 900_000,
  }, () => {
    const one = cli("prove", MUTATED, "--quiet", "--format", "json", "--jobs", "1");
    assert.equal(one.status, 1, one.stderr);
    const report = JSON.parse(one.stdout) as Result;
    assert.equal(report.status, "violated");
    assert.ok(report.properties.some((p) => p.status === "violated" && p.counterexample));
    assert.match(report.fingerprint, /^sha256:[0-9a-f]{32}$/);
    assert.ok(!one.stdout.includes('"ms"'), "no wall times in the JSON (deterministic output)");
    const two = cli("prove", MUTATED, "--quiet", "--format", "json", "--jobs", "2");
    assert.equal(two.status, 1, two.stderr);
    assert.equal(two.stdout, one.stdout);

    // A CI matrix: two shards (one with two threads), merged in any order.
    const files = [1, 2].map((i) => join(tmp, `mutated-${i}.json`));
    for (const [i, file] of files.entries()) {
      const r = cli(
        "prove",
        MUTATED,
        "--quiet",
        "--format",
        "json",
        "--shard",
        `${i + 1}/2`,
        "--jobs",
        `${i + 1}`,
        "--out",
        file,
      );
      assert.equal(r.status, 1, r.stderr);
      assert.equal((JSON.parse(readFileSync(file, "utf8")) as Result).shard, `${i + 1}/2`);
    }
    const merged = cli("merge", files[1], files[0], "--format", "json");
    assert.equal(merged.status, 1, merged.stderr);
    assert.equal(merged.stdout, one.stdout);
    const text = cli("merge", ...files);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^\d+ properties: \d+ proven, [1-9]\d* violated, 0 unknown\./);
    assert.match(text.stdout, /counterexample: s3:\S+ on arn:aws:s3:::acme-ai-artifacts\//);

    // Shards of different inputs: the example's shard 2/2 with the mutated copy's 1/2.
    const other = join(tmp, "example-2.json");
    const r = cli("prove", "examples/ai-platform", "--quiet", "--format", "json", "--shard", "2/2", "--out", other);
    assert.equal(r.status, 0, r.stderr);
    const mixed = cli("merge", files[0], other);
    assert.equal(mixed.status, 2);
    assert.equal(mixed.stdout, "");
    assert.match(mixed.stderr, /example-2\.json:3:\d+ - error merge-different-inputs: this result is of another input/);
  });

  test("--jobs must be a whole number from 1 to 64 or auto: a usage error otherwise", () => {
    for (const bad of ["0", "two", "65", "1.5"]) {
      const r = cli("prove", "examples/ai-platform", "--jobs", bad);
      assert.equal(r.status, 2, bad);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /--jobs must be a whole number from 1 to 64, or auto/);
    }
  });
});

describe("merge: every shard once, of one input, or exit 2 with located diagnostics", () => {
  const write = (name: string, value: unknown) => {
    const file = join(tmp, name);
    writeFileSync(file, typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`);
    return file;
  };
  const property = (principal: string, status: string) => ({
    name: `isolation: ${principal} never acts on x's resources`,
    principal,
    team: "t",
    status,
    resources: [],
  });
  const shard = (i: number, n: number, fingerprint = "sha256:a", principals = [`p${i}`], status = "proven") => ({
    shard: `${i}/${n}`,
    fingerprint,
    status,
    properties: principals.map((p) => property(p, status)),
  });

  test("merges in the principals' order; one violated shard makes the whole violated (exit 1)", () => {
    const a = write("m1.json", shard(1, 2, "sha256:a", ["a/x", "c/z"]));
    const b = write("m2.json", shard(2, 2, "sha256:a", ["b/y"], "violated"));
    const r = cli("merge", b, a, "--format", "json");
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Result;
    assert.equal(out.status, "violated");
    assert.equal(out.shard, undefined);
    assert.deepEqual(
      out.properties.map((p) => p.principal),
      ["a/x", "b/y", "c/z"],
    );
    const ok = cli("merge", a, write("m2-ok.json", shard(2, 2)));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^3 properties: 3 proven, 0 violated, 0 unknown\./);
  });

  test("a missing shard, a duplicated one, another split: each named, nothing on stdout", () => {
    const s1 = write("d1.json", shard(1, 3));
    const s3 = write("d3.json", shard(3, 3));
    const missing = cli("merge", s1, s3);
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, "");
    assert.match(missing.stderr, /error merge-missing-shard: missing shard 2\/3 of 3/);

    const dup = cli("merge", s1, s3, write("d2.json", shard(2, 3)), write("d3-again.json", shard(3, 3)));
    assert.equal(dup.status, 2);
    assert.match(
      dup.stderr,
      /d3-again\.json:2:\d+ - error merge-duplicate-shard: shard 3\/3 is given twice \(also \S+d3\.json\)/,
    );

    const split = cli("merge", s1, write("other-split.json", shard(2, 2)));
    assert.equal(split.status, 2);
    assert.match(split.stderr, /other-split\.json:2:\d+ - error merge-shard-count: shard 2\/2 is of a split into 2/);

    const out = join(tmp, "never-written.txt");
    const none = cli("merge", s1, s3, "--out", out);
    assert.equal(none.status, 2);
    assert.throws(() => readFileSync(out), /ENOENT/);
  });

  test("malformed JSON and files that are not results: located, every file reported", () => {
    const broken = write("broken.json", '{\n  "fingerprint": "sha256:a",\n  "properties": [,]\n}\n');
    const notResult = write("not-result.json", { Version: "2012-10-17", Statement: [] });
    const badProperty = write("bad-property.json", { fingerprint: "sha256:a", properties: [{ principal: "a" }] });
    const badShard = write("bad-shard.json", { shard: "3/2", fingerprint: "sha256:a", properties: [] });
    const r = cli("merge", broken, notResult, badProperty, badShard, join(tmp, "no-such.json"));
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    // An unreadable file is reported first (nothing is merged from a partial set).
    assert.match(r.stderr, /no-such\.json does not exist/);
    const rest = cli("merge", broken, notResult, badProperty, badShard);
    assert.equal(rest.status, 2);
    assert.match(rest.stderr, /broken\.json:3:\d+ - error merge-invalid-json/);
    assert.match(rest.stderr, /not-result\.json:1:1 - error merge-not-a-result: no "fingerprint"/);
    assert.match(rest.stderr, /bad-property\.json:4:\d+ - error merge-not-a-result: property 0 has no principal/);
    assert.match(rest.stderr, /bad-shard\.json:2:\d+ - error merge-not-a-result: "shard" must be "i\/n"/);
  });
});
