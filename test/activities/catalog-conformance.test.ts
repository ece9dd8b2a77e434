import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  activities,
  builtInPersonas,
  executionRoleStatements,
  guardrailStatements,
  personaStatements,
} from "../../src/activities/index.js";
import { type ActionInfo, getCatalog } from "../../src/catalog/index.js";
import type { Statement } from "../../src/policy/types.js";
import { activityContext, exampleSpec, teamContext } from "./fixture.js";

/**
 * Every action an activity emits exists in AWS's Service Authorization Reference (the catalog),
 * every resource ARN matches one of that action's resource types, and every condition key applies
 * to every action of its statement (or is a global key). AWS: "Actions, resources, and condition
 * keys for AWS services" (https://docs.aws.amazon.com/service-authorization/latest/reference/).
 */

const catalog = getCatalog();

/**
 * Actions whose resource types are all optional and whose everyday requests name none of them:
 * AWS authorizes those requests against `*` (CloudWatch's optional `dataset` type is for
 * cross-account access grants; `ListModelPackages` lists by group name, not by ARN).
 */
const STAR_WITH_OPTIONAL_TYPES = new Set([
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "cloudwatch:PutMetricData",
  "sagemaker:ListModelPackages",
]);

/** Tag keys are "global" in name but apply only where a service documents them. */
const TAG_KEYS = /^aws:(RequestTag|ResourceTag)\/|^aws:TagKeys$/i;
/** Keys a request carries for the resources it creates only. */
const REQUEST_TAG_KEYS = /^aws:RequestTag\/|^aws:TagKeys$/i;

function keyMatches(template: string, key: string): boolean {
  const source = template
    .split(/(\$\{[^}]+\}|<[^>]+>)/)
    .map((part, i) => (i % 2 === 1 ? ".+" : part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(key);
}

function expand(pattern: string): ActionInfo[] {
  const result = catalog.expandActionPattern(pattern);
  assert.ok(result.actions.length > 0, `${pattern} matches no action in the catalog`);
  return result.actions;
}

/** The condition keys that apply to an action used on some resources. */
function applicableKeys(info: ActionInfo, resources: string[]): string[] {
  const keys = [...info.conditionKeys];
  for (const resource of resources) {
    for (const rt of catalog.resourceTypesForArn(info, resource)) {
      keys.push(...rt.conditionKeys, ...(catalog.resourceType(info.service, rt.name)?.conditionKeys ?? []));
    }
  }
  return keys;
}

export function assertConforms(s: Statement, where: string): void {
  const sid = `${where} ${s.Sid ?? "(no Sid)"}`;
  assert.ok(s.Sid && /^[A-Za-z0-9]+$/.test(s.Sid), `${sid}: Sids are alphanumeric`);
  if (s.NotAction) {
    for (const pattern of s.NotAction) expand(pattern);
    assert.equal(s.Effect, "Deny", `${sid}: NotAction is used only in denies`);
    return;
  }
  assert.ok(s.Action && s.Action.length > 0, `${sid}: has actions`);
  const resources = s.Resource ?? [];
  for (const pattern of s.Action) {
    const infos = expand(pattern);
    if (pattern.includes("*")) {
      // A wildcard pattern (`s3:GetObject*`, the boundary's `sagemaker:*`): every resource must be
      // one that some action of the pattern acts on; its condition keys are checked the same way.
      for (const resource of resources) {
        const fits = infos.some((info) =>
          resource === "*" ? info.wildcardOnly : catalog.resourceTypesForArn(info, resource).length > 0,
        );
        assert.ok(fits || s.Effect === "Deny", `${sid}: ${resource} matches no resource type of ${pattern}`);
      }
      for (const keys of Object.values(s.Condition ?? {})) {
        for (const key of Object.keys(keys)) {
          const applies = infos.some((info) => {
            const known = catalog.conditionKey(key, info.service);
            if (known?.global && !TAG_KEYS.test(key)) return true;
            return applicableKeys(info, resources).some((template) => keyMatches(template, key));
          });
          assert.ok(applies, `${sid}: ${key} applies to no action of ${pattern}`);
        }
      }
      continue;
    }
    for (const info of infos) {
      for (const resource of resources) {
        if (resource === "*") {
          const optionalOnly = info.resourceTypes.every((rt) => !rt.required);
          assert.ok(
            info.wildcardOnly || s.Effect === "Deny" || (optionalOnly && STAR_WITH_OPTIONAL_TYPES.has(info.key)),
            `${sid}: ${info.key} supports resource-level permissions, so "*" is too broad`,
          );
        } else {
          assert.ok(
            catalog.resourceTypesForArn(info, resource).length > 0,
            `${sid}: ${resource} matches none of ${info.key}'s resource types`,
          );
        }
      }
      for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        for (const key of Object.keys(keys)) {
          const known = catalog.conditionKey(key, info.service);
          assert.ok(known, `${sid}: condition key ${key} is not in the catalog`);
          if (known.global && !TAG_KEYS.test(key)) continue;
          assert.ok(
            applicableKeys(info, resources).some((template) => keyMatches(template, key)),
            `${sid}: ${operator} ${key} does not apply to ${info.key}`,
          );
          const perType = info.resourceTypes.some((rt) => rt.conditionKeys.some((t) => keyMatches(t, key)));
          if (REQUEST_TAG_KEYS.test(key) && s.Effect === "Allow" && perType) {
            // When the catalog lists a request tag per resource type (RunInstances: instance,
            // network-interface, volume), it is in the request context of those types only: an
            // Allow requiring it on another type (the image, subnet, security group the launch
            // uses) could never match. Keys listed for the action as a whole are not checked here.
            for (const resource of resources) {
              if (resource === "*") continue;
              const types = catalog.resourceTypesForArn(info, resource);
              assert.ok(
                types.some((rt) => rt.conditionKeys.some((template) => keyMatches(template, key))),
                `${sid}: ${key} is not in ${info.key}'s request context for ${resource} (${types.map((t) => t.name).join(", ")})`,
              );
            }
          }
        }
      }
    }
  }
}

