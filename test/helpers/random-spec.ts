import fc from "fast-check";
import { activities } from "../../src/activities/index.js";

/**
 * Random team specs for the compiler's invariant tests (issue 13): names drawn from small pools
 * built to collide — team, member, persona and dataset names that share prefixes (`ml`,
 * `ml-research`, `ml-r`), custom personas named like the team's other principals
 * (`sagemaker-execution`, `x-analyst` beside team `vision-x`), datasets whose prefixes nest in one
 * bucket — in every identity mode, with each guardrail on or off. A spec is generated as data and
 * written as JSON, which is YAML, so every case goes through the loader as a user's file would.
 */

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const ORG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee`;
export const DATASET_KEYS = [
  `arn:aws:kms:${REGION}:${ACCOUNT}:key/2222aaaa-22bb-33cc-44dd-555555eeeeee`,
  `arn:aws:kms:${REGION}:${ACCOUNT}:key/3333aaaa-22bb-33cc-44dd-555555eeeeee`,
];
export const GUARDRAIL_ID = "abcd1234efgh";
export const OIDC_HOST = "token.actions.githubusercontent.com";
export const SUBNET = "subnet-0a1b2c3d4e5f60718";
export const SECURITY_GROUP = "sg-0123456789abcdef0";

const ORGS = ["acme", "acme-ai", "a"];
// Every team name here is a prefix of another, or shares one; `shared` is what sharedImages use.
const TEAMS = ["ml", "ml-research", "ml-r", "vision", "vision-x", "nlp", "a", "a-b", "shared"];
const MEMBERS = ["alice", "al", "alice-x", "bob", "b", "ml", "vision", "x", "carol.c", "dan_d"];
const BUILT_IN = ["analyst", "data-scientist", "ml-engineer", "mlops"];
// Named like the team's other principals, and like built-ins with a prefix or suffix.
const CUSTOM = ["sagemaker-execution", "x-analyst", "analyst-x", "data", "ml", "vision-x"];
const ACTIVITIES = activities.map((a) => a.id);
const DATASETS = ["corpus", "corpus-x", "c", "support", "support-pii", "images"];
const BUCKETS = ["data", "data-x"];
// Nested and prefix-sharing prefixes in one bucket; "" is the whole bucket.
const PREFIXES = ["", "a/", "a/b/", "ab/", "a/b/c/", "z/"];

export interface RandomDataset {
  bucket: string;
  prefix: string;
  kmsKey?: string;
  classification?: Classification;
}

export type Classification = "public" | "internal" | "confidential" | "restricted";
const CLASSIFIED: readonly string[] = ["confidential", "restricted"];

export interface RandomTeam {
  datasets: Record<string, "read" | "write">;
  activities: string[];
  members: Record<string, string[]>;
  sharedImages?: string[];
  oidcSubjects?: string[];
  clearance?: Classification;
}

/** A team's own OIDC subject when the organization names none (GitHub Actions' form). */
export const teamSubject = (org: string, team: string) => `repo:${org}/${team}:ref:refs/heads/main`;

/** The spec as written (a JSON/YAML document). */
export interface RandomSpec {
  version: 1;
  organization: string;
  account: string;
  region: string;
  identity: "iam-users" | "iam-roles" | "identity-center";
  trust?: Record<string, unknown>;
  identityCenter?: Record<string, string>;
  guardrails: {
    allowedRegions: string[];
    requireMfa: boolean;
    trainingInstanceTypes: string[];
    notebookInstanceTypes: string[];
    endpointInstanceTypes?: string[];
    ec2InstanceTypes: string[];
    maxTrainingSeconds?: number;
    network?: { subnets: string[]; securityGroups: string[] };
    kmsKey?: string;
    bedrock?: { models: string[]; guardrail?: string };
  };
  datasets: Record<string, RandomDataset>;
  personas: Record<string, string[]>;
  teams: Record<string, RandomTeam>;
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const guardrails = fc.record({
  // An empty list is a located error (it used to compile without the region guardrail).
  allowedRegions: fc.constantFrom<string[]>([REGION], [REGION, "us-west-2"]),
  requireMfa: fc.boolean(),
  trainingInstanceTypes: fc.constantFrom([] as string[], ["ml.m5.*"], ["ml.g5.*", "ml.p4d.24xlarge"]),
  notebookInstanceTypes: fc.constantFrom([] as string[], ["ml.t3.*"], ["ml.t3.medium", "ml.g5.xlarge"]),
  endpointInstanceTypes: maybe(fc.constantFrom(["ml.m5.*"], ["ml.g5.2xlarge"])),
  ec2InstanceTypes: fc.constantFrom([] as string[], ["g5.*"], ["g5.*", "t3.large"]),
  maxTrainingSeconds: maybe(fc.constantFrom(3600, 86400)),
  network: maybe(fc.constant({ subnets: [SUBNET], securityGroups: [SECURITY_GROUP] })),
  kmsKey: maybe(fc.constant(ORG_KEY)),
  bedrock: maybe(
    fc.record({
      models: fc.constantFrom(["amazon.titan-embed-text-v2:0"], ["anthropic.claude-3-5-sonnet-*", "amazon.titan-*"]),
      // A bare id as well as an ARN: the compiler makes the id an ARN.
      guardrail: maybe(fc.constantFrom(GUARDRAIL_ID, `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/${GUARDRAIL_ID}`)),
    }),
  ),
});

const trust = fc.oneof(
  fc.constant({ samlProvider: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }),
  fc.record({ requireMfa: fc.boolean() }),
  // Subjects for every team, or (left out here) each team its own: `repo:<org>/<team>:…`.
  fc.record({
    oidcProvider: fc.constant(`arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST}`),
    oidcAudience: fc.constant("sts.amazonaws.com"),
    oidcSubjects: maybe(fc.constant(["repo:platform/deploy:ref:refs/heads/main"])),
  }),
);

/** A random spec, as data. */
export const randomSpec: fc.Arbitrary<RandomSpec> = fc
  .record({
    organization: fc.constantFrom(...ORGS),
    identity: fc.constantFrom("iam-users", "iam-roles", "identity-center") as fc.Arbitrary<RandomSpec["identity"]>,
    trust,
    guardrails,
    datasetNames: fc.uniqueArray(fc.constantFrom(...DATASETS), { minLength: 1, maxLength: 4 }),
    datasets: fc.array(
      fc.record({
        bucket: fc.constantFrom(...BUCKETS),
        prefix: fc.constantFrom(...PREFIXES),
        kmsKey: maybe(fc.constantFrom(...DATASET_KEYS)),
        classification: fc.constantFrom(
          undefined,
          undefined,
          "public",
          "internal",
          "confidential",
          "restricted",
        ) as fc.Arbitrary<Classification | undefined>,
      }),
      { minLength: 4, maxLength: 4 },
    ),
    customNames: fc.uniqueArray(fc.constantFrom(...CUSTOM), { maxLength: 2 }),
    customActivities: fc.array(fc.subarray(ACTIVITIES, { minLength: 1 }), { minLength: 2, maxLength: 2 }),
    teamNames: fc.uniqueArray(fc.constantFrom(...TEAMS), { minLength: 1, maxLength: 3 }),
    teams: fc.array(
      fc.record({
        grants: fc.array(fc.tuple(fc.nat(), fc.constantFrom("read", "write") as fc.Arbitrary<"read" | "write">), {
          maxLength: 3,
        }),
        extras: fc.subarray(ACTIVITIES, { maxLength: 3 }),
        members: fc.uniqueArray(fc.constantFrom(...MEMBERS), { minLength: 1, maxLength: 3 }),
        personas: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
        // A shared namespace, or one named like team `shared` (a located error then).
        sharedImages: fc.constantFrom(undefined, "base", "base", "shared"),
        // Mostly cleared for what the team is granted; sometimes not (a located error then).
        clearance: fc.constantFrom(undefined, "confidential", "restricted", "restricted", "restricted") as fc.Arbitrary<
          Classification | undefined
        >,
      }),
      { minLength: 3, maxLength: 3 },
    ),
  })
  .map((r): RandomSpec => {
    const datasets: Record<string, RandomDataset> = {};
    r.datasetNames.forEach((name, i) => {
      const d = r.datasets[i];
      // A classified dataset has a key of its own (without one, a located error: not what is tested here).
      const kmsKey =
        d.kmsKey ?? (d.classification && CLASSIFIED.includes(d.classification) ? DATASET_KEYS[0] : undefined);
      datasets[name] = {
        bucket: d.bucket,
        prefix: d.prefix,
        ...(kmsKey ? { kmsKey } : {}),
        ...(d.classification ? { classification: d.classification } : {}),
      };
    });
    const personas: Record<string, string[]> = {};
    r.customNames.forEach((name, i) => {
      personas[name] = r.customActivities[i];
    });
    const personaPool = [...BUILT_IN, ...r.customNames];
    const teams: Record<string, RandomTeam> = {};
    const usedMembers = new Set<string>();
    r.teamNames.forEach((name, t) => {
      const g = r.teams[t];
      const team: RandomTeam = { datasets: {}, activities: g.extras, members: {} };
      for (const [n, level] of g.grants) team.datasets[r.datasetNames[n % r.datasetNames.length]] = level;
      g.members.forEach((written, m) => {
        // A member may not be named like a persona (the loader says so); here they only share prefixes.
        const member = personaPool.includes(written) ? `${written}-m` : written;
        // IAM user names are unique in an account: a member of two teams is two people.
        const unique = r.identity === "iam-users" && usedMembers.has(member) ? `${member}-${name}` : member;
        usedMembers.add(unique);
        const ps = [...new Set(g.personas[m].map((p) => personaPool[p % personaPool.length]))];
        // With roles or permission sets a member playing several personas is fine; keep both.
        team.members[unique] = ps;
      });
      if (g.sharedImages) team.sharedImages = [`${r.organization}/${g.sharedImages}/*`, "pytorch/base"];
      if (g.clearance) team.clearance = g.clearance;
      if ("oidcProvider" in r.trust && !r.trust.oidcSubjects) team.oidcSubjects = [teamSubject(r.organization, name)];
      teams[name] = team;
    });
    return {
      version: 1,
      organization: r.organization,
      account: ACCOUNT,
      region: REGION,
      identity: r.identity,
      ...(r.identity === "iam-roles" ? { trust: r.trust } : {}),
      guardrails: r.guardrails as RandomSpec["guardrails"],
      datasets,
      personas,
      teams,
    };
  });

/** The spec as the text of a spec file (JSON is YAML); undefined fields are left out. */
export function specText(spec: RandomSpec): string {
  return `${JSON.stringify(spec, null, 1)}\n`;
}
