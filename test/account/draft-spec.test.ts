import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  type DraftResult,
  draftSpec,
  explainDraftDiff,
  importedAsDraft,
  readDraftMapping,
} from "../../src/analysis/draft-spec/index.js";
import { activityProfiles, jaccard, profileOf, unionOf } from "../../src/analysis/draft-spec/profile.js";
import { diffModels, diffPrincipals } from "../../src/analysis/review/diff.js";
import { effectiveFor } from "../../src/analysis/review/effective.js";
import { PrincipalAccess } from "../../src/analysis/review/principal-access.js";
import { runAccessTests } from "../../src/analysis/review/run-tests.js";
import { createEvaluator } from "../../src/engine/index.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import { loadSpecFromString } from "../../src/input/team-spec/load.js";
import { requestFor } from "../../src/model/policy-set.js";
import type { AccessModel } from "../../src/model/types.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";

describe("draft spec from an imported account", () => {
  let model: AccessModel;
  let draft: DraftResult;
  before(async () => {
    const account = generateAuthorizationDetails({ seed: 8, principals: 90, policies: 40 });
    model = (await importAuthorizationDetails([{ file: "a.json", text: authorizationDetailsText(account) }])).model!;
    draft = draftSpec(model, { organization: "acme" });
  });

  it("writes a spec that loads and compiles, with the derived guardrails and datasets", () => {
    assert.deepEqual(draft.diagnostics, []);
    assert.ok(draft.model);
    const loaded = loadSpecFromString(draft.files.get("ai-iam.yaml")!, "ai-iam.yaml");
    assert.deepEqual(
      loaded.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    const spec = loaded.spec!;
    assert.deepEqual(spec.guardrails.allowedRegions, ["us-east-1", "us-west-2"]);
    assert.equal(spec.guardrails.requireMfa, true);
    assert.deepEqual(spec.datasets["acme-datasets-vision"], { bucket: "acme-datasets", prefix: "vision/" });
    assert.equal(spec.teams.vision.datasets["acme-datasets-vision"], "read");
    assert.equal(spec.teams.vision.datasets["acme-artifacts-vision"], "write");
  });

  it("accounts for every principal: a member, an execution role, or left out with its policies kept", () => {
    for (const p of model.principals) {
      const mapped = draft.members[p.id];
      const left = draft.unmatched.find((u) => u.principal === p.id);
      assert.ok(mapped || left, `${p.id} is neither in the draft nor listed`);
      if (left && !left.reason.startsWith("an AWS service-linked"))
        assert.ok(left.file && draft.files.has(left.file), p.id);
    }
    assert.equal(draft.members["role/vision-sagemaker-execution"], "vision/execution-role");
    assert.ok(draft.unmatched.some((u) => u.principal === "role/AWSServiceRoleForSupport"));
    // Administrators are too far from any persona to be forced into one.
    const admin = model.principals.find((p) => p.id.startsWith("role/AWSReservedSSO_AdministratorAccess"))!;
    assert.match(draft.unmatched.find((u) => u.principal === admin.id)!.reason, /no persona fits/);
  });

  it("says how close each group is to its persona, as the Jaccard index of their profiles", () => {
    const ds = draft.groups.find((g) => g.team === "vision" && g.persona === "data-scientist")!;
    assert.ok(ds, JSON.stringify(draft.groups.map((g) => [g.team, g.persona])));
    const member = draft.model!.principals.find((p) => p.id === draft.members[ds.principals[0]])!;
    assert.ok(member);
    const today = profileOf(effectiveFor(new PrincipalAccess(model, ds.principals[0]), { conditions: false }).entries);
    const persona = unionOf(activityProfiles().personas.get("data-scientist")!, activityProfiles());
    assert.equal(ds.similarity, Math.round(jaccard(today, persona) * 1000) / 1000);
    assert.ok(ds.similarity > 0 && ds.similarity < 1);
    assert.ok(ds.coverage > 0 && ds.coverage <= 1);
    assert.match(draft.files.get("DRAFT.md")!, /\| vision \| data-scientist \| \d+ \| 0\.\d+ \|/);
  });

  it("drops nothing: every access a member has today is in the draft or in its extra statements", () => {
    for (const g of draft.groups.filter((x) => x.persona).slice(0, 6)) {
      const importedId = g.principals[0];
      const draftId = draft.members[importedId];
      const extras = g.extrasFile
        ? JSON.parse(draft.files.get(g.extrasFile)!)
        : { Version: "2012-10-17", Statement: [] };
      const parsed = parsePolicy(JSON.stringify(extras), { kind: "identity" });
      assert.deepEqual(
        parsed.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      const extraEval = createEvaluator({ identityPolicies: [{ name: "extras", document: parsed.document! }] });
      const draftAccess = new PrincipalAccess(draft.model!, draftId);
      for (const e of effectiveFor(new PrincipalAccess(model, importedId), { conditions: false }).entries) {
        if (draftAccess.classify(e.action, e.resource) !== "Denied") continue;
        const relaxedReq = requestFor(model, importedId, e.action, e.resource);
        const byExtras = extraEval.evaluate(relaxedReq).decision === "Allowed" || e.status === "Conditional";
        assert.ok(
          byExtras,
          `${importedId}: ${e.action} on ${e.resource} is neither in the draft nor in ${g.extrasFile}`,
        );
      }
    }
  });

  it("pins today's decisions in tests that pass on the account and on the draft", () => {
    const tests = draft.model!.tests ?? [];
    assert.ok(tests.length >= 4);
    assert.ok(tests.some((t) => t.expect === "deny"));
    assert.ok(runAccessTests(draft.model!, tests, { explain: false }).every((r) => r.passed));
    const reverse = Object.fromEntries(Object.entries(draft.members).map(([a, b]) => [b, a]));
    const onImport = tests.map((t) => ({ ...t, principal: reverse[t.principal] }));
    assert.ok(runAccessTests(model, onImport, { explain: false }).every((r) => r.passed));
  });

  it("the diff of the import (renamed to the draft's ids) and the draft removes only extra statements' access", () => {
    const renamed = importedAsDraft(model, draft.members);
    const g = draft.groups.find((x) => x.team === "vision" && x.persona === "data-scientist")!;
    const id = draft.members[g.principals[0]];
    const [diff] = diffPrincipals(renamed, draft.model!, [id]);
    assert.ok(diff.added.length > 0, "the persona adds access the account does not grant today");
    assert.ok(diff.removed.length > 0);
    const extras = parsePolicy(draft.files.get(g.extrasFile!)!, { kind: "identity" }).document!;
    const evaluator = createEvaluator({ identityPolicies: [{ name: "extras", document: extras }] });
    for (const r of diff.removed) {
      if (r.conditions) continue;
      const decision = evaluator.evaluate(requestFor(model, g.principals[0], r.action, r.resource)).decision;
      assert.equal(decision, "Allowed", `${r.action} ${r.resource} is removed but not kept as an extra statement`);
    }
  });

  it("records why each principal differs in the diff: left out, kept apart as extra statements, or new", () => {
    const diff = explainDraftDiff(diffModels(importedAsDraft(model, draft.members), draft.model!), draft.notes);
    const left = diff.principals.filter((p) => p.status === "removed");
    assert.ok(left.length > 0);
    for (const p of left) {
      const u = draft.unmatched.find((x) => x.principal === p.id);
      assert.ok(u, `${p.id} is removed but not listed as left out`);
      assert.ok(p.reason?.startsWith(`not adopted by the draft: ${u.reason}`), `${p.id}: ${p.reason}`);
    }
    for (const p of diff.principals.filter((x) => x.status === "added"))
      assert.match(p.reason ?? "", /^new in the draft: /);
    const g = draft.groups.find((x) => x.team === "vision" && x.persona === "data-scientist")!;
    const member = diff.principals.find((p) => p.id === draft.members[g.principals[0]])!;
    assert.ok(member.removed.length > 0);
    assert.equal(
      member.reason,
      `what the draft's persona does not give it is kept as extra statements in ${g.extrasFile}, not in the spec (review them: adopt or drop)`,
    );
    // draft.json carries the notes for `diff`; an older draft.json (no notes) falls back to its reasons.
    const mapping = readDraftMapping(draft.files.get("draft.json")!)!;
    assert.deepEqual(mapping.notes, draft.notes);
    const old = JSON.parse(draft.files.get("draft.json")!) as Record<string, unknown>;
    delete old.notes;
    const fallback = readDraftMapping(JSON.stringify(old))!;
    assert.equal(fallback.notes[left[0].id], draft.notes[left[0].id]);
    assert.equal(readDraftMapping("not json"), undefined);
  });

  it("is deterministic", () => {
    const again = draftSpec(model, { organization: "acme" });
    assert.deepEqual([...again.files.entries()], [...draft.files.entries()]);
  });
});
