import type { TeamSpec } from "./types.js";

/** A team's execution role, as principals name it (`team/execution-role`); no member may be called so. */
export const EXECUTION_ROLE = "execution-role";

/** The personas any member of the team plays, sorted. */
export function teamPersonas(team: TeamSpec): string[] {
  return [...new Set(Object.values(team.members).flat())].sort();
}
