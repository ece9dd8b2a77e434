import * as activityLibrary from "../activities/index.js";
import type { TeamContext } from "../activities/types.js";
import type { Spec } from "../input/team-spec/types.js";
import type { ClientContext } from "../model/types.js";
import type { Statement } from "../policy/types.js";

/**
 * What the compiler needs from the activity library, in one narrow interface: the compiler never
 * names an activity, and tests can compile with a small fake library.
 */
export interface ActivityLibrary {
  /** Everything one persona of one team is granted (its activities plus the team's extras). */
  personaStatements(ctx: TeamContext, persona: string): Statement[];
  /** What a team's SageMaker execution role may do. */
  executionRole(ctx: TeamContext): Statement[];
  /**
   * The team's guardrails: the boundary envelope (Allows: the most the team can ever do), the
   * explicit Denies, and the Allows members need to comply with them (setting up their own MFA).
   */
  guardrails(ctx: TeamContext): { boundary: Statement[]; denies: Statement[]; selfService: Statement[] };
  /**
   * Request context the organization's approved clients always send (a Bedrock guardrail
   * identifier), which access tests assume and report: `model.clientContext`.
   */
  clientContext(spec: Spec): ClientContext[];
  /**
   * Every team's execution role and every persona is granted at least one statement, whatever the
   * team (the real library's guardrails deny IAM changes to all of them): the account-quota lower
   * bound then counts a managed policy for each of them that holds managed policies
   * (`lowerBoundCounts`), and a spec beyond the quota fails after fewer teams are compiled.
   */
  readonly alwaysGrants?: boolean;
}

/** The real activity library (`src/activities/`). */
export function defaultLibrary(): ActivityLibrary {
  return {
    personaStatements: (ctx, persona) => activityLibrary.personaStatements(ctx, persona),
    executionRole: (ctx) => activityLibrary.executionRoleStatements(ctx),
    guardrails: (ctx) => activityLibrary.guardrailStatements(ctx),
    clientContext: (spec) => activityLibrary.bedrockClientContext(spec),
    alwaysGrants: true,
  };
}
