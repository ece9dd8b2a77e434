import { isScalar, type Node } from "yaml";
import { unknownContextKey } from "../../catalog/context-keys.js";
import { getCatalog } from "../../catalog/index.js";
import { appendSuggestion, withSuggestion } from "../../diagnostics/did-you-mean.js";
import type { Diagnostic, SourceLocation } from "../../diagnostics/index.js";
import { isArnLike } from "../../policy/arn.js";
import { setOwn } from "../../policy/own.js";
import { CLASSIFICATIONS } from "./classification.js";
import { SPEC_FIELDS } from "./fields.js";
import * as P from "./patterns.js";
import { AWS_REGIONS, suggestRegion } from "./regions.js";
import type {
  Classification,
  DatasetLevel,
  DatasetSpec,
  GuardrailsSpec,
  IdentityMode,
  PersonaSpec,
  SpecQuotas,
  SpecSuppression,
  SpecTest,
  TeamSpec,
  TrustSpec,
} from "./types.js";
import type { YamlReader } from "./yaml-reader.js";

/** A name that must resolve once every file is merged, with where it was written. */
export interface Reference {
  kind: "dataset" | "persona" | "activity" | "principal" | "region" | "arn" | "regional-arn";
  name: string;
  /** For member personas: the team and member. */
  team?: string;
  location: SourceLocation;
  path: string;
  /** How often the node that wrote it is used, when aliases use it more than once (reported once, saying so). */
  uses?: number;
}

export interface Located<T> {
  value: T;
  location: SourceLocation;
}

/** What one file contributes, before merging. */
export interface FileContribution {
  file: string;
  /** The file is not valid YAML (reported): nothing in it was read. */
  unreadable: boolean;
  /** Top-level keys written in this file (valid or not). */
  written: Set<string>;
  /** Top-level settings that may be written in one file only. */
  settings: Map<string, Located<unknown>>;
  datasets: Map<string, Located<DatasetSpec>>;
  personas: Map<string, Located<PersonaSpec>>;
  teams: Map<string, Located<TeamSpec>>;
  tests: SpecTest[];
  suppress: SpecSuppression[];
  references: Reference[];
  /** Names declared with a definition that failed to read (`datasets.imagenet`): reported once, where they are defined. */
  invalid: Set<string>;
  /** Locations of fields inside named things: `teams.vision.members.alice` → location. */
  locations: Map<string, SourceLocation>;
}

/** The fields each mapping accepts: the spec schema's (schema.ts), so the two cannot drift apart. */
export const TOP_LEVEL = SPEC_FIELDS.topLevel;

const IDENTITY_MODES: readonly IdentityMode[] = ["iam-users", "iam-roles", "identity-center"];
const GUARDRAIL_FIELDS = SPEC_FIELDS.guardrails;
// AWS: SageMaker API Reference, StoppingCondition.MaxRuntimeInSeconds — at most 28 days.
const MAX_TRAINING_SECONDS = 28 * 24 * 3600;

/** Reads one parsed YAML file into its contribution; every problem becomes a diagnostic on `r`. */
export function readFile(r: YamlReader): FileContribution {
  const out: FileContribution = {
    file: r.file,
    unreadable: r.failed,
    written: new Set(),
    settings: new Map(),
    datasets: new Map(),
    personas: new Map(),
    teams: new Map(),
    tests: [],
    suppress: [],
    references: [],
    invalid: new Set(),
    locations: new Map(),
  };
  if (r.root === null) return out;
  const entries = r.map(r.root, "", "The spec", TOP_LEVEL);
  if (!entries) return out;
  const set = (key: string, node: Node, value: unknown) => {
    if (value !== undefined) out.settings.set(key, { value, location: r.loc(node) });
  };
  for (const e of entries) {
    const v = e.value;
    const at = e.keyNode;
    out.written.add(e.key);
    switch (e.key) {
      case "version":
        if (!v || r.integer(v, e.path, "version", 1, 1) === undefined) break;
        set("version", at, 1);
        break;
      case "organization":
        set("organization", at, r.string(v, e.path, "organization", P.NAME));
        break;
      case "account":
        set("account", at, readAccount(r, v, e.path, "account"));
        break;
      case "region":
        set("region", at, readRegions(r, v, e.path, "region", out.references, true)[0]);
        break;
      case "partition": {
        const partition = r.string(v, e.path, "partition", P.PARTITION);
        // Regions are checked against the partition once files are merged; not against a wrong one.
        if (partition === undefined) out.invalid.add("partition");
        set("partition", at, partition);
        break;
      }
      case "identity": {
        const mode = r.string(v, e.path, "identity");
        if (mode !== undefined && !IDENTITY_MODES.includes(mode as IdentityMode)) {
          r.error(v, "spec-invalid-value", `identity "${mode}" is not one of ${IDENTITY_MODES.join(", ")}.`, e.path);
        } else set("identity", at, mode);
        break;
      }
      case "trust":
        set("trust", at, readTrust(r, v, e.path, out.references));
        break;
      case "identityCenter":
        set("identityCenter", at, readIdentityCenter(r, v, e.path, out.references));
        break;
      case "guardrails":
        set("guardrails", at, readGuardrails(r, v, e.path, out.locations, out.references));
        break;
      case "quotas":
        set("quotas", at, readQuotas(r, v, e.path, out.locations));
        break;
      case "datasets":
        readNamed(r, v, e.path, "datasets", out.datasets, out.invalid, (node, path, name) =>
          readDataset(r, node, path, name, out.references),
        );
        break;
      case "personas":
        readNamed(r, v, e.path, "personas", out.personas, out.invalid, (node, path, name) =>
          readPersona(r, node, path, name, out),
        );
        break;
      case "teams":
        readNamed(r, v, e.path, "teams", out.teams, out.invalid, (node, path, name) =>
          readTeam(r, node, path, name, out),
        );
        break;
      case "tests": {
        const memo: Memo<SpecTest> = new Map();
        for (const item of r.seq(v, e.path, "tests") ?? []) {
          const t = readOnce(r, memo, item.node, out, () => readTest(r, item.node, item.path, out));
          if (t) out.tests.push(t);
        }
        noteUses(memo);
        break;
      }
      case "suppress": {
        const memo: Memo<SpecSuppression> = new Map();
        for (const item of r.seq(v, e.path, "suppress") ?? []) {
          const s = readOnce(r, memo, item.node, out, () => readSuppression(r, item.node, item.path, out));
          if (s) out.suppress.push(s);
        }
        noteUses(memo);
        break;
      }
    }
  }
  return out;
}

