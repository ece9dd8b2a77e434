import { appendSuggestion, NameList, withSuggestion } from "../../diagnostics/did-you-mean.js";
import {
  type Diagnostic,
  type DiagnosticCode,
  hasErrors,
  type SourceLocation,
  sortDiagnostics,
} from "../../diagnostics/index.js";
import { setOwn } from "../../policy/own.js";
import { matches } from "../../policy/wildcard.js";
import { inputBudget, inputLimits, isFolder, listInputFiles, readInputFile } from "../files/read-bounded.js";
import { EXECUTION_ROLE, teamPersonas } from "./principals.js";
import { type FileContribution, type Located, readFile, usesNote } from "./read-file.js";
import { knownRegionPartition, partitionRegions, regionPartition, suggestRegion } from "./regions.js";
import type { GuardrailsSpec, IdentityMode, Spec } from "./types.js";
import { ACTIVITY_IDS, BUILT_IN_PERSONAS } from "./vocabulary.js";
import { YamlReader } from "./yaml-reader.js";

export interface LoadSpecOptions {
  /** Activity ids a spec may name; defaults to the spec language's (`ACTIVITY_IDS`). */
  activities?: readonly string[];
  /** Built-in persona names; defaults to the spec language's (`BUILT_IN_PERSONAS`). */
  builtInPersonas?: readonly string[];
}

export interface LoadSpecResult {
  spec?: Spec;
  diagnostics: Diagnostic[];
}

// Members may not be called like these: they are the team's other principals (principals.ts,
// kept apart so that the compiler names them without importing the spec loader).
export { EXECUTION_ROLE, teamPersonas };

/**
 * Loads a spec from a YAML file, or from a folder whose `*.yaml`/`*.yml` files are merged (in file
 * name order). Never throws on user input: the spec is returned only when there is no error, and
 * every problem is a located diagnostic.
 */
export function loadSpec(path: string, options: LoadSpecOptions = {}): LoadSpecResult {
  // Bounded reading: regular files only, within the size limits (src/input/files/read-bounded.ts).
  const limits = inputLimits();
  if (hasErrors(limits.diagnostics)) return { diagnostics: limits.diagnostics };
  const budget = inputBudget(limits.limits);
  const files: Array<{ file: string; text: string }> = [];
  const diagnostics: Diagnostic[] = [];
  let paths: string[];
  if (isFolder(path)) {
    const listed = listInputFiles(path, { accept: (n) => /\.ya?ml$/.test(n) });
    for (const item of listed.diagnostics) diagnostics.push(item);
    paths = listed.files;
    if (paths.length === 0 && diagnostics.length === 0) {
      return { diagnostics: [err("spec-no-files", `No *.yaml or *.yml files in folder ${path}.`, { file: path })] };
    }
  } else paths = [path];
  for (const file of paths) {
    const read = readInputFile(file, budget);
    if ("text" in read) files.push({ file, text: read.text });
    else if (read.diagnostic.code === "input-not-found" && file === path) {
      diagnostics.push(err("spec-not-found", `Cannot read spec ${path}: not found.`, { file: path }));
    } else diagnostics.push(read.diagnostic);
  }
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
  const loaded = loadSpecFromFiles(files, options);
  return diagnostics.length === 0
    ? loaded
    : { ...loaded, diagnostics: sortDiagnostics([...diagnostics, ...loaded.diagnostics]) };
}

/** One YAML text as a spec (for tests and for specs that do not live on disk). */
export function loadSpecFromString(text: string, file = "spec.yaml", options: LoadSpecOptions = {}): LoadSpecResult {
  return loadSpecFromFiles([{ file, text }], options);
}

/** Several YAML texts merged into one spec, in the order given. */
export function loadSpecFromFiles(
  files: ReadonlyArray<{ file: string; text: string }>,
  options: LoadSpecOptions = {},
): LoadSpecResult {
  const diagnostics: Diagnostic[] = [];
  const aliased = new Set<string>();
  const parts: FileContribution[] = files.map((f) => {
    const r = new YamlReader(f.text, f.file, diagnostics);
    if (r.hasAliases) aliased.add(f.file);
    return readFile(r);
  });
  const spec = merge(parts, diagnostics, files[0]?.file ?? "spec.yaml");
  if (spec) checkReferences(spec, parts, diagnostics, options);
  const sorted = sortDiagnostics(aliased.size > 0 ? onceThroughAliases(diagnostics, aliased) : diagnostics);
  return hasErrors(sorted) || !spec ? { diagnostics: sorted } : { spec, diagnostics: sorted };
}

