import { activities, personaDatasets } from "../../activities/index.js";
import { personaContext } from "../../compile/team-context.js";
import type { Spec } from "../../input/team-spec/types.js";
import { expandActions } from "./catalog-view.js";
import type { ActivityCapability } from "./matrix.js";

/** The persona an activity column is computed as: the most capable built-in one (datasets at the team's level). */
const COLUMN_PERSONA = "mlops";

/**
 * The activity columns of the matrix: for each activity of the library and each team, the
 * (action, resource) pairs its statements name, expanded over the catalog, as the team's most
 * capable built-in persona (`mlops`: datasets at the team's level) would receive them.
 */
export function activityCapabilities(spec: Spec): ActivityCapability[] {
  const out: ActivityCapability[] = [];
  for (const activity of activities) {
    const byTeam: ActivityCapability["byTeam"] = {};
    for (const teamName of Object.keys(spec.teams).sort()) {
      const datasets = personaDatasets(spec, spec.teams[teamName], COLUMN_PERSONA);
      const ctx = personaContext(spec, teamName, COLUMN_PERSONA, datasets);
      const pairs = new Map<string, { action: string; resource: string }>();
      for (const s of activity.statements(ctx)) {
        if (s.Effect !== "Allow" || !s.Action) continue;
        for (const pattern of s.Action) {
          for (const meta of expandActions(pattern)) {
            for (const resource of s.Resource ?? ["*"])
              pairs.set(`${meta.action} ${resource}`, { action: meta.action, resource });
          }
        }
      }
      byTeam[teamName] = [...pairs.keys()].sort().map((k) => pairs.get(k)!);
    }
    out.push({ activity: activity.id, label: activity.id, services: [...activity.services].sort(), byTeam });
  }
  return out;
}