/** What reading one aliased node gave: its value, the diagnostics and references it added, and how often it was read. */
type Memo<T> = Map<Node, { value: T | undefined; diagnostics: Diagnostic[]; references: Reference[]; uses: number }>;

/**
 * Reads a node that aliases name once, however many aliases name it (140,000 `- *s` in 1 MB): a
 * later read gives the same value (one object, shared: nothing downstream mutates it) and adds
 * nothing else. What the read reported is one problem, written once: it is reported once, at the
 * node's first use, and {@link noteUses} says how often the node is used. `read` must depend on the
 * node and the path only. Nodes no alias names are read as they are.
 */
function readOnce<T>(
  r: YamlReader,
  memo: Memo<T>,
  node: Node | null,
  out: FileContribution,
  read: () => T | undefined,
): T | undefined {
  if (!node || !r.isAliasTarget(node)) return read();
  const known = memo.get(node);
  if (known) {
    known.uses++;
    return known.value;
  }
  const d0 = r.diagnostics.length;
  const ref0 = out.references.length;
  const value = read();
  memo.set(node, {
    value,
    diagnostics: r.diagnostics.slice(d0),
    references: out.references.slice(ref0),
    uses: 1,
  });
  return value;
}

/** After a list is read: what a node used more than once reported says how often it is used. */
function noteUses<T>(memo: Memo<T>): void {
  for (const { diagnostics, references, uses } of memo.values()) {
    if (uses < 2) continue;
    for (const d of diagnostics) d.message += usesNote(uses);
    for (const ref of references) ref.uses = uses;
  }
}

/** `(written once, used 140,001 times through aliases)`, after the message of a problem in an aliased node. */
export function usesNote(uses: number): string {
  return ` (written once, used ${uses.toLocaleString("en-US")} times through aliases)`;
}

/**
 * Region names (one string, or a list of them when `single` is false) of the region pattern; each
 * becomes a reference, checked against the AWS Region list and the spec's partition after merging.
 */
function readRegions(
  r: YamlReader,
  node: Node | null,
  path: string,
  what: string,
  references: Reference[],
  single: boolean,
): string[] {
  const items =
    single || (node && isScalar(node) && typeof node.value === "string")
      ? [{ node, path, what }]
      : (r.seq(node, path, what) ?? []).map((item, i) => ({ ...item, what: `${what}[${i}]` }));
  const out: string[] = [];
  for (const item of items) {
    const region = r.string(item.node, item.path, item.what);
    if (region === undefined) continue;
    if (!P.REGION.re.test(region)) {
      const message = `${item.what} "${region}" is not ${P.REGION.expected}.`;
      r.error(
        item.node,
        "spec-invalid-value",
        appendSuggestion(message, suggestRegion(region, Object.values(AWS_REGIONS).flat())),
        item.path,
      );
      continue;
    }
    out.push(region);
    references.push({ kind: "region", name: region, location: r.loc(item.node), path: item.path });
  }
  return out;
}

