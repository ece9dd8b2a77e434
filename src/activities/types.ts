import type { DatasetLevel, DatasetSpec, Spec, TeamSpec } from "../input/team-spec/types.js";
import type { Statement } from "../policy/types.js";

/**
 * Everything an activity needs to produce scoped statements for one team × persona. The compiler
 * builds it; activities never look anything up themselves, so the same context always yields the
 * same statements.
 */
export interface ActivityContext {
  spec: Spec;
  team: TeamSpec;
  persona: string;
  /** The team's datasets with the level this persona receives (analyst: always read). */
  datasets: Array<{ name: string; dataset: DatasetSpec; level: DatasetLevel }>;
  partition: string;
  account: string;
  region: string;
  organization: string;
  /** ARN of the team's SageMaker execution role (computed by the compiler). */
  executionRoleArn: string;
  /** ABAC tag: key "team", value team.name. */
  teamTag: { key: string; value: string };
}

/** The part of the context that does not depend on a persona: guardrails and the execution role. */
export type TeamContext = Omit<ActivityContext, "persona" | "datasets">;

/** One AI activity: a named, documented bundle of scoped statements. */
export type Activity = TeamActivity | PersonaActivity;

interface ActivityInfo {
  id: string;
  title: string;
  description: string;
  /** IAM service prefixes the activity's statements use (`sagemaker`, `s3`, ...). */
  services: string[];
  /** AWS documentation pages the activity's scoping follows. */
  docs?: string[];
}

/**
 * An activity whose statements depend on the team alone, neither on the persona nor on the
 * datasets it receives (its `statements` cannot read them: the type says so): built once per team
 * and shared by the team's personas.
 */
export interface TeamActivity extends ActivityInfo {
  perTeam: true;
  statements: (ctx: TeamContext) => Statement[];
}

/** An activity whose statements depend on the persona or on the datasets it receives. */
export interface PersonaActivity extends ActivityInfo {
  perTeam?: false;
  statements: (ctx: ActivityContext) => Statement[];
}