/**
 * In a file that uses aliases, the same problem at the same place (file, line, column, code,
 * message) reported at several paths is one node read through aliases (`m1: *p`, … `m50000: *p`
 * naming an unknown persona): reported once, at its first path, saying how often it is used.
 */
function onceThroughAliases(diagnostics: Diagnostic[], files: ReadonlySet<string>): Diagnostic[] {
  const first = new Map<string, { d: Diagnostic; paths: Set<string | undefined> }>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.file === undefined || !files.has(d.file) || d.line === undefined) {
      out.push(d);
      continue;
    }
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.severity}\0${d.message}\0${d.hint ?? ""}`;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, { d, paths: new Set([d.path]) });
      out.push(d);
    } else seen.paths.add(d.path);
  }
  for (const { d, paths } of first.values()) if (paths.size > 1) d.message += usesNote(paths.size);
  return out;
}

function err(code: DiagnosticCode, message: string, at: SourceLocation, hint?: string, path?: string): Diagnostic {
  return { code, severity: "error", message, ...at, ...(hint ? { hint } : {}), ...(path ? { path } : {}) };
}

function where(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** Merges every file's contribution; a name or setting written twice is an error naming both places. */
function merge(parts: FileContribution[], diagnostics: Diagnostic[], firstFile: string): Spec | undefined {
  const settings = new Map<string, Located<unknown>>();
  const locations = new Map<string, SourceLocation>();
  const spec: Spec = {
    version: 1,
    organization: "",
    account: "",
    region: "",
    partition: "aws",
    identity: "iam-users",
    guardrails: {} as GuardrailsSpec,
    datasets: {},
    personas: {},
    teams: {},
    tests: [],
    suppress: [],
    locations,
    files: parts.map((p) => p.file),
  };
  for (const part of parts) {
    for (const [key, v] of part.settings) {
      const prev = settings.get(key);
      // `version: 1` may head every file.
      if (prev && key !== "version") {
        diagnostics.push(
          err(
            "spec-duplicate-setting",
            `"${key}" is set in two files: here and at ${where(prev.location)}.`,
            v.location,
            "Set it in one file only (org.yaml).",
            `/${key}`,
          ),
        );
        continue;
      }
      if (!prev) settings.set(key, v);
    }
    for (const [kind, map] of [
      ["datasets", part.datasets],
      ["personas", part.personas],
      ["teams", part.teams],
    ] as const) {
      const into = spec[kind] as Record<string, unknown>;
      for (const [name, v] of map as Map<string, Located<unknown>>) {
        const key = `${kind}.${name}`;
        const prev = locations.get(key);
        if (prev) {
          const singular = kind.slice(0, -1);
          diagnostics.push(
            err(
              "spec-duplicate-name",
              `${singular} "${name}" is defined twice: here and at ${where(prev)}.`,
              v.location,
              `Rename one, or merge the two definitions.`,
              `/${kind}/${name}`,
            ),
          );
          // Which definition holds is unknown: references into it are not reported on top.
          part.invalid.add(key);
          continue;
        }
        locations.set(key, v.location);
        setOwn(into, name, v.value);
      }
    }
    for (const [k, l] of part.locations) if (!locations.has(k)) locations.set(k, l);
    // One at a time: spreading 100,000 entries (YAML aliases make that 1 MB) overflows the stack.
    for (const t of part.tests) spec.tests.push(t);
    for (const x of part.suppress) spec.suppress.push(x);
  }
  for (const [key, v] of settings) locations.set(key, v.location);
  const top = { file: firstFile, line: 1, column: 1 };
  // A file that is not valid YAML is not read: what it lacks may be written after the error.
  const unreadable = parts.some((p) => p.unreadable);
  for (const required of ["version", "organization", "account", "region"]) {
    if (!unreadable && !parts.some((p) => p.written.has(required))) {
      diagnostics.push(err("spec-missing-field", `The spec needs "${required}".`, top, undefined, `/${required}`));
    }
  }
  const get = <T>(k: string): T | undefined => settings.get(k)?.value as T | undefined;
  spec.organization = get<string>("organization") ?? "";
  spec.account = get<string>("account") ?? "";
  spec.region = get<string>("region") ?? "";
  spec.partition = get<string>("partition") ?? "aws";
  spec.identity = get<IdentityMode>("identity") ?? "iam-users";
  const trust = get<Spec["trust"]>("trust");
  if (trust) spec.trust = trust;
  const ic = get<Spec["identityCenter"]>("identityCenter");
  if (ic) spec.identityCenter = ic;
  const quotas = get<Spec["quotas"]>("quotas");
  if (quotas) spec.quotas = quotas;
  spec.guardrails = guardrailDefaults(get<Partial<GuardrailsSpec>>("guardrails") ?? {}, spec.region);
  return spec;
}

/**
 * Defaults: the organization's region only; MFA required; endpoint instance types as training's;
 * an instance-type list left out allows no instance type at all (least privilege).
 */
function guardrailDefaults(g: Partial<GuardrailsSpec>, region: string): GuardrailsSpec {
  const training = g.trainingInstanceTypes ?? [];
  const out: GuardrailsSpec = {
    allowedRegions: [...new Set(g.allowedRegions ?? (region ? [region] : []))].sort(),
    requireMfa: g.requireMfa ?? true,
    trainingInstanceTypes: [...new Set(training)].sort(),
    notebookInstanceTypes: [...new Set(g.notebookInstanceTypes ?? [])].sort(),
    endpointInstanceTypes: [...new Set(g.endpointInstanceTypes ?? training)].sort(),
    ec2InstanceTypes: [...new Set(g.ec2InstanceTypes ?? [])].sort(),
  };
  if (g.maxTrainingSeconds !== undefined) out.maxTrainingSeconds = g.maxTrainingSeconds;
  if (g.network) {
    out.network = {
      subnets: [...new Set(g.network.subnets)].sort(),
      securityGroups: [...new Set(g.network.securityGroups)].sort(),
    };
  }
  if (g.kmsKey) out.kmsKey = g.kmsKey;
  if (g.allowUnknownRegions) out.allowUnknownRegions = true;
  if (g.bedrock) {
    out.bedrock = { models: [...new Set(g.bedrock.models)].sort() };
    if (g.bedrock.guardrail) out.bedrock.guardrail = g.bedrock.guardrail;
  }
  return out;
}

/** Every principal a spec addresses: `team/member`, `team/execution-role`, `team/<persona>`. */
export function specPrincipalIds(spec: Spec): string[] {
  const ids: string[] = [];
  for (const [t, team] of Object.entries(spec.teams)) {
    ids.push(`${t}/${EXECUTION_ROLE}`);
    for (const m of Object.keys(team.members)) ids.push(`${t}/${m}`);
    for (const p of teamPersonas(team)) ids.push(`${t}/${p}`);
  }
  return ids.sort();
}

function checkReferences(
  spec: Spec,
  parts: FileContribution[],
  diagnostics: Diagnostic[],
  options: LoadSpecOptions,
): void {
  const activityIds = new Set(options.activities ?? ACTIVITY_IDS);
  const builtIn = new Set(options.builtInPersonas ?? BUILT_IN_PERSONAS);
  const personaNames = new Set([...builtIn, ...Object.keys(spec.personas)]);

  for (const name of Object.keys(spec.personas)) {
    if (builtIn.has(name)) {
      const at = spec.locations.get(`personas.${name}`) ?? {};
      diagnostics.push(
        err(
          "spec-duplicate-name",
          `persona "${name}" is a built-in persona and cannot be redefined.`,
          at,
          "Give the custom persona another name.",
          `/personas/${name}`,
        ),
      );
    }
  }
  for (const [t, team] of Object.entries(spec.teams)) {
    for (const m of Object.keys(team.members)) {
      if (m === EXECUTION_ROLE || personaNames.has(m)) {
        const at = spec.locations.get(`teams.${t}.members.${m}`) ?? {};
        diagnostics.push(
          err(
            "spec-reserved-name",
            `Member "${m}" of team "${t}" is named like ${m === EXECUTION_ROLE ? "the team's execution role" : "a persona"}; ` +
              `"${t}/${m}" would be ambiguous.`,
            at,
            "Rename the member.",
            `/teams/${t}/members/${m}`,
          ),
        );
      }
    }
  }
  // A name whose definition is itself invalid was reported where it is defined; references to it
  // are not "unknown" as well.
  const invalid = new Set(parts.flatMap((p) => [...p.invalid]));
  const principals = new Set(specPrincipalIds(spec));
  const teamNames = Object.keys(spec.teams);
  const unknownPrincipals = new Map<string, Diagnostic>();
  // The hints name the same lists for every reference: made once (100,000 unknown names in 1 MB).
  const activityHint = `Activities: ${[...activityIds].sort().join(", ")}.`;
  const activityList = new NameList(activityIds);
  const personaList = new NameList(personaNames);
  const personaHint = `Built-in personas: ${[...builtIn].sort().join(", ")}; declare others under personas:.`;
  for (const part of parts) {
    for (const ref of part.references) {
      const at = ref.location;
      const before = diagnostics.length;
      if (ref.kind === "activity" && !activityIds.has(ref.name)) {
        diagnostics.push(
          err(
            "spec-unknown-activity",
            withSuggestion(`Unknown activity "${ref.name}".`, ref.name, activityList),
            at,
            activityHint,
            ref.path,
          ),
        );
      } else if (ref.kind === "persona" && !personaNames.has(ref.name) && !invalid.has(`personas.${ref.name}`)) {
        diagnostics.push(
          err(
            "spec-unknown-persona",
            withSuggestion(`Unknown persona "${ref.name}".`, ref.name, personaList),
            at,
            personaHint,
            ref.path,
          ),
        );
      } else if (
        ref.kind === "dataset" &&
        !Object.hasOwn(spec.datasets, ref.name) &&
        !invalid.has(`datasets.${ref.name}`)
      ) {
        diagnostics.push(
          err(
            "spec-unknown-dataset",
            withSuggestion(`Unknown dataset "${ref.name}".`, ref.name, Object.keys(spec.datasets)),
            at,
            "Declare it under datasets:.",
            ref.path,
          ),
        );
      } else if (ref.kind === "region") {
        // Against a partition that failed to read (reported there), a region cannot be judged.
        if (!invalid.has("partition")) {
          const d = regionDiagnostic(ref.name, spec.partition, at, ref.path, spec.guardrails.allowUnknownRegions);
          if (d) diagnostics.push(d);
        }
      } else if (ref.kind === "arn" || ref.kind === "regional-arn") {
        if (!invalid.has("partition")) {
          const d = arnDiagnostic(ref.name, ref.kind === "regional-arn", spec, at, ref.path);
          if (d) diagnostics.push(d);
        }
      } else if (ref.kind === "principal" && /[*?]/.test(ref.name)) {
        // A pattern (expect: never|always) must name at least one principal, or it proves nothing.
        if (![...principals].some((p) => matches(ref.name, p))) {
          diagnostics.push(
            err(
              "spec-unknown-principal",
              `Principal pattern "${ref.name}" matches no principal.`,
              at,
              `Principals: ${[...principals].sort().slice(0, 12).join(", ")}${principals.size > 12 ? ", ..." : ""}.`,
              ref.path,
            ),
          );
        }
      } else if (
        ref.kind === "principal" &&
        !principals.has(ref.name) &&
        !invalid.has(`teams.${ref.name.split("/", 1)[0]}`)
      ) {
        // Its message and suggestion depend on the name only: made once per name (140,000 aliases
        // of one suppression name one principal 140,000 times).
        let d = unknownPrincipals.get(ref.name);
        if (!d) {
          d = principalDiagnostic(ref.name, spec, principals, teamNames, at, ref.path);
          unknownPrincipals.set(ref.name, d);
        }
        diagnostics.push({ ...d, ...at, path: ref.path });
      }
      // A name in a node that aliases use: one problem, reported once, saying how often it is used.
      if (ref.uses !== undefined)
        for (let i = before; i < diagnostics.length; i++) diagnostics[i].message += usesNote(ref.uses);
    }
  }
  // After the regions themselves are judged (above): a wrong one is the error to fix first.
  checkHomeRegionAllowed(spec, diagnostics);
}

/**
 * Every regional resource the teams are granted (their SageMaker resources, logs, repositories,
 * the dataset keys' `kms:ViaService`) is named in the spec's home region (activities/build.ts,
 * `arn`): a region guardrail that leaves the home region out denies every one of them, and the
 * spec would compile to principals that can do nothing but what global services allow.
 */
function checkHomeRegionAllowed(spec: Spec, diagnostics: Diagnostic[]): void {
  const allowed = spec.guardrails.allowedRegions;
  if (!spec.region || allowed.length === 0 || allowed.includes(spec.region)) return;
  // A region or list with an invalid entry was reported there; what it meant is unknown.
  const reported = (d: Diagnostic) =>
    d.severity === "error" && (d.path === "/region" || d.path?.startsWith("/guardrails/allowedRegions"));
  if (diagnostics.some(reported)) return;
  diagnostics.push(
    err(
      "spec-invalid-value",
      `guardrails.allowedRegions (${allowed.join(", ")}) leaves out the spec's region ${spec.region}: every regional ` +
        `resource the teams are granted is in ${spec.region}, so the region guardrail would deny them all.`,
      spec.locations.get("guardrails.allowedRegions") ?? {},
      `Add ${spec.region} to allowedRegions, or set region: to the region the teams work in.`,
      "/guardrails/allowedRegions",
    ),
  );
}

