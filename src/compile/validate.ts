import { TEAM_RESOURCE_SEPARATOR } from "../activities/build.js";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../diagnostics/index.js";
import { classificationRank, DEFAULT_CLASSIFICATION, isClassified } from "../input/team-spec/classification.js";
import * as P from "../input/team-spec/patterns.js";
import { teamPersonas } from "../input/team-spec/principals.js";
import type { Spec } from "../input/team-spec/types.js";
import { overlaps } from "../policy/wildcard.js";
import { firstNotBelow } from "../util/sorted.js";
import { RESERVED_NAMES } from "./names.js";

/**
 * What the compiler must know of a spec before it names anything: the spec is valid YAML of the
 * right shape (the loader checked that), and its values are also sound where the compiler puts
 * them — in AWS names, in ARN patterns that must not reach another team's resources, in IAM
 * documents. Every problem is a located error, reported together, before anything is written.
 */
export function validateForCompile(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (key: string): SourceLocation => spec.locations.get(key) ?? {};
  const error = (code: DiagnosticCode, message: string, where: SourceLocation, hint?: string) =>
    out.push({ code, severity: "error", message, ...where, ...(hint ? { hint } : {}) });

  for (const team of Object.keys(spec.teams).sort()) {
    // `<team>--*` must match no other team's resources (activities/build.ts, TEAM_RESOURCE_SEPARATOR).
    if (team.includes(TEAM_RESOURCE_SEPARATOR) || team.endsWith("-")) {
      error(
        "compile-ambiguous-name",
        `Team name "${team}" ${team.endsWith("-") ? "ends with" : "contains"} "-"${team.endsWith("-") ? "" : "-"}: ` +
          `the team's SageMaker resources are named "<team>${TEAM_RESOURCE_SEPARATOR}…", and this name would make ` +
          "another team's names match its own.",
        at(`teams.${team}`),
        `Write the name with single hyphens between letters and digits (e.g. "${team.replace(/-+/g, "-").replace(/-$/, "")}").`,
      );
    }
    for (const member of Object.keys(spec.teams[team].members).sort()) {
      if (RESERVED_NAMES.includes(member)) {
        error(
          "compile-reserved-name",
          `Member "${member}" of team "${team}" has a reserved name: "${team}/${member}" would name another of the team's principals or policies.`,
          at(`teams.${team}.members.${member}`),
          `Reserved: ${RESERVED_NAMES.join(", ")}. Rename the member.`,
        );
      }
    }
    out.push(...sharedImageDiagnostics(spec, team, at(`teams.${team}`)));
  }
  for (const persona of Object.keys(spec.personas).sort()) {
    if (RESERVED_NAMES.includes(persona)) {
      error(
        "compile-reserved-name",
        `Persona "${persona}" has a reserved name: "<team>/${persona}" would name another of a team's principals or policies.`,
        at(`personas.${persona}`),
        `Reserved: ${RESERVED_NAMES.join(", ")}. Rename the persona.`,
      );
    }
  }
  for (const name of Object.keys(spec.datasets).sort()) {
    const prefix = spec.datasets[name].prefix;
    const bad = NOT_IAM_DOCUMENT_CHAR.exec(prefix)?.[0];
    if (bad !== undefined) {
      const hex = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      error(
        "compile-invalid-character",
        `The prefix "${prefix}" of dataset "${name}" contains ${JSON.stringify(bad)} (U+${hex}): the prefix is written into ` +
          "IAM policies, which may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF " +
          "(Latin-1).",
        at(`datasets.${name}`),
        "Use the prefix's ASCII spelling (a dotless ı or a typographic dash is easy to miss).",
      );
    }
  }
  out.push(...loaderValues(spec, at));
  out.push(...oidcTrustDiagnostics(spec, at), ...classificationDiagnostics(spec, at), ...bedrockOptIns(spec, at));
  return out;
}

/**
 * `bedrock` is in no built-in persona: a team opts into it (its `activities`, or a custom persona
 * of a member), and it grants the approved models only. With none approved it grants nothing at
 * all, which a spec that opts in almost never means (`guardrails.bedrock.models` forgotten).
 */
function bedrockOptIns(spec: Spec, at: (key: string) => SourceLocation): Diagnostic[] {
  if ((spec.guardrails.bedrock?.models ?? []).length > 0) return [];
  const out: Diagnostic[] = [];
  const viaPersona = (p: string) => Object.hasOwn(spec.personas, p) && spec.personas[p].activities.includes("bedrock");
  for (const team of Object.keys(spec.teams).sort()) {
    const t = spec.teams[team];
    const persona = teamPersonas(t).find(viaPersona);
    if (!t.activities.includes("bedrock") && persona === undefined) continue;
    out.push({
      code: "compile-activity-grants-nothing",
      severity: "warning",
      message:
        `Team "${team}" opts into bedrock (${persona === undefined ? "its activities" : `persona "${persona}"`}), ` +
        "but guardrails.bedrock.models approves no model: the activity grants nothing.",
      ...at(persona === undefined ? `teams.${team}.activities` : `personas.${persona}`),
      hint: 'List the approved models in guardrails.bedrock.models (e.g. ["anthropic.claude-3-5-sonnet-*"]).',
    });
  }
  return out;
}

