import { groupedReports } from "../risk.js";
import type { PrincipalRule } from "../types.js";
import { listSome, plural } from "../util.js";

export const infrastructureModification: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "infrastructure-modification",
    severity: "warning",
    category: "infrastructure-modification",
    description: "Write actions allowed on any resource of their type.",
    explanation:
      "Write actions (create, delete, update) allowed on every resource of their type let the principal change " +
      "or destroy infrastructure it does not own: other teams' endpoints, buckets, instances. ai-iam takes " +
      "every Write action the principal's Allow statements name and asks the engine whether it is allowed on " +
      "a resource the principal was not scoped to; actions that support no resource-level permissions are " +
      "counted too (they can only be constrained by conditions). Fix: scope writes to the team's resources " +
      "(name prefixes, `aws:ResourceTag/team`), and creation to tagged requests (`aws:RequestTag/team`).",
    equivalents: { cloudsplaining: "InfrastructureModification", checkov: "CKV_AWS_290 / CKV_AWS_355" },
    messages: {
      writeOnAnyResource: "allows {{count}} on any resource: {{actions}}",
    },
  },
  check(ctx) {
    const actions = ctx.access.candidateActions().filter((a) => {
      const l = ctx.catalog.action(a)?.accessLevels;
      return l?.write && !l.permissionsManagement;
    });
    return groupedReports(ctx, actions, "writeOnAnyResource", (a) => ({
      count: plural(a.length, "write action"),
      actions: listSome(a, 4),
    }));
  },
};