function readAccount(r: YamlReader, node: Node | null, path: string, what: string): string | undefined {
  // An unquoted account id is a YAML number; accept it when written as exactly 12 digits (a
  // number would have lost leading zeros, so we read the source text).
  if (node && "value" in node && typeof (node as { value: unknown }).value === "number") {
    const text = r.sourceText(node);
    if (P.ACCOUNT.re.test(text)) return text;
    r.error(
      node,
      "spec-invalid-value",
      `${what} "${text}" is not ${P.ACCOUNT.expected}.`,
      path,
      'Quote it: "012345678901".',
    );
    return undefined;
  }
  return r.string(node, path, what, P.ACCOUNT);
}

function readNamed<T>(
  r: YamlReader,
  node: Node | null,
  path: string,
  what: string,
  into: Map<string, Located<T>>,
  invalid: Set<string>,
  read: (node: Node | null, path: string, name: string) => T | undefined,
): void {
  for (const e of r.map(node, path, what) ?? []) {
    const nameCheck =
      what === "teams" || what === "personas" ? P.NAME : { re: /^[a-z0-9][a-z0-9._-]*$/, expected: "a name" };
    if (!nameCheck.re.test(e.key)) {
      r.error(e.keyNode, "spec-invalid-name", `${what} name "${e.key}" is not ${nameCheck.expected}.`, e.path);
      continue;
    }
    const value = read(e.value, e.path, e.key);
    if (value !== undefined) into.set(e.key, { value, location: r.loc(e.keyNode) });
    else invalid.add(`${what}.${e.key}`);
  }
}

/**
 * An ARN the spec names (a KMS key, a provider, a guardrail, an instance), as written: its partition
 * must be the spec's and, for a regional resource the principals use (a KMS key, a Bedrock
 * guardrail), its region one of the allowed regions. Both are known once the files are merged.
 */
function arnValue(
  r: YamlReader,
  node: Node | null,
  path: string,
  value: string | undefined,
  references: Reference[],
  regional = false,
): string | undefined {
  if (value?.startsWith("arn:")) {
    references.push({ kind: regional ? "regional-arn" : "arn", name: value, location: r.loc(node), path });
  }
  return value;
}

function readTrust(r: YamlReader, node: Node | null, path: string, references: Reference[]): TrustSpec | undefined {
  const entries = r.map(node, path, "trust", SPEC_FIELDS.trust);
  if (!entries) return undefined;
  const t: TrustSpec = {};
  for (const e of entries) {
    if (e.key === "samlProvider") {
      const arn = r.string(e.value, e.path, "trust.samlProvider", P.SAML_PROVIDER);
      t.samlProvider = arnValue(r, e.value, e.path, arn, references);
    } else if (e.key === "oidcProvider") {
      const arn = r.string(e.value, e.path, "trust.oidcProvider", P.OIDC_PROVIDER);
      t.oidcProvider = arnValue(r, e.value, e.path, arn, references);
    } else if (e.key === "oidcAudience") t.oidcAudience = r.string(e.value, e.path, "trust.oidcAudience", P.OIDC_VALUE);
    else if (e.key === "oidcSubjects") t.oidcSubjects = readSubjects(r, e.value, e.path, "trust.oidcSubjects");
    else if (e.key === "requireMfa") t.requireMfa = r.boolean(e.value, e.path, "trust.requireMfa");
    else if (e.key === "accounts") {
      const items = r.seq(e.value, e.path, "trust.accounts") ?? [];
      t.accounts = items
        .map((i, n) => readAccount(r, i.node, i.path, `trust.accounts[${n}]`))
        .filter((a) => a !== undefined);
      // The roles trust exactly these accounts' principals: none would be a trust policy naming no
      // principal, which IAM refuses, and not the spec's own account as leaving the list out is.
      requireEntries(
        r,
        e.value,
        e.path,
        "trust.accounts",
        "no principal could assume the persona roles (their trust policies would name none).",
        "List the accounts, or leave trust.accounts out for the spec's own account.",
      );
    }
  }
  if (t.samlProvider && t.oidcProvider) {
    r.error(node, "spec-invalid-value", "trust may name a SAML provider or an OIDC provider, not both.", path);
  }
  // A persona role trusts a provider, or else account principals (compile/trust.ts): accounts and
  // their MFA condition written beside a provider were dropped without a word.
  const provider = t.samlProvider ? "samlProvider" : t.oidcProvider ? "oidcProvider" : undefined;
  for (const e of provider ? entries : []) {
    if (e.key !== "accounts" && e.key !== "requireMfa") continue;
    r.error(
      e.keyNode,
      "spec-invalid-value",
      `trust.${e.key} applies to account principals only, and the roles trust trust.${provider} instead: ` +
        `it would have no effect.`,
      e.path,
      e.key === "accounts"
        ? "Trust the provider or the accounts: one trust per spec."
        : "With a provider, MFA is the identity provider's to require; remove requireMfa.",
    );
  }
  return t;
}