/**
 * What classification means before anything is compiled (README, "Classification"):
 * - a confidential or restricted dataset needs a KMS key (its own or `guardrails.kmsKey`): its
 *   objects are written only with it;
 * - a team is granted a dataset only up to its clearance (`teams.<team>.clearance`, `internal`
 *   unless set) — including every dataset nested inside a granted one (same bucket, a prefix
 *   under its prefix), whose objects the outer grant reads;
 * - nested datasets are a warning wherever they are, since a grant of the outer one reaches the
 *   inner one's objects.
 */
function classificationDiagnostics(spec: Spec, at: (key: string) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = Object.keys(spec.datasets).sort();
  const label = (name: string) => spec.datasets[name].classification ?? DEFAULT_CLASSIFICATION;
  for (const name of names) {
    const d = spec.datasets[name];
    if (isClassified(d.classification) && !(d.kmsKey ?? spec.guardrails.kmsKey)) {
      out.push({
        code: "compile-classified-without-key",
        severity: "error",
        message: `Dataset "${name}" is ${d.classification} but has no KMS key: its objects must be written with one.`,
        ...at(`datasets.${name}`),
        hint: "Set the dataset's kmsKey, or guardrails.kmsKey for every dataset.",
      });
    }
  }
  // Per bucket, its datasets sorted by prefix: the prefixes that start with a given one form one
  // run from its first position on, so finding what a dataset contains costs a binary search and
  // the run, not a pass over every dataset (a spec of thousands of teams has thousands of datasets).
  const byBucket = new Map<string, Array<{ name: string; prefix: string }>>();
  for (const name of names) {
    const d = spec.datasets[name];
    let list = byBucket.get(d.bucket);
    if (!list) {
      list = [];
      byBucket.set(d.bucket, list);
    }
    list.push({ name, prefix: d.prefix });
  }
  for (const list of byBucket.values())
    list.sort((a, b) => byCodeUnit(a.prefix, b.prefix) || byCodeUnit(a.name, b.name));
  /** The datasets whose objects `outer` covers, itself included, sorted by name. */
  const inside = (outer: string): string[] => {
    const o = spec.datasets[outer];
    const list = byBucket.get(o.bucket) ?? [];
    // Alone in its bucket (the usual case): it contains itself only.
    if (list.length <= 1) return [outer];
    const out: string[] = [];
    const first = firstNotBelow(list.length, (k) => list[k].prefix < o.prefix);
    for (let i = first; i < list.length && list[i].prefix.startsWith(o.prefix); i++) out.push(list[i].name);
    if (!out.includes(outer)) out.push(outer);
    return out.sort(byCodeUnit);
  };
  for (const outer of names) {
    for (const inner of inside(outer)) {
      if (inner === outer) continue;
      const same = spec.datasets[outer].prefix === spec.datasets[inner].prefix;
      if (same && inner < outer) continue; // one warning per pair with the same prefix
      out.push({
        code: "compile-nested-datasets",
        severity: "warning",
        message:
          `Dataset "${inner}" (${spec.datasets[inner].bucket}/${spec.datasets[inner].prefix}) lies inside dataset ` +
          `"${outer}" (${spec.datasets[outer].bucket}/${spec.datasets[outer].prefix || "*"}): a team granted ` +
          `"${outer}" reads "${inner}" too.`,
        ...at(`datasets.${same ? inner : outer}`),
        hint: "Give the datasets prefixes that do not contain one another.",
      });
    }
  }
  for (const team of Object.keys(spec.teams).sort()) {
    const clearance = spec.teams[team].clearance ?? DEFAULT_CLASSIFICATION;
    for (const granted of Object.keys(spec.teams[team].datasets).sort()) {
      if (!spec.datasets[granted]) continue; // an unknown dataset is the loader's error
      for (const reached of inside(granted)) {
        if (classificationRank(label(reached)) <= classificationRank(clearance)) continue;
        out.push({
          code: "compile-classification-clearance",
          severity: "error",
          message:
            `Team "${team}" is granted dataset "${granted}"` +
            (reached === granted ? "" : `, which contains dataset "${reached}"`) +
            `, ${label(reached)}; the team is cleared for ${clearance} data only.`,
          ...at(`teams.${team}.datasets.${granted}`),
          hint:
            `Set teams.${team}.clearance: ${label(reached)} if the team may read ${label(reached)} data` +
            (reached === granted ? "." : `, or give "${reached}" a prefix outside "${granted}".`),
        });
      }
    }
  }
  return out;
}

