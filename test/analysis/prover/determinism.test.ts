/**
 * A proof's answer is a function of its question: the same principal proven first, after other
 * proofs, or from remembered answers gives the same counterexamples byte for byte. `--jobs` and
 * `--shard` rely on it (any thread or CI job may prove any principal, in any order), and so does
 * remembering answers by query text (prove.ts): both would be wrong if Z3's model for a text
 * depended on what it solved before (it did while one Z3 context served every query).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ExactPrincipalResult, proveModelNoNewAccess } from "../../../src/analysis/prover/models.js";
import { forgetRemembered } from "../../../src/analysis/prover/prove.js";
import { generateOrgSpec } from "../../helpers/generate-org.js";
import { compiledModel } from "../../helpers/spec-access.js";

const compile = compiledModel;

const yaml = generateOrgSpec(1, 10);
// One more approved model family and training instance family: every member gains access.
const changed = yaml
  .replace('"amazon.titan-embed-text-v2:0"]', '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]')
  .replace('trainingInstanceTypes: ["ml.g5.*"', 'trainingInstanceTypes: ["ml.g6.*", "ml.g5.*"');
assert.notEqual(changed, yaml);
const [before, after] = [compile(yaml), compile(changed)];

const timeless = (rs: ExactPrincipalResult[]) => JSON.stringify(rs.map(({ ms: _ms, ...r }) => r));
const prove = async (ids: string[]) =>
  (await proveModelNoNewAccess(before, after, { ids, timeoutMs: 60_000 })).principals;

describe("the same question, the same answer", () => {
  it("whatever was proven before, and whether its answers were remembered", { timeout: 600_000 }, async () => {
    forgetRemembered();
    const first = await prove(["t00/t00-m04"]);
    assert.equal(first[0]?.status, "violated");
    assert.ok(first[0].findings.length >= 2, "several counterexamples to compare");
    // Others first (members of other personas, and of the same: their answers are remembered).
    await prove(["t00/t00-m00", "t00/t00-m01", "t00/t00-m02", "t00/t00-m03", "t00/t00-m05"]);
    const remembered = await prove(["t00/t00-m04"]);
    forgetRemembered();
    await prove(["t00/t00-m09", "t00/t00-m02"]);
    const again = await prove(["t00/t00-m04"]);
    assert.equal(timeless(remembered), timeless(first));
    assert.equal(timeless(again), timeless(first));
  });
});