/** OIDC subject patterns, sorted and each once (their soundness is checked before compiling). */
function readSubjects(r: YamlReader, node: Node | null, path: string, what: string): string[] {
  return [...new Set(r.strings(node, path, what, P.OIDC_VALUE))].sort();
}

/** The account's raised quotas (compile/account-quotas.ts holds them against AWS's maximums). */
function readQuotas(r: YamlReader, node: Node | null, path: string, locations: Map<string, SourceLocation>) {
  const entries = r.map(node, path, "quotas", SPEC_FIELDS.quotas);
  if (!entries) return undefined;
  const q: Record<string, number | undefined> = {};
  for (const e of entries) {
    locations.set(`quotas.${e.key}`, r.loc(e.keyNode));
    q[e.key] = r.integer(e.value, e.path, `quotas.${e.key}`, 1, 1_000_000);
  }
  return q as SpecQuotas;
}

function readIdentityCenter(r: YamlReader, node: Node | null, path: string, references: Reference[]) {
  const entries = r.map(node, path, "identityCenter", SPEC_FIELDS.identityCenter);
  if (!entries) return undefined;
  const ic: { instanceArn?: string; identityStoreId?: string } = {};
  for (const e of entries) {
    if (e.key === "instanceArn") {
      const arn = r.string(e.value, e.path, "identityCenter.instanceArn", P.SSO_INSTANCE);
      ic.instanceArn = arnValue(r, e.value, e.path, arn, references);
    } else ic.identityStoreId = r.string(e.value, e.path, "identityCenter.identityStoreId", P.IDENTITY_STORE);
  }
  return ic;
}

function readGuardrails(
  r: YamlReader,
  node: Node | null,
  path: string,
  locations: Map<string, SourceLocation>,
  references: Reference[],
): Partial<GuardrailsSpec> | undefined {
  const entries = r.map(node, path, "guardrails", GUARDRAIL_FIELDS);
  if (!entries) return undefined;
  const g: Partial<GuardrailsSpec> = {};
  for (const e of entries) {
    locations.set(`guardrails.${e.key}`, r.loc(e.keyNode));
    const what = `guardrails.${e.key}`;
    switch (e.key) {
      case "allowedRegions":
        g.allowedRegions = readRegions(r, e.value, e.path, what, references, false);
        // The region guardrail is a Deny of every region not listed: with none listed there is
        // nothing to deny against, and the compiler left the guardrail out altogether.
        requireEntries(
          r,
          e.value,
          e.path,
          what,
          "it names no region to keep requests in, and no region guardrail would be compiled from it " +
            "(it would not deny every region).",
          "List the regions, or leave allowedRegions out for the spec's region only.",
        );
        break;
      case "requireMfa":
        g.requireMfa = r.boolean(e.value, e.path, what);
        break;
      case "allowUnknownRegions":
        g.allowUnknownRegions = r.boolean(e.value, e.path, what);
        break;
      case "trainingInstanceTypes":
      case "notebookInstanceTypes":
      case "endpointInstanceTypes":
        g[e.key] = r.strings(e.value, e.path, what, P.ML_INSTANCE);
        break;
      case "ec2InstanceTypes":
        g.ec2InstanceTypes = r.strings(e.value, e.path, what, P.EC2_INSTANCE);
        break;
      case "maxTrainingSeconds":
        g.maxTrainingSeconds = r.integer(e.value, e.path, what, 1, MAX_TRAINING_SECONDS);
        break;
      case "kmsKey":
        g.kmsKey = arnValue(r, e.value, e.path, r.string(e.value, e.path, what, P.KMS_KEY_ARN), references, true);
        break;
      case "network": {
        const n = r.map(e.value, e.path, what, SPEC_FIELDS.network);
        if (!n) break;
        const net = { subnets: [] as string[], securityGroups: [] as string[] };
        for (const f of n) {
          if (f.key === "subnets") net.subnets = r.strings(f.value, f.path, `${what}.subnets`, P.SUBNET);
          else net.securityGroups = r.strings(f.value, f.path, `${what}.securityGroups`, P.SECURITY_GROUP);
          requireEntries(r, f.value, f.path, `${what}.${f.key}`, NETWORK_NEEDS, NETWORK_HINT);
        }
        // Jobs, notebooks and endpoints must use the listed subnets and security groups: a network
        // without either compiled conditions listing no value, which no job can meet.
        for (const key of ["subnets", "securityGroups"]) {
          if (!n.some((f) => f.key === key)) {
            r.error(e.value, "spec-missing-field", `${what} needs ${key}: ${NETWORK_NEEDS}`, e.path, NETWORK_HINT);
          }
        }
        g.network = net;
        break;
      }
      case "bedrock": {
        const b = r.map(e.value, e.path, what, SPEC_FIELDS.bedrock);
        if (!b) break;
        const bedrock: { models: string[]; guardrail?: string } = { models: [] };
        for (const f of b) {
          if (f.key === "models") {
            bedrock.models = r.strings(f.value, f.path, `${what}.models`, P.BEDROCK_MODEL);
            inferenceProfileIds(r, f.value, f.path, `${what}.models`, bedrock.models);
          } else {
            const guardrail = r.string(f.value, f.path, `${what}.guardrail`, P.BEDROCK_GUARDRAIL);
            bedrock.guardrail = arnValue(r, f.value, f.path, guardrail, references, true);
          }
        }
        g.bedrock = bedrock;
        break;
      }
    }
  }
  return g;
}

