import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { principalCan } from "../../../src/analysis/review/can.js";
import { diffModels } from "../../../src/analysis/review/diff.js";
import { diffEffectivePermissions } from "../../../src/analysis/review/diff-entries.js";
import { effectivePermissions } from "../../../src/analysis/review/effective.js";
import { accessMatrix } from "../../../src/analysis/review/matrix.js";
import { accessMatrixParallel, diffModelsParallel } from "../../../src/analysis/review/parallel.js";
import { resolveVariables } from "../../../src/analysis/review/variables.js";
import { whoCan } from "../../../src/analysis/review/who-can.js";
import { simulate } from "../../../src/engine/index.js";
import { policySetForPrincipal, requestFor } from "../../../src/model/policy-set.js";
import type { AccessModel } from "../../../src/model/types.js";
import { renderDiffMarkdown, renderDiffText } from "../../../src/report/diff.js";
import { renderCanText, renderWhoCanText } from "../../../src/report/review-text.js";
import { model, policy, twoTeams, user } from "./fixtures.js";

const clone = (m: AccessModel): AccessModel => structuredClone(m);

function decide(m: AccessModel, id: string, action: string, resource: string, context?: Record<string, string>) {
  return simulate(policySetForPrincipal(m, id, { action, resource }), requestFor(m, id, action, resource, context))
    .decision;
}

