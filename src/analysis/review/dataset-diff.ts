import { isClassified } from "../../input/team-spec/classification.js";
import type { Classification } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import { type DatasetDefinition, datasetAccess } from "./dataset-access.js";
import type { AccessDiff, ClassifiedAccessChange } from "./types.js";

/**
 * The classified-data changes of a diff (types.ts, `ClassifiedAccessChange`): who-can over each
 * confidential or restricted dataset's prefix in both versions, asked only of the principals that
 * gained something. `datasets` are the new spec's definitions.
 */
export function classifiedAccessChanges(
  before: AccessModel,
  after: AccessModel,
  diff: AccessDiff,
  datasets: Readonly<Record<string, DatasetDefinition>>,
): ClassifiedAccessChange[] {
  const classified = Object.fromEntries(
    Object.entries(datasets).filter(([, d]) => isClassified(d.classification as Classification | undefined)),
  );
  const ids = new Set(diff.principals.filter((p) => p.status !== "removed" && p.added.length > 0).map((p) => p.id));
  if (ids.size === 0 || Object.keys(classified).length === 0) return [];
  const only = (m: AccessModel): AccessModel => ({ ...m, principals: m.principals.filter((p) => ids.has(p.id)) });
  const old = new Map(datasetAccess(only(before), classified).map((d) => [d.name, d]));
  const out: ClassifiedAccessChange[] = [];
  for (const d of datasetAccess(only(after), classified)) {
    const was = new Map(old.get(d.name)?.access.map((a) => [a.principal, a]) ?? []);
    for (const a of d.access) {
      for (const access of ["read", "write"] as const) {
        const now = a[access];
        if (!now) continue;
        const then = was.get(a.principal)?.[access];
        const change = !then ? "new" : then === "Conditional" && now === "Allowed" ? "unconditional" : undefined;
        if (!change) continue;
        out.push({
          principal: a.principal,
          dataset: d.name,
          classification: d.classification as Classification,
          bucket: d.bucket,
          prefix: d.prefix,
          access,
          change,
          status: now,
        });
      }
    }
  }
  return out.sort(
    (x, y) =>
      cmp(x.principal, y.principal) || cmp(x.dataset, y.dataset) || cmp(x.access, y.access) || cmp(x.change, y.change),
  );
}

/** One line a reviewer reads: "new read access to confidential dataset support-tickets". */
export function describeClassifiedChange(c: ClassifiedAccessChange): string {
  const what = c.change === "new" ? `new ${c.access} access` : `${c.access} access now without conditions`;
  const how = c.change === "new" && c.status === "Conditional" ? " (under conditions)" : "";
  return `${what} to ${c.classification} dataset ${c.dataset}${how}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