/**
 * The geographic prefixes of Bedrock's cross-Region (system-defined) inference profile ids
 * (`us.anthropic.claude-…`; Bedrock User Guide, "Supported Regions and models for inference
 * profiles"). No model provider is called so.
 */
const INFERENCE_PROFILE_GEOS = ["apac", "au", "ca", "eu", "global", "jp", "us", "us-gov"];

/**
 * An approved model is a model id (`anthropic.claude-…`): the policies allow it as a foundation
 * model and through its cross-Region inference profiles (`inference-profile/*.<model id>`). An
 * inference profile id written instead (`us.anthropic.claude-…`, copied from the console) matched
 * neither, and the models it meant were silently not approved.
 */
function inferenceProfileIds(r: YamlReader, node: Node | null, path: string, what: string, models: string[]): void {
  const profiles = models.filter((m) => INFERENCE_PROFILE_GEOS.includes(m.slice(0, m.indexOf("."))));
  if (profiles.length === 0) return;
  const items = r.isSeq(node) ? (r.seq(node, path, what) ?? []) : [{ node, path }];
  for (const item of items) {
    const v = item.node && isScalar(item.node) ? item.node.value : undefined;
    if (typeof v !== "string" || !profiles.includes(v)) continue;
    const model = v.slice(v.indexOf(".") + 1);
    // `us.*` names no model: suggesting its rest ("*") would approve every model.
    const approve = /^[a-z0-9-]+\./.test(model) ? `approve "${model}"` : "approve models as <provider>.<model>";
    r.error(
      item.node,
      "spec-invalid-value",
      `${what}: "${v}" is an inference profile id, not a model id: ${approve}, whose cross-Region inference ` +
        "profiles the policies allow with it.",
      item.path,
    );
  }
}

const NETWORK_NEEDS =
  "jobs, notebooks and endpoints must run in the listed subnets with the listed security groups, so none could start.";
const NETWORK_HINT = "List the subnets and the security groups, or leave guardrails.network out.";

/**
 * A list written with no entry where the spec needs at least one (`allowedRegions: []`): a located
 * error saying why, rather than a guardrail that silently means nothing.
 */
function requireEntries(r: YamlReader, node: Node | null, path: string, what: string, why: string, hint: string) {
  if (r.isSeq(node) && (r.seq(node, path, what) ?? []).length === 0) {
    r.error(node, "spec-invalid-value", `${what} is empty: ${why}`, path, hint);
  }
}

function readDataset(
  r: YamlReader,
  node: Node | null,
  path: string,
  name: string,
  references: Reference[],
): DatasetSpec | undefined {
  const entries = r.map(node, path, `dataset "${name}"`, SPEC_FIELDS.dataset);
  if (!entries) return undefined;
  let bucket: string | undefined;
  let prefix = "";
  const d: Partial<DatasetSpec> = {};
  for (const e of entries) {
    if (e.key === "bucket") bucket = r.string(e.value, e.path, "bucket", P.BUCKET);
    else if (e.key === "prefix") prefix = r.string(e.value, e.path, "prefix", P.PREFIX) ?? "";
    else if (e.key === "classification") d.classification = readClassification(r, e.value, e.path, "classification");
    else if (e.key === "kmsKey") {
      d.kmsKey = arnValue(r, e.value, e.path, r.string(e.value, e.path, "kmsKey", P.KMS_KEY_ARN), references, true);
    }
  }
  if (bucket === undefined) {
    if (!entries.some((e) => e.key === "bucket")) {
      r.error(node, "spec-missing-field", `dataset "${name}" needs a bucket.`, path);
    }
    return undefined;
  }
  return { bucket, prefix: normalizePrefix(prefix), ...d };
}

/** One of the classification levels (schema.ts, CLASSIFICATIONS); anything else is an error. */
function readClassification(r: YamlReader, node: Node | null, path: string, what: string): Classification | undefined {
  const v = r.string(node, path, what);
  if (v === undefined) return undefined;
  if ((CLASSIFICATIONS as readonly string[]).includes(v)) return v as Classification;
  r.error(
    node,
    "spec-invalid-value",
    withSuggestion(`${what} "${v}" is not one of ${CLASSIFICATIONS.join(", ")}.`, v, CLASSIFICATIONS),
    path,
  );
  return undefined;
}

