/**
 * `prove --shard i/n`, `diff --shard i/n` and `ai-iam merge`: a run's principals split across CI
 * jobs (as Jest and Playwright shard tests), and their JSON results put back together into the
 * report one run would have written, with its exit code.
 *
 * A shard's JSON names its slice (`"shard": "2/4"`) and the run's input (`"fingerprint"`: a hash of
 * the access model and the options that change answers), so `merge` can refuse what would make a
 * wrong report: a missing or duplicated shard, shards of different counts, shards of different
 * inputs (a spec edited between jobs, another `--query-timeout`), and anything that is not a
 * result of `prove --format json` or `diff --format json`, or a mix of the two. Nothing in the JSON
 * depends on timing or on the machine: the result of `merge` is byte-identical to an unsharded run's.
 */
import { createHash } from "node:crypto";
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import { parseJsonWithPositions } from "../../policy/json.js";
import { gainsAccess } from "../review/diff-entries.js";
import type { AccessDiff, ClassifiedAccessChange, PrincipalDiff } from "../review/types.js";
import type { PropertyResult, ProveReport } from "./isolation.js";
import type { ExactDiff, ExactPrincipalResult } from "./models.js";
import { overall } from "./status.js";

/** A shard: the i-th (1-based) of n deterministic slices of the sorted principal ids. */
export interface Shard {
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n ≤ 100,000, or undefined. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : undefined;
}

/** More shards than any CI matrix runs (GitHub Actions: 256 jobs) and than principals are ever split into. */
const MAX_SHARDS = 100_000;

/** The shard's principal ids: every n-th of the sorted ids, from the i-th (all of them without a shard). */
export function shardIds(ids: readonly string[], shard: Shard | undefined): string[] {
  const sorted = [...ids].sort();
  return shard ? sorted.filter((_, i) => i % shard.count === shard.index - 1) : sorted;
}

/** How a run was split: its principals (a model) or its properties (a policy set, one principal). */
export type Sliced = "principals" | "properties";

/** JSON with every object's keys sorted, and source locations left out (where a file sits changes no answer). */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== "location" && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The input of a run (a model, or a policy set, and the properties) and the options that change its answers, hashed. */
export function runFingerprint(input: unknown, options: Record<string, unknown> = {}): string {
  const hash = createHash("sha256").update(stableJson({ input, options }));
  return `sha256:${hash.digest("hex").slice(0, 32)}`;
}

/** A property as `--format json` writes it: without its wall time (the output is deterministic). */
function stored(p: PropertyResult): Omit<PropertyResult, "ms"> {
  const { ms: _ms, ...rest } = p;
  return rest;
}

