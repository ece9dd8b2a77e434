import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ESCALATION_METHODS, escalationMethod, requiredSteps } from "../../../../src/analysis/checks/risk/methods.js";
import { getCatalog } from "../../../../src/catalog/index.js";

/**
 * The method catalog is data the risk rules trust blindly, so its shape is checked here: every
 * action exists in the AWS catalog (the Service Authorization Reference, via iam-data), every
 * step's resource type is one its actions act on, ids are stable and unique, and every method
 * cites where it is published.
 */
const catalog = getCatalog();

describe("escalation method catalog", () => {
  test("ids are unique kebab-case and look up", () => {
    const ids = ESCALATION_METHODS.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate id");
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, id);
      assert.equal(escalationMethod(id)?.id, id);
    }
    assert.equal(escalationMethod("no-such-method"), undefined);
  });

  test("every action is in the AWS catalog", () => {
    const missing: string[] = [];
    for (const m of ESCALATION_METHODS)
      for (const s of m.steps) for (const a of s.anyOf) if (!catalog.action(a)) missing.push(`${m.id}: ${a}`);
    assert.deepEqual(missing, []);
  });

  test("a step's resource type is one its actions act on", () => {
    const wrong: string[] = [];
    for (const m of ESCALATION_METHODS) {
      for (const s of m.steps) {
        if (s.resource === undefined) continue;
        const [service, type] = s.resource.split(":");
        assert.ok(catalog.resourceType(service, type), `${m.id}: ${s.resource} is no resource type`);
        // At least one of the step's actions names the type (`ssm:SendCommand` and `ssm:StartSession` both reach instances).
        const some = s.anyOf.some((a) =>
          catalog
            .action(a)
            ?.resourceTypes.some((rt) => rt.service === service && rt.name.toLowerCase() === type.toLowerCase()),
        );
        if (!some) wrong.push(`${m.id}: ${s.anyOf.join("|")} on ${s.resource}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test("every method needs at least one step and cites a source", () => {
    for (const m of ESCALATION_METHODS) {
      assert.ok(requiredSteps(m).length > 0, m.id);
      const s = m.sources;
      const cited = [s.rhino, s.pathfinding, s.iamVulnerable, s.cloudgoat, s.references].some(
        (l) => (l?.length ?? 0) > 0,
      );
      assert.ok(cited, `${m.id} cites nothing`);
      for (const p of s.pathfinding ?? []) assert.match(p, /^[a-z0-9-]+-\d{3}$/, `${m.id}: ${p}`);
      for (const r of s.references ?? []) assert.match(r, /^https:\/\//, `${m.id}: ${r}`);
      assert.ok(m.how.length > 0 && !m.how.endsWith("."), m.id);
    }
  });

  test("a PassRole step says which service receives the role", () => {
    for (const m of ESCALATION_METHODS) {
      for (const s of m.steps) {
        if (!s.anyOf.includes("iam:PassRole")) continue;
        assert.match(s.context?.["iam:PassedToService"] ?? "", /\.amazonaws\.com$/, m.id);
        assert.equal(m.category === "new-passrole" || m.category === "existing-passrole", true, m.id);
      }
    }
  });

  test("steps that share a ref reach the same kind of resource (same ARN format)", () => {
    const formats = (type: string) => {
      const [service, name] = type.split(":");
      return catalog.resourceType(service, name)?.arnFormats.join(" ");
    };
    for (const m of ESCALATION_METHODS) {
      const byRef = new Map<string, string | undefined>();
      for (const s of m.steps) {
        if (s.ref === undefined || s.resource === undefined) continue;
        const seen = byRef.get(s.ref);
        if (seen === undefined) byRef.set(s.ref, formats(s.resource));
        else assert.equal(formats(s.resource), seen, `${m.id}: ref ${s.ref}`);
      }
    }
  });

  test("every pathfinding.cloud id is claimed by one method only", () => {
    const owner = new Map<string, string>();
    for (const m of ESCALATION_METHODS) {
      for (const p of m.sources.pathfinding ?? []) {
        assert.equal(owner.get(p), undefined, `${p} claimed by ${owner.get(p)} and ${m.id}`);
        owner.set(p, m.id);
      }
    }
    // The families the issue lists are all present.
    for (const id of [
      "ssm-001",
      "ssm-002",
      "ec2-002",
      "ec2-003",
      "ec2-004",
      "ec2-005",
      "cloudformation-002",
      "ecs-006",
      "bedrock-002",
    ])
      assert.ok(owner.has(id), id);
  });
});