/**
 * A region of another partition than the spec's is an error: no ARN or request of the spec's
 * partition can name it. A region the list does not know is an error with a suggestion (most are
 * typos), or a warning when `guardrails.allowUnknownRegions` says regions newer than the list are meant.
 */
function regionDiagnostic(
  region: string,
  partition: string,
  at: SourceLocation,
  path: string,
  allowUnknown = false,
): Diagnostic | undefined {
  const regions = partitionRegions(partition);
  const of = regionPartition(region);
  if (of !== partition) {
    const known = knownRegionPartition(region) !== undefined;
    return err(
      "spec-region-partition",
      `Region "${region}" ${known ? "is a region" : "is named like a region"} of partition ${of}, ` +
        withSuggestion(`not of the spec's partition ${partition}.`, region, regions),
      at,
      `A spec's regions are all in its partition (partition: ${partition}; its regions: ${regions.join(", ")}).`,
      path,
    );
  }
  if (knownRegionPartition(region) !== undefined) return undefined;
  // A typo (`us-wset-2`) or another cloud's name (`europe-west1`) would deny the intended region
  // in every policy: an error, unless the spec says that regions newer than the list are meant.
  const hint = `Regions of ${partition}: ${regions.join(", ")}. A region AWS opened since: set guardrails.allowUnknownRegions: true.`;
  const message = `Unknown region "${region}": AWS lists no such region in partition ${partition}.`;
  return {
    code: "spec-unknown-region",
    severity: allowUnknown ? "warning" : "error",
    message: appendSuggestion(message, suggestRegion(region, regions)),
    ...at,
    hint,
    path,
  };
}

