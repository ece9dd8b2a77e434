import type { Diagnostic, SourceLocation } from "../diagnostics/index.js";
import { logicalName, plannedResources } from "../model/resources.js";
import type { AccessModel } from "../model/types.js";
import { type NameKind, NameLimits } from "./names.js";

/**
 * The last check before a model leaves the compiler: every id, every Pulumi logical name (per
 * resource type) and every AWS name (per account and kind) is unique, and every AWS name fits its
 * kind's limit. Two entities with one id would make `who-can` read the wrong policy and `plan
 * --out` write one file for two; two resources with one logical name or AWS name would fail a
 * deploy halfway. The naming scheme (names.ts) makes these impossible for valid specs; this check
 * makes them impossible, full stop — a collision is a located error, never a half-deployed stack.
 */
export function checkUniqueness(model: AccessModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entities = [...model.principals, ...model.groups, ...model.policies];
  const where = new Map<string, SourceLocation | undefined>(entities.map((e) => [logicalName(e.id), e.location]));

  const seen = (what: string, items: Array<{ key: string; label: string; at?: SourceLocation }>): void => {
    const first = new Map<string, string>();
    for (const item of items) {
      const prev = first.get(item.key);
      if (prev === undefined) {
        first.set(item.key, item.label);
        continue;
      }
      out.push({
        code: "compile-name-collision",
        severity: "error",
        message: `${what} collides: ${prev} and ${item.label}.`,
        ...(item.at ?? {}),
        hint: "Rename the team, persona or member so that the two differ.",
      });
    }
  };

  // Ids: one namespace for every principal, group and policy (and the Identity Store groups).
  seen("A model id", [
    ...entities.map((e) => ({ key: e.id, label: `"${e.id}"`, at: e.location })),
    ...model.principals
      .filter((p) => p.assignedGroup)
      .map((p) => ({ key: p.assignedGroup!, label: `"${p.assignedGroup}" (the group of ${p.id})`, at: p.location })),
  ]);

  // AWS names, per account and kind (user, group and role names are unique whatever the path;
  // customer managed policy names too; permission set names per Identity Center instance).
  const named: Array<{ kind: NameKind; name: string; id: string; at?: SourceLocation }> = [];
  for (const p of model.principals) {
    const kind: NameKind = p.kind === "permission-set" ? "permissionSet" : p.kind;
    named.push({ kind, name: p.name, id: p.id, ...(p.location ? { at: p.location } : {}) });
    if (p.path !== undefined && p.path.length > NameLimits.path) {
      out.push(tooLong("path", p.path, p.id, p.location));
    }
  }
  for (const g of model.groups)
    named.push({ kind: "group", name: g.name, id: g.id, ...(g.location ? { at: g.location } : {}) });
  for (const p of model.policies) {
    if (p.kind === "managed" || p.kind === "boundary") {
      named.push({ kind: "policy", name: p.name, id: p.id, ...(p.location ? { at: p.location } : {}) });
    }
  }
  for (const n of named) if (n.name.length > NameLimits[n.kind]) out.push(tooLong(n.kind, n.name, n.id, n.at));
  seen(
    "An AWS name",
    named.map((n) => ({
      // IAM names are unique case-insensitively (IAM User Guide, "IAM identifiers").
      key: `${n.kind}|${n.name.toLowerCase()}`,
      label: `the ${kindLabel(n.kind)} "${n.name}" of ${n.id}`,
      at: n.at,
    })),
  );

  // Pulumi logical names, per resource type (a URN is type plus name).
  seen(
    "A Pulumi logical name",
    plannedResources(model).map((r) => ({
      key: `${r.type}|${r.name}`,
      label: `${r.type} "${r.name}"`,
      at: where.get(r.name),
    })),
  );
  return out;
}

function kindLabel(kind: NameKind): string {
  return kind === "permissionSet" ? "permission set" : kind;
}

function tooLong(kind: NameKind, name: string, id: string, at: SourceLocation | undefined): Diagnostic {
  return {
    code: "compile-name-too-long",
    severity: "error",
    message: `The ${kindLabel(kind)} name "${name}" of ${id} is ${name.length} characters; AWS allows at most ${NameLimits[kind]}.`,
    ...(at ?? {}),
    hint: "Shorten the organization, team, persona or member name.",
  };
}
