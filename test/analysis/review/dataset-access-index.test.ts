import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  type DatasetAccess,
  type DatasetDefinition,
  datasetAccess,
} from "../../../src/analysis/review/dataset-access.js";
import { literalPrefix, ResourcePrefixIndex } from "../../../src/analysis/review/resource-index.js";
import type { AccessModel, ModelPolicy } from "../../../src/model/types.js";
import type { Statement } from "../../../src/policy/types.js";
import { overlaps, RESOURCE_PATTERN } from "../../../src/policy/wildcard.js";
import { Random } from "../../helpers/random.js";
import { randomSpec, specText } from "../../helpers/random-spec.js";
import { loadAndCompile } from "../../helpers/spec-access.js";
import { model, policy, user } from "./fixtures.js";

/**
 * The report's dataset access is indexed by the literal prefix of each grant's resource pattern
 * (so 34,000 datasets cost what their grants do). It must answer exactly as asking the engine's
 * who-can about every principal for every dataset did: that brute force is kept here, and both
 * are compared on models where the index could go wrong — bucket names that begin one another
 * (`b-1`, `b-10`), prefixes that nest, wildcards and `?` in grants and in the middle of a bucket
 * name, Deny statements narrower than a grant, `NotAction`/`NotResource`, policy variables,
 * boundaries, conditions and a resource (bucket) policy.
 */

/** The reference: the engine's who-can asked about every principal for every dataset, unindexed. */
function bruteForce(m: AccessModel, datasets: Record<string, DatasetDefinition>): DatasetAccess[] {
  return datasetAccess(m, datasets, { index: false });
}

const BUCKETS = ["b-1", "b-10", "b-1x", "b-2", "b"];
const PREFIXES = ["", "a/", "a/b/", "ab/", "a/b/c/"];

/** A resource pattern over the buckets above: exact, nested, with `*` or `?` anywhere, or a variable. */
function pattern(r: Random): string {
  const bucket = r.pick(BUCKETS);
  switch (r.int(9)) {
    case 0:
      return "*";
    case 1:
      return `arn:aws:s3:::${bucket}*`;
    case 2:
      return `arn:aws:s3:::${bucket.slice(0, 3)}?/*`;
    case 3:
      return `arn:aws:s3:::*/${r.pick(PREFIXES)}*`;
    case 4:
      return `arn:aws:s3:::${bucket}/\${aws:username}/*`;
    case 5:
      return `arn:aws:s3:::${bucket}`;
    case 6:
      return `arn:aws:s3:::${bucket}/${r.pick(PREFIXES)}*.csv`;
    default:
      return `arn:aws:s3:::${bucket}/${r.pick(PREFIXES)}*`;
  }
}

function statement(r: Random, effect: "Allow" | "Deny"): Statement {
  const actions = r.pick([
    ["s3:GetObject"],
    ["s3:PutObject", "s3:DeleteObject"],
    ["s3:Get*"],
    ["s3:*Object"],
    ["s3:*"],
    ["s3:ListBucket"],
    ["sagemaker:*"],
  ]);
  const resources = Array.from({ length: 1 + r.int(3) }, () => pattern(r));
  const st: Statement = { Effect: effect, Action: actions, Resource: resources };
  if (r.chance(0.1)) {
    delete st.Action;
    st.NotAction = r.pick([["iam:*"], ["s3:DeleteObject"], ["s3:Get*"]]);
  }
  if (r.chance(0.1)) {
    delete st.Resource;
    st.NotResource = [pattern(r)];
  }
  if (r.chance(0.15)) st.Condition = { Bool: { "aws:MultiFactorAuthPresent": ["true"] } };
  return st;
}

