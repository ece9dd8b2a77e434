import type { Catalog } from "../catalog/catalog.js";
import type { ExplainedName } from "../catalog/explain.js";
import type { ActionInfo, CatalogInfo, ConditionKeyInfo } from "../catalog/types.js";
import { type Paint, plain } from "./paint.js";

/** Every condition key the results mention, resolved to its type. */
function referencedKeys(
  catalog: Catalog,
  results: readonly ExplainedName[],
): Map<string, ConditionKeyInfo | undefined> {
  const keys = new Map<string, ConditionKeyInfo | undefined>();
  for (const r of results) {
    if (r.kind !== "actions") continue;
    for (const a of r.actions) {
      for (const k of a.conditionKeys) if (!keys.has(k)) keys.set(k, catalog.conditionKey(k, a.service));
    }
  }
  return keys;
}

/** `explain --format json`: the catalog data version, each name's results, the condition keys they mention. */
export function renderExplainJson(
  catalog: Catalog,
  results: readonly ExplainedName[],
  arn: string | undefined,
): string {
  const keys = referencedKeys(catalog, results);
  const conditionKeys: Record<string, ConditionKeyInfo> = {};
  for (const k of [...keys.keys()].sort()) {
    const info = keys.get(k);
    if (info) conditionKeys[k] = info;
  }
  const data: CatalogInfo = catalog.info();
  const body = {
    data,
    results: results.map((r) =>
      r.kind === "actions"
        ? {
            input: r.input,
            kind: r.kind,
            actions: r.actions.map((a) =>
              arn === undefined
                ? a
                : { ...a, matchingResourceTypes: catalog.resourceTypesForArn(a, arn).map((t) => t.name) },
            ),
          }
        : r,
    ),
    conditionKeys,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function levels(a: ActionInfo): string {
  const l: string[] = [];
  if (a.accessLevels.list) l.push("List");
  if (a.accessLevels.read) l.push("Read");
  if (a.accessLevels.write) l.push("Write");
  if (a.accessLevels.tagging) l.push("Tagging");
  if (a.accessLevels.permissionsManagement) l.push("Permissions management");
  return l.join(", ");
}

/** `explain`: per action its access levels, resource types and ARN formats, condition keys; per condition key its type. */
export function renderExplainText(
  catalog: Catalog,
  results: readonly ExplainedName[],
  arn: string | undefined,
  c: Paint = plain,
): string {
  const keys = referencedKeys(catalog, results);
  const lines: string[] = [];
  for (const r of results) {
    if (r.kind === "condition-key") {
      const k = r.conditionKey;
      lines.push(`${c.bold(k.key)}  condition key`);
      lines.push(`  type: ${k.type}${k.multiValued ? " (multivalued: use ForAllValues/ForAnyValue)" : ""}`);
      lines.push(`  global: ${k.global ? "yes" : "no"}`);
      if (k.description) lines.push(`  ${k.description}`);
      lines.push("");
      continue;
    }
    if (r.actions.length > 1 || r.input !== r.actions[0].key) {
      const counts = new Map<string, number>();
      for (const a of r.actions) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
      const summary = [...counts].map(([l, n]) => `${l} ${n}`).join(", ");
      lines.push(c.dim(`${r.input} → ${r.actions.length} action${r.actions.length === 1 ? "" : "s"} (${summary})`), "");
    }
    for (const a of r.actions) {
      const svc = catalog.service(a.service);
      lines.push(`${c.bold(a.key)}  ${c.dim(svc?.name ?? a.service)}`);
      if (a.description) lines.push(`  ${a.description}`);
      lines.push(`  access level: ${levels(a)}`);
      if (a.wildcardOnly) {
        lines.push('  resource types: none — wildcard-only: grant it on "Resource": "*"');
      } else {
        lines.push("  resource types (* = required):");
        const width = Math.max(...a.resourceTypes.map((t) => t.name.length)) + 2;
        for (const t of a.resourceTypes) {
          const name = `${t.required ? "*" : " "} ${t.name}`.padEnd(width + 2);
          lines.push(`    ${name} ${t.arnFormats.join(" | ")}`);
        }
      }
      if (arn !== undefined) {
        const m = catalog.resourceTypesForArn(a, arn).map((t) => t.name);
        lines.push(
          `  ${arn} matches: ${m.length > 0 ? m.join(", ") : a.wildcardOnly ? "(wildcard-only action)" : "none"}`,
        );
      }
      if (a.conditionKeys.length > 0) {
        lines.push("  condition keys:");
        const width = Math.max(...a.conditionKeys.map((k) => k.length)) + 2;
        for (const k of a.conditionKeys) {
          const info = keys.get(k);
          lines.push(`    ${k.padEnd(width)} ${info ? info.type : "?"}${info?.multiValued ? " (multivalued)" : ""}`);
        }
      } else lines.push("  condition keys: none (global keys such as aws:SourceIp still apply)");
      if (a.dependentActions) lines.push(`  dependent actions: ${a.dependentActions.join(", ")}`);
      lines.push("");
    }
  }
  const info = catalog.info();
  lines.push(c.dim(`AWS service authorization data: ${info.package} ${info.version} (updated ${info.updatedAt})`));
  return `${lines.join("\n")}\n`;
}