/**
 * An ARN the spec names must be of the spec's partition: a role in `aws` cannot trust an
 * `aws-us-gov` SAML provider, nor use an `aws-cn` key (AWS General Reference, "Amazon Resource
 * Names (ARNs)": a partition is a separate group of Regions; IAM User Guide, "IAM identifiers").
 * A KMS key or a Bedrock guardrail must also be in an allowed region: the region guardrail denies
 * every request made in any other (KMS authorizes a decrypt for S3 in the key's own region), so
 * the datasets it encrypts, or the models invoked through it, could never be used.
 */
function arnDiagnostic(
  arn: string,
  regional: boolean,
  spec: Spec,
  at: SourceLocation,
  path: string,
): Diagnostic | undefined {
  const [, partition, , region] = arn.split(":");
  if (partition !== spec.partition) {
    return err(
      "spec-arn-partition",
      `ARN "${arn}" is of partition ${partition}, not of the spec's partition ${spec.partition}: ` +
        "no principal of the spec can use it.",
      at,
      `ARNs of partition ${spec.partition} start with "arn:${spec.partition}:"; or set partition: ${partition}.`,
      path,
    );
  }
  const allowed = spec.guardrails.allowedRegions;
  if (regional && allowed.length > 0 && !allowed.includes(region)) {
    return err(
      "spec-arn-region",
      `ARN "${arn}" is in region ${region}, outside guardrails.allowedRegions (${allowed.join(", ")}): ` +
        "the region guardrail denies every request made there, so it could never be used.",
      at,
      `Use a ${path.includes("guardrail") ? "guardrail" : "key"} in ${allowed.join(" or ")}, or allow ${region}.`,
      path,
    );
  }
  return undefined;
}

function principalDiagnostic(
  name: string,
  spec: Spec,
  principals: Set<string>,
  teamNames: string[],
  at: SourceLocation,
  path: string,
): Diagnostic {
  const [team, rest] = name.split("/", 2);
  if (rest === undefined) {
    return err(
      "spec-unknown-principal",
      `Principal "${name}" must be written team/member, team/${EXECUTION_ROLE} or team/<persona>.`,
      at,
      undefined,
      path,
    );
  }
  if (!Object.hasOwn(spec.teams, team)) {
    return err(
      "spec-unknown-team",
      withSuggestion(`Unknown team "${team}" in principal "${name}".`, team, teamNames),
      at,
      undefined,
      path,
    );
  }
  const inTeam = [...principals].filter((p) => p.startsWith(`${team}/`)).map((p) => p.slice(team.length + 1));
  return err(
    "spec-unknown-principal",
    withSuggestion(
      `Unknown principal "${name}": team "${team}" has no member, persona in use or role "${rest}".`,
      rest,
      inTeam,
    ),
    at,
    `Team "${team}" has: ${inTeam.join(", ")}.`,
    path,
  );
}