describe("every statement conforms to the catalog", () => {
  const spec = exampleSpec();
  for (const team of Object.keys(spec.teams).sort()) {
    for (const persona of Object.keys(builtInPersonas).sort()) {
      test(`${team}/${persona}: every activity`, () => {
        const ctx = activityContext(spec, team, persona);
        let count = 0;
        for (const activity of activities) {
          for (const s of activity.statements(ctx)) {
            assertConforms(s, `${team}/${persona}/${activity.id}`);
            count++;
          }
        }
        assert.ok(count > 50, "all activities produced statements");
      });
    }
    test(`${team}: the execution role, the boundary, the denies and self-service`, () => {
      const ctx = teamContext(spec, team);
      const g = guardrailStatements(ctx);
      for (const s of executionRoleStatements(ctx)) assertConforms(s, `${team}/execution-role`);
      for (const s of g.boundary) assertConforms(s, `${team}/boundary`);
      for (const s of g.denies) assertConforms(s, `${team}/denies`);
      for (const s of g.selfService) assertConforms(s, `${team}/self-service`);
      assert.ok(g.denies.length >= 6 && g.boundary.length > 0 && g.selfService.length > 0);
    });
  }

  test("the same holds without a network, a KMS key or Bedrock, with IAM roles", () => {
    const base = exampleSpec();
    const spec = exampleSpec({
      identity: "iam-roles",
      guardrails: { ...base.guardrails, network: undefined, kmsKey: undefined, bedrock: undefined },
    });
    let checked = 0;
    for (const team of Object.keys(spec.teams)) {
      const ctx = teamContext(spec, team);
      for (const persona of Object.keys(builtInPersonas)) {
        for (const s of personaStatements(ctx, persona)) {
          assertConforms(s, `${team}/${persona}`);
          checked++;
        }
      }
      const g = guardrailStatements(ctx);
      for (const s of [...g.boundary, ...g.denies, ...executionRoleStatements(ctx)]) {
        assertConforms(s, `${team}/guardrails`);
        checked++;
      }
    }
    assert.ok(checked > 50, "the stripped-down spec still produced statements to check");
  });

  test("the checker rejects what it should (an unknown action, a wrong ARN, a foreign condition key)", () => {
    const ok: Statement = {
      Sid: "Ok",
      Effect: "Allow",
      Action: ["sagemaker:DescribeTrainingJob"],
      Resource: ["arn:aws:sagemaker:us-east-1:123456789012:training-job/*"],
      Condition: { StringEquals: { "aws:ResourceTag/team": ["vision"] } },
    };
    assertConforms(ok, "probe");
    assert.throws(() => assertConforms({ ...ok, Action: ["sagemaker:DescribeTrainingJobs"] }, "probe"));
    assert.throws(() => assertConforms({ ...ok, Resource: ["arn:aws:sagemaker:us-east-1:123456789012:model/*"] }, "p"));
    assert.throws(() => assertConforms({ ...ok, Resource: ["*"] }, "probe"));
    assert.throws(() => assertConforms({ ...ok, Action: ["s3:GetObject*"], Resource: ["arn:aws:s3:::bucket"] }, "p"));
    assert.throws(() =>
      assertConforms({ ...ok, Action: ["sagemaker:*"], Resource: ["arn:aws:ecr:us-east-1:1:x"] }, "p"),
    );
    assert.throws(() => assertConforms({ ...ok, Condition: { StringEquals: { "s3:prefix": ["x/"] } } }, "probe"));
    assert.throws(() =>
      assertConforms({ ...ok, Condition: { Bool: { "sagemaker:NetworkIsolation": ["true"] } } }, "probe"),
    );
    // A request tag on a resource type whose request carries none (RunInstances' image).
    const launch: Statement = {
      Sid: "Launch",
      Effect: "Allow",
      Action: ["ec2:RunInstances"],
      Resource: ["arn:aws:ec2:us-east-1:123456789012:instance/*"],
      Condition: { StringEquals: { "aws:RequestTag/team": ["vision"] } },
    };
    assertConforms(launch, "probe");
    assert.throws(() => assertConforms({ ...launch, Resource: ["arn:aws:ec2:us-east-1::image/*"] }, "probe"));
  });
});