/** The JSON of `prove --format json` (a shard's when `shard` is given). */
export function proveJson(report: ProveReport, fingerprint: string, shard?: Shard & { sliced?: Sliced }): string {
  const head = shard
    ? { shard: `${shard.index}/${shard.count}`, ...(shard.sliced === "properties" ? { sliced: shard.sliced } : {}) }
    : {};
  const body = { ...head, fingerprint, status: report.status, properties: report.properties.map(stored) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** An exact diff as `--format json` writes it: without wall times. */
export type StoredExactDiff = Omit<ExactDiff, "principals"> & { principals: Omit<ExactPrincipalResult, "ms">[] };

/** What `diff --format json` writes: the sampled diff and, when proven, the exact answer. */
export type DiffResult = AccessDiff & { exact?: StoredExactDiff };

/** The result `diff --format json` writes (without wall times: the same input gives the same bytes). */
export function diffResult(diff: AccessDiff, exact?: ExactDiff): DiffResult {
  if (!exact) return diff;
  return { ...diff, exact: { ...exact, principals: exact.principals.map(({ ms: _ms, ...p }) => p) } };
}

/** The JSON of `diff --format json` (a shard's, naming its slice and the run's fingerprint, when `shard` is given). */
export function diffJson(result: DiffResult, shard?: Shard & { fingerprint: string }): string {
  const body = shard ? { shard: `${shard.index}/${shard.count}`, fingerprint: shard.fingerprint, ...result } : result;
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** One `prove --format json` or `diff --format json` output to merge, as read. */
export interface ResultFile {
  file: string;
  text: string;
}

export interface MergedProve {
  /** Absent when there are diagnostics (or when the shards are of `diff`: see `diff`). */
  report?: ProveReport;
  fingerprint?: string;
  /** The shards were of `diff --shard i/n`: the unsharded diff's result. */
  diff?: DiffResult;
  diagnostics: Diagnostic[];
}

const STATUSES = new Set(["proven", "violated", "unknown"]);

interface ReadShard {
  file: string;
  shard: Shard;
  sliced: Sliced;
  fingerprint: string;
  /** `prove`'s properties. */
  properties: PropertyResult[];
  /** A diff shard's result (without its shard and fingerprint). */
  diff?: DiffResult;
  at: (pointer: string) => { line?: number; column?: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A problem found in a result: a JSON pointer and what is wrong. */
type Problem = [string, string];

const isString = (v: unknown): v is string => typeof v === "string";
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const optional = (v: unknown, test: (x: unknown) => boolean): boolean => v === undefined || test(v);

/** The first item of `list` with a problem, located under `at`. */
function firstProblem(list: unknown[], at: string, check: (x: unknown, at: string) => Problem | undefined) {
  for (let i = 0; i < list.length; i++) {
    const p = check(list[i], `${at}/${i}`);
    if (p) return p;
  }
  return undefined;
}

/** `{ "StringEquals": { "key": ["value"] } }`, as a diff entry's conditions hold them. */
const isConditionBlock = (b: unknown): boolean =>
  isObject(b) && Object.values(b).every((keys) => isObject(keys) && Object.values(keys).every(isStrings));

/** A counterexample as `prove`/`diff --format json` write it (the report reads every part of it). */
function counterexampleProblem(c: unknown, at: string): Problem | undefined {
  if (!isObject(c) || !isObject(c.request) || !isObject(c.decisions))
    return [at, "a counterexample has no request or decisions"];
  const r = c.request;
  if (!isString(r.principal) || !isString(r.action) || !isString(r.resource)) {
    return [`${at}/request`, "a counterexample request has no principal, action or resource"];
  }
  if (!optional(r.context, (x) => isObject(x) && Object.values(x).every((v) => isString(v) || isStrings(v)))) {
    return [`${at}/request/context`, "a counterexample's context is not keys with string values"];
  }
  const d = c.decisions;
  if (![d.old, d.new, d.decision].every((x) => optional(x, isString)))
    return [`${at}/decisions`, "a decision is not a string"];
  if (typeof c.hypothetical !== "boolean" || !isStrings(c.sameActions) || !Number.isInteger(c.classSize)) {
    return [at, "a counterexample has no hypothetical, sameActions or classSize"];
  }
  return undefined;
}

/** A property of `prove --format json`. */
function propertyProblem(p: unknown, at: string): Problem | undefined {
  if (!isObject(p) || !isString(p.principal) || !isString(p.name) || !STATUSES.has(p.status as string)) {
    return [at, `property ${at.slice(at.lastIndexOf("/") + 1)} has no principal, name or status`];
  }
  const texts = [p.property, p.team, p.reason].every((x) => optional(x, isString));
  if (!texts || !optional(p.resources, isStrings)) {
    return [at, "a property's id, team, reason or resources are not text"];
  }
  return p.counterexample === undefined ? undefined : counterexampleProblem(p.counterexample, `${at}/counterexample`);
}

const DIFF_STATUSES = new Set(["added", "removed", "changed"]);

function diffEntryProblem(e: unknown, at: string): Problem | undefined {
  if (!isObject(e) || !isString(e.action) || !isString(e.resource)) return [at, "a grant has no action or resource"];
  if (!optional(e.conditions, (c) => Array.isArray(c) && c.every(isConditionBlock))) {
    return [`${at}/conditions`, "a grant's conditions are not condition blocks"];
  }
  return undefined;
}

function diffPrincipalProblem(p: unknown, at: string): Problem | undefined {
  if (!isObject(p) || !isString(p.id) || !DIFF_STATUSES.has(p.status as string)) {
    return [at, "a principal has no id or status"];
  }
  if (!Array.isArray(p.added) || !Array.isArray(p.removed))
    return [at, `principal ${p.id} has no added or removed list`];
  if (!optional(p.reason, isString)) return [`${at}/reason`, "a reason is not text"];
  return (
    firstProblem(p.added, `${at}/added`, diffEntryProblem) ?? firstProblem(p.removed, `${at}/removed`, diffEntryProblem)
  );
}

function classifiedProblem(c: unknown, at: string): Problem | undefined {
  const text = ["principal", "dataset", "classification", "bucket", "prefix", "status"];
  if (
    !isObject(c) ||
    !text.every((k) => isString(c[k])) ||
    (c.access !== "read" && c.access !== "write") ||
    (c.change !== "new" && c.change !== "unconditional")
  ) {
    return [at, "a classified change has no principal, dataset, access or change"];
  }
  return undefined;
}

function exactAnswerProblem(p: unknown, at: string): Problem | undefined {
  if (
    !isObject(p) ||
    !isString(p.id) ||
    (p.question !== "access" && p.question !== "trust") ||
    !STATUSES.has(p.status as string) ||
    !Array.isArray(p.findings) ||
    !optional(p.reason, isString)
  ) {
    return [at, "an exact answer has no id, question, status or findings"];
  }
  return firstProblem(p.findings, `${at}/findings`, counterexampleProblem);
}

/**
 * Where a diff result is not one, or undefined. Its summaries must agree with its details: a shard
 * that says `"newAccess": false` while a principal gains a grant (or an exact status that is not
 * its answers') is refused, not merged into a pass.
 */
function diffProblem(v: Record<string, unknown>): Problem | undefined {
  const principals = v.principals as unknown[];
  const bad = firstProblem(principals, "/principals", diffPrincipalProblem);
  if (bad) return bad;
  if (v.newAccess !== (principals as PrincipalDiff[]).some(gainsAccess)) {
    return ["/newAccess", `"newAccess" is ${v.newAccess}, but the principals say otherwise`];
  }
  if (v.classified !== undefined) {
    if (!Array.isArray(v.classified)) return ["/classified", '"classified" is not a list'];
    const c = firstProblem(v.classified, "/classified", classifiedProblem);
    if (c) return c;
  }
  if (v.exact !== undefined) {
    const e = v.exact;
    if (!isObject(e) || !STATUSES.has(e.status as string) || !Array.isArray(e.principals)) {
      return ["/exact", '"exact" has no status or principals'];
    }
    const x = firstProblem(e.principals, "/exact/principals", exactAnswerProblem);
    if (x) return x;
    if (e.status !== overall((e.principals as ExactPrincipalResult[]).map((p) => p.status))) {
      return ["/exact/status", `"status" is ${e.status}, but the answers say otherwise`];
    }
  }
  return undefined;
}

/**
 * Merges the JSON results of `prove --shard i/n --format json` (every shard of one run, in any
 * order; an unsharded result counts as `1/1`) into one report, or every reason it cannot.
 */
export function mergeProveResults(files: readonly ResultFile[]): MergedProve {
  const diagnostics: Diagnostic[] = [];
  const error = (code: DiagnosticCode, file: string | undefined, message: string, at = {}, hint?: string): void => {
    diagnostics.push({ code, severity: "error", message, ...(file ? { file } : {}), ...at, ...(hint ? { hint } : {}) });
  };
  if (files.length === 0) error("merge-no-input", undefined, "give the JSON results to merge");
  const shards: ReadShard[] = [];
  for (const { file, text } of files) {
    const parsed = parseJsonWithPositions(text, file);
    const syntax = parsed.diagnostics.filter((d) => d.severity === "error");
    if (parsed.value === undefined || syntax.length > 0) {
      for (const d of syntax) diagnostics.push({ ...d, code: "merge-invalid-json", file });
      continue;
    }
    const at = (pointer: string) => {
      const pos = parsed.sourceMap.get(pointer) ?? parsed.sourceMap.get("");
      return pos ? { line: pos.line, column: pos.column } : {};
    };
    const v = parsed.value as Record<string, unknown>;
    const notResult = (pointer: string, what: string) =>
      error(
        "merge-not-a-result",
        file,
        `${what}: not a result of \`ai-iam prove --format json\` or \`ai-iam diff --format json\``,
        at(pointer),
        "merge the files that `ai-iam prove` (or `diff`) `--shard i/n --format json --out <file>` wrote",
      );
    if (!v || typeof v !== "object" || Array.isArray(v)) {
      notResult("", "the file holds no JSON object");
      continue;
    }
    if (typeof v.fingerprint !== "string") {
      notResult("", 'no "fingerprint"');
      continue;
    }
    // A diff's result: the sampled diff (`newAccess`, `principals`) and maybe the exact answer.
    const isDiff = v.properties === undefined && typeof v.newAccess === "boolean" && Array.isArray(v.principals);
    if (isDiff) {
      const problem = diffProblem(v);
      if (problem) {
        notResult(problem[0], problem[1]);
        continue;
      }
    } else if (!Array.isArray(v.properties)) {
      notResult(v.properties === undefined ? "" : "/properties", 'no "properties" list');
      continue;
    }
    if (!isDiff) {
      const bad = firstProblem(v.properties as unknown[], "/properties", propertyProblem);
      if (bad) {
        notResult(bad[0], bad[1]);
        continue;
      }
      if (v.status !== undefined && v.status !== overall((v.properties as PropertyResult[]).map((p) => p.status))) {
        notResult("/status", `"status" is ${JSON.stringify(v.status)}, but the properties say otherwise`);
        continue;
      }
    }
    let shard: Shard | undefined = { index: 1, count: 1 };
    if (v.shard !== undefined) {
      shard = typeof v.shard === "string" ? parseShard(v.shard) : undefined;
      if (!shard) {
        error(
          "merge-not-a-result",
          file,
          `"shard" must be "i/n" with 1 ≤ i ≤ n ≤ 100000, not ${JSON.stringify(v.shard)}`,
          at("/shard"),
        );
        continue;
      }
    }
    const sliced: Sliced = v.sliced === "properties" ? "properties" : "principals";
    if (isDiff) {
      const { shard: _s, fingerprint: _f, ...diff } = v;
      shards.push({
        file,
        shard,
        sliced,
        fingerprint: v.fingerprint,
        properties: [],
        diff: diff as unknown as DiffResult,
        at,
      });
    } else {
      shards.push({
        file,
        shard,
        sliced,
        fingerprint: v.fingerprint,
        properties: v.properties as PropertyResult[],
        at,
      });
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  const first = shards[0];
  for (const s of shards.slice(1)) {
    if (!s.diff !== !first.diff) {
      error(
        "merge-different-inputs",
        s.file,
        `this result is of \`${s.diff ? "diff" : "prove"}\`, ${first.file} of \`${first.diff ? "diff" : "prove"}\``,
        s.at(""),
        "merge the shards of one run",
      );
      continue;
    }
    if (s.fingerprint !== first.fingerprint) {
      error(
        "merge-different-inputs",
        s.file,
        `this result is of another input than ${first.file} (fingerprint ${s.fingerprint}, not ${first.fingerprint})`,
        s.at("/fingerprint"),
        "every shard must prove the same spec (same commit) with the same options",
      );
    }
    if (s.shard.count !== first.shard.count) {
      error(
        "merge-shard-count",
        s.file,
        `shard ${s.shard.index}/${s.shard.count} is of a split into ${s.shard.count}, ${first.file} of one into ${first.shard.count}`,
        s.at("/shard"),
      );
    }
  }
  const count = first.shard.count;
  const byIndex = new Map<number, ReadShard>();
  for (const s of shards) {
    if (s.shard.count !== count) continue;
    const seen = byIndex.get(s.shard.index);
    if (seen) {
      error(
        "merge-duplicate-shard",
        s.file,
        `shard ${s.shard.index}/${count} is given twice (also ${seen.file})`,
        s.at("/shard"),
      );
    } else byIndex.set(s.shard.index, s);
  }
  // The first few missing shards by name (a split into 100,000 given 2 files is not listed whole).
  const absent = count - byIndex.size;
  const missing: number[] = [];
  for (let i = 1; i <= count && missing.length < 20; i++) if (!byIndex.has(i)) missing.push(i);
  if (absent > 0 && diagnostics.every((d) => d.code !== "merge-shard-count")) {
    const more = absent > missing.length ? ` and ${absent - missing.length} more` : "";
    error(
      "merge-missing-shard",
      undefined,
      `missing shard${absent > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")}${more} of ${count}`,
      {},
      "a failed or cancelled matrix job uploads no result: re-run it, then merge every shard",
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  const lists = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
  if (first.diff) return { diff: mergeDiffs(lists.map((s) => s.diff!)), fingerprint: first.fingerprint, diagnostics };

  // The unsharded order. Shard i holds the i-th, (i+n)-th, ... of the sliced items: dealing the
  // shards' properties out in turn puts a split by properties (a policy set) back in order; a split
  // by principals (each principal in one shard) is then sorted by principal id, each principal's
  // properties in the order its shard wrote them.
  const props = lists.map((s) => s.properties);
  const dealt: PropertyResult[] = [];
  for (let k = 0; props.some((l) => k < l.length); k++) for (const l of props) if (k < l.length) dealt.push(l[k]);
  const properties =
    first.sliced === "properties"
      ? dealt
      : dealt
          .map((p, i) => ({ p, i }))
          .sort((a, b) => (a.p.principal < b.p.principal ? -1 : a.p.principal > b.p.principal ? 1 : a.i - b.i))
          .map(({ p }) => p);
  return {
    report: { status: overall(properties.map((p) => p.status)), properties },
    fingerprint: first.fingerprint,
    diagnostics: [],
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted by `key` (principal ids), keeping the order within one principal. */
function byId<T>(items: T[], key: (t: T) => string): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => cmp(key(a.item), key(b.item)) || a.i - b.i)
    .map(({ item }) => item);
}

/**
 * The diff an unsharded run writes, from its shards' (each principal in one shard): the principals
 * in id order, new access if any shard has it, the classified changes in the order dataset-diff.ts
 * sorts them, and the exact answers in id order (access before trust, as each shard wrote them).
 */
function mergeDiffs(shards: readonly DiffResult[]): DiffResult {
  const principals = byId(
    shards.flatMap((s) => s.principals),
    (p: PrincipalDiff) => p.id,
  );
  const classified = shards
    .flatMap((s) => s.classified ?? [])
    .map((c, i) => ({ c, i }))
    .sort(
      ({ c: x, i }, { c: y, i: j }) =>
        cmp(x.principal, y.principal) ||
        cmp(x.dataset, y.dataset) ||
        cmp(x.access, y.access) ||
        cmp(x.change, y.change) ||
        i - j,
    )
    .map(({ c }): ClassifiedAccessChange => c);
  const out: DiffResult = { newAccess: shards.some((s) => s.newAccess), principals };
  if (classified.length > 0) out.classified = classified;
  const exacts = shards.flatMap((s) => (s.exact ? [s.exact] : []));
  if (exacts.length > 0) {
    const answers = byId(
      exacts.flatMap((e) => e.principals),
      (p) => p.id,
    );
    out.exact = { status: overall(answers.map((p) => p.status)), principals: answers };
  }
  return out;
}