/** `imagenet` → `imagenet/`, `a//b/` → `a/b/`, empty stays empty (the whole bucket). */
export function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/\/{2,}/g, "/");
  return p === "" || p.endsWith("/") ? p : `${p}/`;
}

function readPersona(
  r: YamlReader,
  node: Node | null,
  path: string,
  name: string,
  out: FileContribution,
): PersonaSpec | undefined {
  // A persona is a list of activities, or { description?, activities }.
  let description: string | undefined;
  let listNode: Node | null = node;
  let listPath = path;
  if (r.isMap(node)) {
    const entries = r.map(node, path, `persona "${name}"`, SPEC_FIELDS.persona) ?? [];
    listNode = null;
    for (const e of entries) {
      if (e.key === "description") description = r.string(e.value, e.path, "description");
      else {
        listNode = e.value;
        listPath = e.path;
      }
    }
    if (listNode === null) {
      r.error(node, "spec-missing-field", `persona "${name}" needs a list of activities.`, path);
      return undefined;
    }
  }
  const activities = readActivityList(r, listNode, listPath, `persona "${name}" activities`, out);
  return { ...(description !== undefined ? { description } : {}), activities };
}

function readActivityList(r: YamlReader, node: Node | null, path: string, what: string, out: FileContribution) {
  const items = r.seq(node, path, what) ?? [];
  // A set: a list of 100,000 names was quadratic.
  const names = new Set<string>();
  for (let n = 0; n < items.length; n++) {
    const i = items[n];
    // A string is read as is; anything else is reported, named by its index (made only then).
    const v = i.node && isScalar(i.node) ? i.node.value : undefined;
    const a = typeof v === "string" ? v : r.string(i.node, i.path, `${what}[${n}]`);
    if (a === undefined) continue;
    if (names.has(a)) {
      r.warn(i.node, "spec-duplicate-name", `Activity "${a}" is listed twice in ${what}.`, i.path);
      continue;
    }
    names.add(a);
    out.references.push({ kind: "activity", name: a, location: r.loc(i.node), path: i.path });
  }
  return [...names].sort();
}

function readTeam(
  r: YamlReader,
  node: Node | null,
  path: string,
  name: string,
  out: FileContribution,
): TeamSpec | undefined {
  const entries = r.map(node, path, `team "${name}"`, SPEC_FIELDS.team);
  if (!entries) return undefined;
  const team: TeamSpec = { name, datasets: {}, activities: [], members: {} };
  for (const e of entries) {
    if (e.key === "datasets") {
      for (const d of r.map(e.value, e.path, `team "${name}" datasets`) ?? []) {
        const level = r.string(d.value, d.path, `The level of dataset "${d.key}"`);
        out.locations.set(`teams.${name}.datasets.${d.key}`, r.loc(d.keyNode));
        out.references.push({ kind: "dataset", name: d.key, location: r.loc(d.keyNode), path: d.path });
        if (level === undefined) continue;
        if (level !== "read" && level !== "write") {
          r.error(d.value, "spec-invalid-value", `Dataset level "${level}" is not read or write.`, d.path);
          continue;
        }
        team.datasets[d.key] = level as DatasetLevel;
      }
    } else if (e.key === "activities") {
      out.locations.set(`teams.${name}.activities`, r.loc(e.keyNode));
      team.activities = readActivityList(r, e.value, e.path, `team "${name}" activities`, out);
    } else if (e.key === "clearance") {
      out.locations.set(`teams.${name}.clearance`, r.loc(e.keyNode));
      const clearance = readClassification(r, e.value, e.path, `team "${name}" clearance`);
      if (clearance) team.clearance = clearance;
    } else if (e.key === "oidcSubjects") {
      out.locations.set(`teams.${name}.oidcSubjects`, r.loc(e.keyNode));
      team.oidcSubjects = readSubjects(r, e.value, e.path, `team "${name}" oidcSubjects`);
      // A team's own list replaces the organization's, but an empty one fell back to it: written to
      // mean "no repository", it let every subject of trust.oidcSubjects assume the team's roles.
      requireEntries(
        r,
        e.value,
        e.path,
        `team "${name}" oidcSubjects`,
        "the team's roles would trust every subject of trust.oidcSubjects instead, not none.",
        "List the team's subjects, or leave oidcSubjects out to use trust.oidcSubjects.",
      );
    } else if (e.key === "sharedImages") {
      team.sharedImages = [...new Set(r.strings(e.value, e.path, "sharedImages", P.ECR_REPOSITORY))].sort();
    } else if (e.key === "members") {
      for (const m of r.map(e.value, e.path, `team "${name}" members`) ?? []) {
        if (!P.MEMBER.re.test(m.key)) {
          r.error(m.keyNode, "spec-invalid-name", `Member name "${m.key}" is not ${P.MEMBER.expected}.`, m.path);
          continue;
        }
        out.locations.set(`teams.${name}.members.${m.key}`, r.loc(m.keyNode));
        // A persona, or a list of personas.
        const personas = r.strings(m.value, m.path, `The personas of member "${m.key}"`);
        if (personas.length === 0 && r.isSeq(m.value)) {
          r.error(m.value, "spec-missing-field", `Member "${m.key}" has no persona.`, m.path);
        }
        const unique = [...new Set(personas)].sort();
        for (const p of unique) {
          out.references.push({ kind: "persona", name: p, team: name, location: r.loc(m.value), path: m.path });
        }
        if (unique.length > 0) team.members[m.key] = unique;
      }
    }
  }
  if (!entries.some((e) => e.key === "members")) {
    r.error(node, "spec-missing-field", `team "${name}" has no members.`, path);
  }
  return team;
}