function randomModel(seed: number): { m: AccessModel; datasets: Record<string, DatasetDefinition> } {
  const r = new Random(seed);
  const policies: ModelPolicy[] = [];
  const principals = Array.from({ length: 2 + r.int(4) }, (_, i) => {
    const id = `t${i % 2}/u${i}`;
    const statements = Array.from({ length: 1 + r.int(4) }, () => statement(r, r.chance(0.25) ? "Deny" : "Allow"));
    policies.push(policy(`p${i}`, statements));
    const boundary = r.chance(0.3) ? "boundary" : undefined;
    return user(id, `t${i % 2}`, { managedPolicies: [`p${i}`], ...(boundary ? { boundary } : {}) });
  });
  policies.push(
    policy(
      "boundary",
      [{ Effect: "Allow", Action: ["s3:*"], Resource: [`arn:aws:s3:::${r.pick(BUCKETS)}/*`, pattern(r)] }],
      "boundary",
    ),
  );
  const m = model(principals, policies);
  if (r.chance(0.25)) {
    const bucket = r.pick(BUCKETS);
    const rp: ModelPolicy = {
      id: "bucket-policy",
      name: "bucket-policy",
      kind: "managed",
      policyType: "resource",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: [principals[0].arn] },
            Action: ["s3:GetObject"],
            Resource: [`arn:aws:s3:::${bucket}/*`],
          },
        ],
      },
      size: 0,
    } as ModelPolicy;
    m.policies.push(rp);
    m.resourcePolicies.push({ id: "bucket", resourceArn: `arn:aws:s3:::${bucket}`, policyId: rp.id });
  }
  const datasets: Record<string, DatasetDefinition> = {};
  for (const bucket of BUCKETS)
    for (const prefix of PREFIXES)
      if (r.chance(0.5)) datasets[`d-${bucket}-${prefix.replace(/\//g, "_")}`] = { bucket, prefix };
  return { m, datasets };
}

describe("dataset access: the prefix index answers as who-can on every principal", () => {
  test("the literal prefix stops at a wildcard or a variable", () => {
    assert.equal(literalPrefix("arn:aws:s3:::b-1/a/*"), "arn:aws:s3:::b-1/a/");
    assert.equal(literalPrefix("arn:aws:s3:::b-1?/x"), "arn:aws:s3:::b-1");
    assert.equal(literalPrefix(`arn:aws:s3:::b/\${aws:username}/*`), "arn:aws:s3:::b/");
    assert.equal(literalPrefix("*"), "");
    assert.equal(literalPrefix("arn:aws:s3:::b"), "arn:aws:s3:::b");
  });

  test("the index returns every pattern that may share a resource (and b-10's grants are not b-1's)", () => {
    const r = new Random(7);
    const index = new ResourcePrefixIndex<string>();
    const all: string[] = [];
    for (let i = 0; i < 300; i++) {
      const p = pattern(r);
      all.push(p);
      index.add(p, p);
    }
    for (const bucket of BUCKETS)
      for (const prefix of PREFIXES) {
        const q = `arn:aws:s3:::${bucket}/${prefix}*`;
        const got = new Set(index.query(q));
        for (const p of all) if (overlaps(p, q, RESOURCE_PATTERN)) assert.ok(got.has(p), `${p} overlaps ${q}`);
      }
    const only = new ResourcePrefixIndex<string>();
    only.add("arn:aws:s3:::b-10/*", "b-10");
    only.add("arn:aws:s3:::b-1/a/*", "b-1/a");
    assert.deepEqual(only.query("arn:aws:s3:::b-1/*"), ["b-1/a"]);
    assert.deepEqual(only.query("arn:aws:s3:::b-1/a/b/*"), ["b-1/a"]);
    assert.deepEqual(only.query("arn:aws:s3:::b-2/*"), []);
  });

  test("hand-built models: 60 random ones, identical to the brute force", () => {
    let nonEmpty = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { m, datasets } = randomModel(seed);
      const indexed = datasetAccess(m, datasets);
      assert.deepEqual(indexed, bruteForce(m, datasets), `seed ${seed}`);
      nonEmpty += indexed.filter((d) => d.access.length > 0).length;
    }
    // The comparison is about something: many datasets have holders.
    assert.ok(nonEmpty > 200, `${nonEmpty} datasets with holders`);
  });

  test("compiled random specs (nested prefixes in one bucket, every identity mode): identical", () => {
    let compared = 0;
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const { model: m } = loadAndCompile(specText(spec));
        if (!m) return;
        compared++;
        assert.deepEqual(datasetAccess(m, spec.datasets), bruteForce(m, spec.datasets));
      }),
      { numRuns: 40, seed: 14 },
    );
    assert.ok(compared >= 10, `${compared} specs compiled`);
  });
});