describe("effective permissions and can", () => {
  test("a principal's grants, with conditional ones carrying their conditions", () => {
    const can = principalCan(twoTeams(), "vision/alice");
    assert.deepEqual(can.services, ["s3"]);
    assert.equal(can.actionCount, 2);
    const list = can.groups.find((g) => g.accessLevel === "List")!;
    assert.deepEqual(list.lines, [
      {
        actions: ["ListBucket"],
        resources: ["arn:aws:s3:::data"],
        status: "Conditional",
        conditions: [{ StringLike: { "s3:prefix": ["imagenet/*"] } }],
      },
    ]);
    const read = can.groups.find((g) => g.accessLevel === "Read")!;
    assert.deepEqual(read.lines, [
      { actions: ["GetObject"], resources: ["arn:aws:s3:::data/imagenet/*"], status: "Allowed" },
    ]);
  });

  test("an explicit deny removes access; the service filter narrows", () => {
    const e = effectivePermissions(twoTeams(), "nlp/carol");
    assert.deepEqual(
      e.entries.map((x) => `${x.action} ${x.resource} ${x.status}`),
      ["s3:GetObject arn:aws:s3:::data/support/* Allowed", "s3:PutObject arn:aws:s3:::data/support/* Allowed"],
    );
    assert.equal(effectivePermissions(twoTeams(), "nlp/carol", { services: ["sagemaker"] }).entries.length, 0);
  });

  test("a boundary that does not allow a service hides its grants", () => {
    const m = twoTeams();
    m.policies.find((p) => p.id === "boundary")!.document.Statement[0].Action = ["s3:List*"];
    assert.deepEqual(
      effectivePermissions(m, "vision/alice").entries.map((e) => e.action),
      ["s3:ListBucket"],
    );
  });

  test("a deny narrower than the grant marks the grant partial, naming the denying statement", () => {
    const m = twoTeams();
    m.policies
      .find((p) => p.id === "vision/policy")!
      .document.Statement.push({
        Sid: "NoSecrets",
        Effect: "Deny",
        Action: ["s3:Get*"],
        Resource: ["arn:aws:s3:::data/imagenet/secret/*"],
      });
    const e = effectivePermissions(m, "vision/alice").entries.filter((x) => x.action === "s3:GetObject");
    assert.deepEqual(
      e.map((x) => x.resource),
      ["arn:aws:s3:::data/imagenet/*"],
    );
    assert.deepEqual(e[0].except, [
      {
        resource: "arn:aws:s3:::data/imagenet/secret/*",
        statements: [
          { layer: "identity", policy: "vision-policy", statementIndex: 2, sid: "NoSecrets", effect: "Deny" },
        ],
      },
    ]);
    assert.equal(decide(m, "vision/alice", "s3:GetObject", "arn:aws:s3:::data/imagenet/secret/k"), "ExplicitlyDenied");
    const text = renderCanText(principalCan(m, "vision/alice"));
    assert.match(
      text,
      /on arn:aws:s3:::data\/imagenet\/\*\n\s+except arn:aws:s3:::data\/imagenet\/secret\/\* {2}denied by identity vision-policy #2 \(NoSecrets\)/,
    );
    // In a diff, adding the deny is removed access on the narrower pattern, not "no change".
    const d = diffModels(twoTeams(), m);
    assert.equal(d.newAccess, false);
    assert.deepEqual(
      d.principals.map((p) => [p.id, p.added.length, p.removed.map((x) => `${x.action} ${x.resource}`)]),
      [["vision/alice", 0, ["s3:GetObject arn:aws:s3:::data/imagenet/secret/*"]]],
    );
  });

  test("a boundary pattern inside a grant it fully allows adds no line to can", () => {
    const m = twoTeams();
    m.policies
      .find((p) => p.id === "boundary")!
      .document.Statement.push({
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::data/imagenet/public/*"],
      });
    const read = principalCan(m, "vision/alice").groups.find((g) => g.accessLevel === "Read")!;
    assert.deepEqual(read.lines, [
      { actions: ["GetObject"], resources: ["arn:aws:s3:::data/imagenet/*"], status: "Allowed" },
    ]);
  });

  test("a boundary narrower than the grant: the grant holds only where the boundary allows", () => {
    const m = twoTeams();
    m.policies.find((p) => p.id === "boundary")!.document.Statement = [
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/imagenet/public/*"] },
    ];
    const e = effectivePermissions(m, "vision/alice").entries.filter((x) => x.action === "s3:GetObject");
    assert.deepEqual(
      e.map((x) => `${x.resource} ${x.status}`),
      ["arn:aws:s3:::data/imagenet/public/* Allowed"],
    );
    assert.equal(decide(m, "vision/alice", "s3:GetObject", "arn:aws:s3:::data/imagenet/public/a"), "Allowed");
  });

  test("every reported pair agrees with the engine's single-request simulation", () => {
    const m = twoTeams();
    const seen = { Allowed: 0, Conditional: 0 };
    for (const p of m.principals) {
      for (const e of effectivePermissions(m, p.id).entries) {
        seen[e.status]++;
        const plainDecision = decide(m, p.id, e.action, e.resource);
        if (e.status === "Allowed") assert.equal(plainDecision, "Allowed", `${p.id} ${e.action} ${e.resource}`);
        else {
          assert.notEqual(plainDecision, "ExplicitlyDenied");
          // satisfy the reported condition: s3:prefix under imagenet/
          assert.equal(decide(m, p.id, e.action, e.resource, { "s3:prefix": "imagenet/x" }), "Allowed");
        }
      }
    }
    // Both branches ran: the loop is not vacuous.
    assert.ok(seen.Allowed > 0 && seen.Conditional > 0, JSON.stringify(seen));
  });

  test("policy variables in resources resolve to the principal's own values", () => {
    assert.equal(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      resolveVariables("arn:aws:s3:::home/${aws:username}/${aws:missing, 'dflt'}/${*}", { "aws:username": "alice" }),
      "arn:aws:s3:::home/alice/dflt/*",
    );
    const m = model(
      [user("a/ann", "a", { managedPolicies: ["home"] })],
      [
        policy("home", [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
          { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::home/${aws:username}/*"] },
        ]),
      ],
    );
    assert.deepEqual(
      effectivePermissions(m, "a/ann").entries.map((e) => e.resource),
      ["arn:aws:s3:::home/a-ann/*"],
    );
  });
});

describe("who-can", () => {
  test("lists exactly the principals the engine allows, with the deciding statements", () => {
    const m = twoTeams();
    const r = whoCan(m, { action: "s3:GetObject", resource: "arn:aws:s3:::data/imagenet/cat.jpg" });
    assert.equal(r.evaluated, 2);
    assert.deepEqual(
      r.principals.map((p) => [p.principal, p.status]),
      [["vision/alice", "Allowed"]],
    );
    assert.deepEqual(
      r.principals[0].statements.map((s) => `${s.layer} ${s.policy} #${s.statementIndex}`),
      ["identity vision-policy #0", "boundary boundary #0"],
    );
    for (const p of m.principals) {
      const listed = r.principals.some((x) => x.principal === p.id);
      assert.equal(decide(m, p.id, r.action, r.resource) === "Allowed", listed, p.id);
    }
    const del = whoCan(m, { action: "s3:DeleteObject", resource: "arn:aws:s3:::data/support/t.json" });
    assert.deepEqual(del.principals, []);
  });

  test("a conditional grant is reported with its conditions", () => {
    const r = whoCan(twoTeams(), { action: "s3:ListBucket", resource: "arn:aws:s3:::data" });
    assert.equal(r.principals.length, 1);
    assert.equal(r.principals[0].status, "Conditional");
    assert.deepEqual(r.principals[0].conditions, [{ StringLike: { "s3:prefix": ["imagenet/*"] } }]);
  });

  test("a resource pattern finds everyone allowed on any part of it, with the part", () => {
    const r = whoCan(twoTeams(), { action: "s3:GetObject", resource: "arn:aws:s3:::data/*" });
    assert.deepEqual(
      r.principals.map((p) => [p.principal, p.status, p.within]),
      [
        ["nlp/carol", "Allowed", ["arn:aws:s3:::data/support/*"]],
        ["vision/alice", "Allowed", ["arn:aws:s3:::data/imagenet/*"]],
      ],
    );
    assert.equal(r.principals[1].statements[0].policy, "vision-policy");
    assert.match(renderWhoCanText(r), /vision\/alice +Allowed +user\n {6}only on arn:aws:s3:::data\/imagenet\/\*\n/);
    // Allowed on the whole pattern but for a narrower deny: listed, with the exception.
    const m = twoTeams();
    m.policies
      .find((p) => p.id === "nlp/policy")!
      .document.Statement.push(
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/*"] },
        { Sid: "NoSecrets", Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::data/secret/*"] },
      );
    const carol = whoCan(m, { action: "s3:GetObject", resource: "arn:aws:s3:::data/*" }).principals[0];
    assert.equal(carol.within, undefined);
    assert.deepEqual(
      carol.except?.map((x) => [x.resource, x.statements[0].sid]),
      [["arn:aws:s3:::data/secret/*", "NoSecrets"]],
    );
    // Nobody may delete: the deny holds on every part.
    assert.deepEqual(whoCan(twoTeams(), { action: "s3:DeleteObject", resource: "arn:aws:s3:::data/*" }).principals, []);
  });
});

describe("matrix", () => {
  test("one row per principal; cells count actions per service level", () => {
    const m = accessMatrix(twoTeams(), {
      activities: [
        {
          activity: "read-imagenet",
          label: "read imagenet",
          byTeam: {
            vision: [{ action: "s3:GetObject", resource: "arn:aws:s3:::data/imagenet/*" }],
            nlp: [{ action: "s3:GetObject", resource: "arn:aws:s3:::data/imagenet/*" }],
          },
        },
      ],
    });
    assert.deepEqual(
      m.rows.map((r) => r.principal),
      ["nlp/carol", "vision/alice"],
    );
    const col = (id: string) => m.capabilities.findIndex((c) => c.id === id);
    const [carol, alice] = m.rows;
    assert.equal(alice.cells[col("activity:read-imagenet")].status, "Allowed");
    assert.equal(carol.cells[col("activity:read-imagenet")].status, "Denied");
    assert.deepEqual(
      { ...alice.cells[col("service:s3:List")], total: 0 },
      { status: "Conditional", allowed: 0, conditional: 1, total: 0 },
    );
    assert.equal(carol.cells[col("service:s3:Write")].allowed, 1); // PutObject; DeleteObject is denied
    assert.equal(alice.cells[col("service:s3:Write")].status, "Denied");
    assert.ok(alice.cells[col("service:s3:Read")].total > 10);
  });

  test("worker threads give the same matrix and diff as one thread", async () => {
    const base = twoTeams();
    const many = clone(base);
    for (let i = 0; i < 6; i++) {
      many.principals.push(
        user(`vision/u${i}`, "vision", { managedPolicies: ["vision/policy"], boundary: "boundary" }),
      );
    }
    many.principals.sort((a, b) => a.id.localeCompare(b.id));
    const progress: number[] = [];
    const parallel = await accessMatrixParallel(
      many,
      {},
      { workers: 2, threshold: 0, onProgress: (d) => progress.push(d) },
    );
    assert.deepEqual(parallel, accessMatrix(many));
    assert.equal(progress.at(-1), many.principals.length);
    const d = await diffModelsParallel(base, many, { workers: 2, threshold: 0 });
    assert.deepEqual(d, diffModels(base, many));
    assert.equal(d.principals.filter((p) => p.status === "added").length, 6);
    // One thread: progress still moves chunk by chunk on a large organization.
    const big = clone(base);
    for (let i = 0; i < 130; i++) big.principals.push(user(`nlp/x${String(i).padStart(3, "0")}`, "nlp", {}));
    big.principals.sort((a, b) => a.id.localeCompare(b.id));
    const steps: number[] = [];
    await accessMatrixParallel(big, {}, { workers: 1, onProgress: (n) => steps.push(n) });
    assert.deepEqual(steps, [64, 128, 132]);
    // Only worker threads (this one takes no chunk): the workers themselves compute the same.
    const errors: Error[] = [];
    const onlyWorkers = { workers: 2, threshold: 0, inThisThread: false, onWorkerError: (e: Error) => errors.push(e) };
    assert.deepEqual(await accessMatrixParallel(many, {}, onlyWorkers), accessMatrix(many));
    assert.deepEqual(await diffModelsParallel(base, many, onlyWorkers), diffModels(base, many));
    assert.deepEqual(errors, [], "no worker failed (their chunks would have been computed here)");
  });
});

describe("diff", () => {
  test("a pure reordering or a repacking shows no change", () => {
    const before = twoTeams();
    const reordered = clone(before);
    reordered.policies.find((p) => p.id === "vision/policy")!.document.Statement.reverse();
    assert.deepEqual(diffModels(before, reordered), { newAccess: false, principals: [] });
    const repacked = clone(before);
    const vp = repacked.policies.find((p) => p.id === "vision/policy")!;
    const [first, second] = vp.document.Statement;
    vp.document.Statement = [first];
    repacked.policies.push(policy("vision/policy-2", [second]));
    repacked.principals.find((p) => p.id === "vision/alice")!.managedPolicies.push("vision/policy-2");
    assert.deepEqual(diffModels(before, repacked), { newAccess: false, principals: [] });
  });

  test("a new grant is added access for exactly its principal", () => {
    const before = twoTeams();
    const after = clone(before);
    after.policies
      .find((p) => p.id === "vision/policy")!
      .document.Statement[0].Resource!.push("arn:aws:s3:::data/support/*");
    const d = diffModels(before, after);
    assert.equal(d.newAccess, true);
    assert.deepEqual(d.principals, [
      {
        id: "vision/alice",
        status: "changed",
        added: [{ action: "s3:GetObject", resource: "arn:aws:s3:::data/support/*" }],
        removed: [],
      },
    ]);
    // and back: the same access reads as removed
    const back = diffModels(after, before);
    assert.equal(back.newAccess, false);
    assert.deepEqual(back.principals[0].removed, [{ action: "s3:GetObject", resource: "arn:aws:s3:::data/support/*" }]);
  });

  test("widening a resource is one addition; lifting a deny adds what it denied", () => {
    const before = twoTeams();
    const wide = clone(before);
    wide.policies.find((p) => p.id === "vision/policy")!.document.Statement[0].Resource = ["arn:aws:s3:::data/*"];
    assert.deepEqual(diffModels(before, wide).principals, [
      {
        id: "vision/alice",
        status: "changed",
        added: [{ action: "s3:GetObject", resource: "arn:aws:s3:::data/*" }],
        removed: [],
      },
    ]);
    const lifted = clone(before);
    lifted.policies.find((p) => p.id === "nlp/policy")!.document.Statement.pop();
    assert.deepEqual(diffModels(before, lifted).principals, [
      {
        id: "nlp/carol",
        status: "changed",
        added: [{ action: "s3:DeleteObject", resource: "arn:aws:s3:::data/support/*" }],
        removed: [],
      },
    ]);
  });

  test("dropping a condition is new access; principals added and removed", () => {
    const before = twoTeams();
    const after = clone(before);
    delete after.policies.find((p) => p.id === "vision/policy")!.document.Statement[1].Condition;
    after.principals = after.principals.filter((p) => p.id !== "nlp/carol");
    after.principals.push(user("vision/bob", "vision", { managedPolicies: ["vision/policy"], boundary: "boundary" }));
    const d = diffModels(before, after);
    assert.deepEqual(
      d.principals.map((p) => [p.id, p.status, p.added.length, p.removed.length]),
      [
        ["nlp/carol", "removed", 0, 2],
        ["vision/alice", "changed", 1, 1],
        ["vision/bob", "added", 2, 0],
      ],
    );
    const alice = d.principals[1];
    assert.deepEqual(alice.added, [{ action: "s3:ListBucket", resource: "arn:aws:s3:::data" }]);
    assert.deepEqual(alice.removed[0].conditions, [{ StringLike: { "s3:prefix": ["imagenet/*"] } }]);
  });

  test("adding a condition narrows a grant: removed + added in JSON, but not new access", () => {
    const before = twoTeams();
    const after = clone(before);
    after.policies.find((p) => p.id === "vision/policy")!.document.Statement[0].Condition = {
      Bool: { "aws:SecureTransport": ["true"] },
      StringEquals: { "s3:ExistingObjectTag/classification": ["public"] },
    };
    const narrowed = diffModels(before, after);
    assert.deepEqual(
      narrowed.principals.map((p) => [p.id, p.added.length, p.removed.length]),
      [["vision/alice", 1, 1]],
    );
    assert.equal(narrowed.newAccess, false);
    assert.match(
      renderDiffText(narrowed),
      /~ arn:aws:s3:::data\/imagenet\/\* {2}\(conditions narrowed\)\n {6}s3:GetObject\n {6}was no conditions\n {6}now Bool aws:SecureTransport = true\n {10}StringEquals s3:ExistingObjectTag\/classification = public\n/,
    );
    // The reverse drops the condition: new access, and read as a widened grant.
    const widened = diffModels(after, before);
    assert.equal(widened.newAccess, true);
    assert.match(
      renderDiffMarkdown(widened),
      /\| ⚠️ widened \| `arn:aws:s3:::data\/imagenet\/\*` \| `s3:GetObject` \| was `Bool aws:SecureTransport = true; StringEquals [^`]*`, now none \|$/m,
    );
  });

  test("the pure diff of effective permissions", () => {
    const e = (action: string) => ({
      action,
      resource: "*",
      status: "Allowed" as const,
      service: "s3",
      accessLevel: "Read" as const,
    });
    const d = diffEffectivePermissions(
      [{ principal: "a", entries: [e("s3:A"), e("s3:B")] }],
      [{ principal: "a", entries: [e("s3:B"), e("s3:C")] }],
    );
    assert.deepEqual(d, {
      newAccess: true,
      principals: [
        {
          id: "a",
          status: "changed",
          added: [{ action: "s3:C", resource: "*" }],
          removed: [{ action: "s3:A", resource: "*" }],
        },
      ],
    });
  });
});
