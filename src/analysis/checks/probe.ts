import type { Catalog } from "./types.js";

/**
 * Representative resources for risk probes. A risk rule asks the engine "may this principal do
 * `s3:GetObject` on *some object it was not scoped to*?": the probe resource is an ARN of the
 * action's main resource type, in the principal's own account and partition, with names no policy
 * would grant on purpose (`ai-iam-probe`). A statement on `*`, `arn:aws:s3:::*` or
 * `arn:aws:s3:::*\/*` allows it; one scoped to `arn:aws:s3:::team-bucket/*` does not.
 */
export const PROBE_NAME = "ai-iam-probe";
export const PROBE_REGION = "us-east-1";

/**
 * Probe resources are asked for hundreds of thousands of times (every action of every policy in a
 * corpus): memoized per partition and account, then per action as asked (no key to build). Bounded:
 * a table is emptied when it reaches `LIMIT` entries (the catalog has about 22,000 actions).
 */
const LIMIT = 50_000;
/** partition → account → action (as asked) → value. */
type Memo<V> = Map<string, Map<string, Map<string, V>>>;

/** The memo table of a partition and account. */
function tableOf<V>(memo: Memo<V>, partition: string, account: string): Map<string, V> {
  let accounts = memo.get(partition);
  if (!accounts) {
    accounts = new Map();
    memo.set(partition, accounts);
  }
  let table = accounts.get(account);
  if (!table) {
    if (accounts.size >= 64) accounts.clear();
    table = new Map();
    accounts.set(account, table);
  }
  return table;
}

function remember<V>(table: Map<string, V>, action: string, v: V): V {
  if (table.size >= LIMIT) table.clear();
  table.set(action, v);
  return v;
}

const cache: Memo<string> = new Map();

/** Fill an ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) with probe values. */
export function fillArnFormat(format: string, partition: string, account: string, region = PROBE_REGION): string {
  return format.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    switch (name) {
      case "Partition":
        return partition;
      case "Region":
        return region;
      case "Account":
        return account;
      default:
        return PROBE_NAME;
    }
  });
}

/**
 * The probe resource of `action`: `*` for wildcard-only actions (and unknown ones), otherwise an
 * ARN of its first required resource type (or its first one).
 */
export function probeResource(catalog: Catalog, action: string, partition: string, account: string): string {
  const table = tableOf(cache, partition, account);
  return table.get(action) ?? remember(table, action, probeResourceNow(catalog, action, partition, account));
}

function probeResourceNow(catalog: Catalog, action: string, partition: string, account: string): string {
  const info = catalog.action(action);
  let arn = "*";
  if (info && info.resourceTypes.length > 0) {
    const rt =
      info.resourceTypes.find((r) => r.required && r.arnFormats.length > 0) ??
      info.resourceTypes.find((r) => r.arnFormats.length > 0);
    if (rt) arn = fillArnFormat(rt.arnFormats[0], partition, account);
  }
  return arn;
}

const listCache: Memo<string[]> = new Map();

/**
 * Every resource a request for `action` is authorized against: AWS checks each required resource
 * type of an action (`ec2:CreateNetworkInterface` on the new interface *and* its subnet), so the
 * action is open on "any resource" only when the probes of all its required types are allowed.
 * Actions with no required type fall back to `probeResource`'s single probe.
 */
export function probeResources(catalog: Catalog, action: string, partition: string, account: string): string[] {
  const table = tableOf(listCache, partition, account);
  return table.get(action) ?? remember(table, action, probeResourcesNow(catalog, action, partition, account));
}

function probeResourcesNow(catalog: Catalog, action: string, partition: string, account: string): string[] {
  const info = catalog.action(action);
  const required = (info?.resourceTypes ?? []).filter((r) => r.required && r.arnFormats.length > 0);
  const list =
    required.length > 1
      ? required.map((r) => fillArnFormat(r.arnFormats[0], partition, account))
      : [probeResource(catalog, action, partition, account)];
  return list;
}