/**
 * An OIDC provider's tokens are issued to anyone its users can be: GitHub's, to every workflow of
 * every repository in the world, all with the same audience (`sts.amazonaws.com`). A persona role
 * that trusts the provider must therefore name the audience and the subjects (`<provider>:sub`,
 * e.g. `repo:acme/vision-*:ref:refs/heads/main`) it trusts: per team (`teams.<team>.oidcSubjects`)
 * or for every team (`trust.oidcSubjects`). A subject pattern of wildcards only matches every token.
 * AWS: IAM User Guide, "Creating a role for web identity or OpenID Connect federation"; GitHub
 * Docs, "Configuring OpenID Connect in Amazon Web Services" (the `sub` condition).
 */
function oidcTrustDiagnostics(spec: Spec, at: (key: string) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const trust = spec.trust;
  const error = (message: string, where: SourceLocation, hint: string) =>
    out.push({ code: "compile-trust-unconditioned", severity: "error", message, ...where, hint });
  // A block the identity mode never reads is a spec that does not do what it says: `trust:` with
  // IAM users (the default mode) creates no role to trust anyone, the members get IAM users.
  const unused = (what: "trust" | "identityCenter", mode: string, effect: string) =>
    out.push({
      code: "compile-trust-unused",
      severity: "warning",
      message: `${what} is set, but identity is ${spec.identity}: ${effect}, so ${what} has no effect.`,
      ...at(what),
      hint: `Set identity: ${mode} to use it, or remove ${what}.`,
    });
  if (trust && spec.identity !== "iam-roles") unused("trust", "iam-roles", "no persona role is created");
  if (spec.identityCenter && spec.identity !== "identity-center") {
    unused("identityCenter", "identity-center", "no permission set is created");
  }
  if (spec.identity !== "iam-roles" || !trust?.oidcProvider) {
    // Said once: with another identity mode, the warning above names the whole trust block.
    const inTrust = (trust?.oidcSubjects || trust?.oidcAudience) && spec.identity === "iam-roles";
    const teams = Object.keys(spec.teams).filter((t) => spec.teams[t].oidcSubjects);
    if (inTrust || teams.length > 0) {
      const what =
        trust?.oidcAudience && !trust.oidcSubjects && teams.length === 0 ? "oidcAudience is" : "oidcSubjects are";
      out.push({
        code: "compile-trust-unused",
        severity: "warning",
        message: `${what} set, but no persona role trusts an OIDC provider (identity: iam-roles with trust.oidcProvider): ${what === "oidcAudience is" ? "it has" : "they have"} no effect.`,
        ...(inTrust ? at("trust") : at(`teams.${teams[0]}.oidcSubjects`)),
      });
    }
    return out;
  }
  if (!trust.oidcAudience) {
    error(
      "The OIDC trust names no audience (trust.oidcAudience): every token the provider issues, for any audience and " +
        "any subject (any GitHub repository, for GitHub's provider), could assume every persona role.",
      at("trust"),
      'Set trust.oidcAudience (e.g. "sts.amazonaws.com").',
    );
  }
  const everything = (s: string) => /^[*?]*$/.test(s);
  // A provider registered with a trailing "/" keeps it in its ARN and its condition keys.
  const github = trust.oidcProvider.replace(/\/+$/, "").endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`);
  for (const [where, subjects] of [
    ["trust.oidcSubjects", trust.oidcSubjects ?? []] as const,
    ...Object.keys(spec.teams)
      .sort()
      .map((t) => [`teams.${t}.oidcSubjects`, spec.teams[t].oidcSubjects ?? []] as const),
  ]) {
    for (const s of subjects) {
      const reach = everything(s)
        ? "every subject"
        : github && anyGithubOwner(s)
          ? "every GitHub owner's repositories"
          : "";
      if (!reach) continue;
      error(
        `OIDC subject "${s}" (${where}) matches ${reach}: any identity the provider issues tokens to could assume the roles.`,
        at(where.startsWith("trust") ? "trust" : where),
        'Name the subjects, e.g. "repo:<owner>/<repository>:ref:refs/heads/main" for GitHub Actions.',
      );
    }
  }
  if ((trust.oidcSubjects ?? []).length > 0) return out;
  for (const team of Object.keys(spec.teams).sort()) {
    if ((spec.teams[team].oidcSubjects ?? []).length > 0) continue;
    error(
      `Team "${team}"'s persona roles trust the OIDC provider with no subject condition: every identity the provider ` +
        "issues tokens to (any GitHub repository, for GitHub's provider) could assume them.",
      at(`teams.${team}`),
      'Set teams.<team>.oidcSubjects, or trust.oidcSubjects for every team (e.g. ["repo:acme/vision-*:ref:refs/heads/main"]).',
    );
  }
  return out;
}

