/**
 * Data-driven vectors: each file under test/engine/vectors/ holds groups of requests against one
 * policy set, each naming the AWS documentation page (or example) it pins. The policy set goes
 * through the same loader the CLI uses (parse, normalize, compile).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createEvaluator, type EvaluationResult } from "../../src/engine/index.js";
import { parsePolicySet } from "../../src/input/policy-files/simulation-input.js";
import type { AccessRequest, PolicySet } from "../../src/policy/policy-set.js";

interface VectorRequest {
  name: string;
  request: AccessRequest;
  decision: EvaluationResult["decision"];
  /** Layers that must be reported as lacking an allow (`identity`, `scp:1`, `boundary:0`, ...). */
  missing?: string[];
  /** Sids of statements that must appear among the matched statements. */
  matched?: string[];
  /** Substrings that must appear in the explanation's notes. */
  notes?: string[];
}
interface VectorGroup {
  name: string;
  source: string;
  policySet: unknown;
  /**
   * The policy set is already normalized and goes straight to the engine. Used where the policy
   * loader rejects a form AWS documents (`${key, 'default'}` contains a space, which the loader's
   * ARN check refuses).
   */
  direct?: boolean;
  requests: VectorRequest[];
}

const dir = new URL("./vectors/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

test("there are vector files", () => {
  assert.ok(files.length >= 8, `found ${files.length}`);
});

for (const file of files) {
  const groups = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as VectorGroup[];
  describe(file, () => {
    for (const g of groups) {
      test(`${g.name} — ${g.source}`, () => {
        assert.match(g.source, /AWS|IAM|Organizations|KMS/, "every group names its AWS source");
        let set = g.policySet as PolicySet;
        if (!g.direct) {
          const parsed = parsePolicySet(JSON.stringify(g.policySet), { file: `${file}:${g.name}` });
          assert.ok(parsed.policySet, parsed.diagnostics.map((d) => d.message).join("\n"));
          set = parsed.policySet;
        }
        const evaluator = createEvaluator(set);
        for (const r of g.requests) {
          const fast = evaluator.evaluate(r.request);
          const explained = evaluator.evaluate(r.request, { explain: true });
          const why = JSON.stringify(explained.explanation);
          assert.equal(fast.decision, r.decision, `${r.name}: ${why}`);
          assert.equal(explained.decision, r.decision, `${r.name} (explained): ${why}`);
          const e = explained.explanation!;
          for (const m of r.missing ?? []) {
            const [layer, level] = m.split(":");
            assert.ok(
              e.missingAllows.some((x) => x.layer === layer && (level === undefined || x.level === Number(level))),
              `${r.name}: expected missing ${m} in ${why}`,
            );
          }
          for (const sid of r.matched ?? []) {
            assert.ok(
              e.statements.some((s) => s.sid === sid),
              `${r.name}: expected ${sid} matched in ${why}`,
            );
          }
          for (const n of r.notes ?? []) {
            assert.ok(
              e.notes.some((x) => x.includes(n)),
              `${r.name}: expected note '${n}' in ${why}`,
            );
          }
        }
      });
    }
  });
}
