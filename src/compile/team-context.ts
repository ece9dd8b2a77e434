import type { ActivityContext, TeamContext } from "../activities/types.js";
import type { Spec } from "../input/team-spec/types.js";
import { executionRoleName, iamArn, teamPath } from "./names.js";

/** The ABAC tag every team principal and every resource it creates carries. */
export const TEAM_TAG = "team";

/** What the activity library needs to know of a team: where it lives, its execution role, its tag. */
export function teamContext(spec: Spec, teamName: string): TeamContext {
  return {
    spec,
    team: spec.teams[teamName],
    partition: spec.partition,
    account: spec.account,
    region: spec.region,
    organization: spec.organization,
    executionRoleArn: iamArn(spec, "role", teamPath(spec, teamName), executionRoleName(spec, teamName)),
    teamTag: { key: TEAM_TAG, value: teamName },
  };
}

/** A team's context for one persona, with the datasets at the level that persona receives. */
export function personaContext(
  spec: Spec,
  teamName: string,
  persona: string,
  datasets: ActivityContext["datasets"],
): ActivityContext {
  return { ...teamContext(spec, teamName), persona, datasets };
}
