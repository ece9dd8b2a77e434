import type { DatasetLevel, Spec, TeamSpec } from "../input/team-spec/types.js";

export interface BuiltInPersona {
  description: string;
  activities: string[];
  /** Datasets at `read` whatever the team holds; no activity that creates or changes anything. */
  readOnly?: boolean;
}

/**
 * The built-in personas. `bedrock` belongs to none of them: model use has cost and data-handling
 * consequences an organization decides per team (`activities: [bedrock]`).
 */
export const builtInPersonas: Record<string, BuiltInPersona> = {
  analyst: {
    description: "Reads the team's datasets, its logs and metrics, and queries its endpoints. Creates nothing.",
    activities: ["datasets", "inference", "observability"],
    readOnly: true,
  },
  "data-scientist": {
    description: "Explores data in notebooks, trains and tracks models, registers versions for review.",
    activities: [
      "containers",
      "datasets",
      "experiments",
      "inference",
      "models",
      "notebooks",
      "observability",
      "training",
    ],
  },
  "ml-engineer": {
    description: "Everything a data scientist does, plus pipelines, endpoints and GPU instances.",
    activities: [
      "containers",
      "datasets",
      "endpoints",
      "experiments",
      "gpu-instances",
      "inference",
      "models",
      "notebooks",
      "observability",
      "pipelines",
      "training",
    ],
  },
  mlops: {
    description: "Operates the path to production: approves model versions, deploys endpoints, runs pipelines.",
    activities: [
      "containers",
      "datasets",
      "endpoints",
      "experiments",
      "inference",
      "models",
      "observability",
      "pipelines",
    ],
  },
};

/** A persona's activities: built-in first, then the spec's custom personas; `undefined` if unknown. */
export function personaActivities(spec: Pick<Spec, "personas">, persona: string): string[] | undefined {
  const builtIn = Object.hasOwn(builtInPersonas, persona) ? builtInPersonas[persona] : undefined;
  if (builtIn) return [...builtIn.activities];
  const custom = Object.hasOwn(spec.personas ?? {}, persona) ? spec.personas[persona] : undefined;
  return custom ? [...new Set(custom.activities)].sort() : undefined;
}

export function isReadOnlyPersona(persona: string): boolean {
  return Object.hasOwn(builtInPersonas, persona) && builtInPersonas[persona].readOnly === true;
}

/** The level a persona receives on a dataset its team holds at `level`. */
export function personaDatasetLevel(persona: string, level: DatasetLevel): DatasetLevel {
  return isReadOnlyPersona(persona) ? "read" : level;
}

/** The personas a team's members play, sorted. */
export function teamPersonas(team: TeamSpec): string[] {
  const out = new Set<string>();
  for (const member of Object.keys(team.members)) for (const persona of team.members[member]) out.add(persona);
  return [...out].sort();
}