const EXPECTS: readonly string[] = ["allow", "deny", "never", "always"];

function readTest(r: YamlReader, node: Node | null, path: string, out: FileContribution): SpecTest | undefined {
  const entries = r.map(node, path, "a test", SPEC_FIELDS.test);
  if (!entries) return undefined;
  const t: Partial<SpecTest> = { location: r.loc(node) };
  for (const e of entries) {
    if (e.key === "principal") {
      t.principal = r.string(e.value, e.path, "principal");
      if (t.principal !== undefined) {
        out.references.push({ kind: "principal", name: t.principal, location: r.loc(e.value), path: e.path });
      }
    } else if (e.key === "action") {
      t.action = r.string(e.value, e.path, "action", P.ACTION);
      if (t.action !== undefined && !knownAction(r, e.value, e.path, t.action)) t.action = undefined;
    } else if (e.key === "resource") {
      t.resource = r.string(e.value, e.path, "resource");
      if (t.resource !== undefined && t.resource !== "*" && !isArnLike(t.resource)) {
        r.error(
          e.value,
          "spec-invalid-test-resource",
          `Test resource "${t.resource}" is not an ARN (arn:partition:service:region:account:resource) or "*".`,
          e.path,
          "A request names one resource; a typo here would match nothing and pass an expect: deny test vacuously.",
        );
        t.resource = undefined;
      }
    } else if (e.key === "expect") {
      const x = r.string(e.value, e.path, "expect");
      if (x !== undefined && !EXPECTS.includes(x)) {
        r.error(e.value, "spec-invalid-value", `expect "${x}" is not allow, deny, never or always.`, e.path);
      } else t.expect = x as SpecTest["expect"] | undefined;
    } else if (e.key === "context") {
      const ctx: Record<string, string | string[]> = {};
      const absent: string[] = [];
      for (const c of r.map(e.value, e.path, "context") ?? []) {
        if (!knownContextKey(r, c.keyNode, c.path, c.key)) continue;
        if (r.isSeq(c.value)) setOwn(ctx, c.key, r.strings(c.value, c.path, `context "${c.key}"`));
        else if (isNull(c.value)) absent.push(c.key);
        else {
          const v = scalarText(c.value);
          if (v === undefined)
            r.error(c.value, "spec-invalid-type", `context "${c.key}" must be a value or list.`, c.path);
          else setOwn(ctx, c.key, v);
        }
      }
      t.context = ctx;
      // `key: null` (or `key: ~`): the request does not carry the key, not even by default.
      if (absent.length > 0) t.absent = absent.sort();
    }
  }
  for (const f of ["principal", "action", "resource", "expect"] as const) {
    if (!entries.some((e) => e.key === f)) r.error(node, "spec-missing-field", `A test needs "${f}".`, path);
  }
  if (t.principal === undefined || t.action === undefined || t.resource === undefined || t.expect === undefined) {
    return undefined;
  }
  // allow and deny decide one request: a pattern (of principals, actions or resources) needs never
  // or always. A resource holding `*` or `?` would be decided as the one resource of that literal
  // name (AWS's policy simulator does the same), so `expect: deny` on `arn:aws:s3:::bucket/*` passed
  // while the principal could read every object but the one named "*". `Resource: "*"` stays: the
  // request of an action that supports no resource-level permission.
  if (t.expect === "allow" || t.expect === "deny") {
    for (const [field, label] of [
      ["principal", "Principal"],
      ["action", "Action"],
      ["resource", "Resource"],
    ] as const) {
      const value = t[field] ?? "";
      if (!/[*?]/.test(value) || (field === "resource" && value === "*")) continue;
      const at = entries.find((e) => e.key === field)!;
      r.error(
        at.value,
        "spec-invalid-value",
        `${label} pattern "${value}" needs expect: never or always (allow and deny decide one request).`,
        at.path,
      );
      return undefined;
    }
  }
  return t as SpecTest;
}