/** GitHub Actions' OIDC provider (GitHub Docs, "About security hardening with OpenID Connect"). */
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * Does a GitHub subject pattern leave the repository owner open? GitHub's subjects are
 * `repo:<owner>/<repository>:<context>` (a customized claim may use another form, left alone), and
 * every account on GitHub can own repositories: a pattern with a wildcard before the owner's `/`
 * (`repo:*`, `*:main`, `repo:acme*`) accepts tokens of repositories of owners the spec never named.
 */
function anyGithubOwner(subject: string): boolean {
  const first = subject.search(/[*?]/);
  if (first < 0) return false;
  const head = subject.slice(0, first);
  if (head.startsWith("repo:")) return !/^repo:[^/]+\//.test(head);
  // Before `repo:` is written out, the wildcard can stand for it and for any owner.
  return "repo:".startsWith(head);
}

/** AWS: IAM User Guide, "Grammar of the IAM JSON policy language" — tab, LF, CR and U+0020–U+00FF: the first other character. */
const NOT_IAM_DOCUMENT_CHAR = /[^\t\n\r\u0020-\u00ff]/u;

/**
 * A team's own ECR repositories are `<org>/<team>/*`. A `sharedImages` entry with a wildcard may
 * not reach any other team's: not `<org>/*`, `*` or `acme-*` — only patterns whose first two
 * segments are written out and name no team (`<org>/shared/*`) or that lie outside `<org>/`
 * (`pytorch/*`). A literal repository name is an explicit share and stays allowed.
 */
function sharedImageDiagnostics(spec: Spec, team: string, at: SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const org = spec.organization;
  // Listed only for an entry with a wildcard (each team of 1,000 listing every team is 1,000,000).
  let teams: string[] | undefined;
  for (const entry of spec.teams[team].sharedImages ?? []) {
    // `?` is a wildcard in the ARN the entry lands in, as `*` is.
    const first = entry.search(/[*?]/);
    if (first < 0) continue;
    teams ??= Object.keys(spec.teams);
    // Can the entry match some name under the prefix: does it overlap `prefix*`?
    const under = (prefix: string) => overlaps(entry, `${prefix}*`);
    const reaches = teams.filter((t) => t !== team && under(`${org}/${t}/`));
    const head = entry.slice(0, first);
    // Its first two segments written out: `<org>/<segment>/` before the first wildcard.
    const fixedSegment = head.startsWith(`${org}/`) && head.indexOf("/", org.length + 1) > org.length + 1;
    const intoOrg = under(`${org}/`) && !fixedSegment;
    if (reaches.length === 0 && !intoOrg) continue;
    out.push({
      code: "compile-shared-image-reach",
      severity: "error",
      message:
        `sharedImages entry "${entry}" of team "${team}" reaches ` +
        (reaches.length > 0
          ? `the repositories of team${reaches.length > 1 ? "s" : ""} ${reaches.map((t) => `"${t}"`).join(", ")} (${reaches.map((t) => `${org}/${t}/…`).join(", ")})`
          : `into ${org}/, where every team's repositories live (${org}/<team>/…)`) +
        ".",
      ...at,
      hint: `Name shared repositories outside the teams' namespaces (e.g. "${org}/shared/*"), or list the repositories themselves.`,
    });
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The values the loader refuses because IAM would read them as more than they say, checked again
 * for a spec built in code, which reaches `compileSpec` without the loader: a dataset prefix
 * (`${aws:username}/` names each caller's own folder, reaching other datasets) and an OIDC
 * audience or subject (`${<host>:sub}` equals every token's own subject).
 */
function loaderValues(spec: Spec, at: (key: string) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (value: string, pattern: { re: RegExp; expected: string }, what: string, key: string) => {
    if (pattern.re.test(value)) return;
    out.push({
      code: "compile-invalid-value",
      severity: "error",
      message: `${what} ${JSON.stringify(value)} is not ${pattern.expected}.`,
      ...at(key),
    });
  };
  for (const name of Object.keys(spec.datasets).sort())
    check(spec.datasets[name].prefix, P.PREFIX, `The prefix of dataset "${name}"`, `datasets.${name}`);
  if (spec.trust?.oidcAudience !== undefined)
    check(spec.trust.oidcAudience, P.OIDC_VALUE, "trust.oidcAudience", "trust");
  for (const s of spec.trust?.oidcSubjects ?? []) check(s, P.OIDC_VALUE, "A subject of trust.oidcSubjects", "trust");
  for (const team of Object.keys(spec.teams).sort())
    for (const s of spec.teams[team].oidcSubjects ?? [])
      check(s, P.OIDC_VALUE, `A subject of teams.${team}.oidcSubjects`, `teams.${team}`);
  return out;
}