/**
 * An access test's action must be one AWS has: an unknown service, or an action its service does
 * not have, is an error (with a suggestion), since a test of an action that does not exist passes an
 * `expect: deny` vacuously. (The same rule as `simulate`'s requests, stricter: there an unknown
 * action of a known service is only a warning, as the catalog can lag AWS.)
 */
function knownAction(r: YamlReader, node: Node | null, path: string, action: string): boolean {
  const colon = action.indexOf(":");
  if (colon <= 0) return true; // the pattern check above reported it
  const catalog = getCatalog();
  const prefix = action.slice(0, colon).toLowerCase();
  const service = catalog.service(prefix);
  if (!service) {
    r.error(
      node,
      "spec-unknown-test-service",
      withSuggestion(`Unknown service "${prefix}" in test action "${action}".`, prefix, catalog.services()),
      path,
    );
    return false;
  }
  if (catalog.action(action)) return true;
  const name = action.slice(colon + 1);
  if (/[*?]/.test(name)) {
    // A pattern (for `expect: never | always`; allow and deny reject it below): it must match an action.
    if (catalog.expandActionPattern(action).actions.length > 0) return true;
    r.error(node, "spec-unknown-test-action", `Action pattern "${action}" matches no action of "${prefix}".`, path);
    return false;
  }
  r.error(
    node,
    "spec-unknown-test-action",
    withSuggestion(
      `Unknown action "${action}": service "${prefix}" has no action "${name}".`,
      name,
      service.actions.map((a) => a.name),
    ),
    path,
    `see \`ai-iam explain '${prefix}:*'\``,
  );
  return false;
}

/**
 * A test's context key that AWS defines nowhere is a typo (`aws:RequestedRegon`): the request
 * would carry it beside the default session's real key, and a test written to check another
 * region, or a request without MFA, passes while it checks the default. Keys of `aws:` and of the
 * catalog's services must be ones AWS lists (global keys, tag keys included, or the service's
 * own; IAM User Guide, "AWS global condition context keys"); others (an OIDC provider's
 * `<host>:sub`) are the provider's and are taken as written.
 */
function knownContextKey(r: YamlReader, node: Node | null, path: string, key: string): boolean {
  const unknown = unknownContextKey(getCatalog(), key, "the test's context");
  if (unknown === undefined) return true;
  r.error(
    node,
    "spec-invalid-value",
    unknown,
    path,
    "A key AWS does not define is not a key of any real request: the test would check the default session instead.",
  );
  return false;
}

/** An empty value or `null`/`~`: a YAML null scalar. */
function isNull(node: Node | null): boolean {
  return !node || (isScalar(node) && node.value === null);
}

/** Condition values are strings to IAM: `true`, `3600` and `"x"` are all accepted as written. */
function scalarText(node: Node | null): string | undefined {
  if (!node || !("value" in node)) return undefined;
  const v = (node as { value: unknown }).value;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function readSuppression(
  r: YamlReader,
  node: Node | null,
  path: string,
  out: FileContribution,
): SpecSuppression | undefined {
  const entries = r.map(node, path, "a suppression", SPEC_FIELDS.suppression);
  if (!entries) return undefined;
  const s: Partial<SpecSuppression> = { location: r.loc(node) };
  for (const e of entries) {
    if (e.key === "rule") s.rule = r.string(e.value, e.path, "rule");
    else if (e.key === "principal") s.principal = r.string(e.value, e.path, "principal");
    else if (e.key === "policy") s.policy = r.string(e.value, e.path, "policy");
    else if (e.key === "reason") s.reason = r.string(e.value, e.path, "reason");
  }
  if (s.rule === undefined) r.error(node, "spec-missing-field", 'A suppression needs "rule".', path);
  else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.rule)) {
    // One rule id, written out: "*" (or a pattern, or a list) would hide every finding, security ones included.
    const rule = entries.find((e) => e.key === "rule");
    r.error(
      rule?.value ?? node,
      "spec-invalid-suppression",
      `A suppression names one rule by its id; "${s.rule}" is not a rule id.`,
      rule?.path ?? path,
      "Name the rule (see `ai-iam check --help` or docs/checks.md); one entry per rule. Nothing suppresses every rule.",
    );
    s.rule = undefined;
  }
  if (s.reason === undefined || s.reason.trim() === "") {
    r.error(node, "spec-suppression-without-reason", "A suppression needs a written reason.", path);
  }
  const principal = entries.find((e) => e.key === "principal");
  if (s.principal !== undefined && principal) {
    out.references.push({
      kind: "principal",
      name: s.principal,
      location: r.loc(principal.value),
      path: principal.path,
    });
  }
  if (s.rule === undefined || s.reason === undefined || s.reason.trim() === "") return undefined;
  return s as SpecSuppression;
}
