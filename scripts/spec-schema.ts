/**
 * Writes what the spec schema (src/input/team-spec/schema.ts) generates: the JSON Schema editors
 * read (`schema/spec.schema.json`) and the spec reference (`docs/spec.md`). `npm run schema`
 * rewrites both; test/input/team-spec/schema.test.ts fails when either is not what the schema says.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { specJsonSchema } from "../src/input/team-spec/schema.js";

export const SCHEMA_FILE = "schema/spec.schema.json";
export const REFERENCE_FILE = "docs/spec.md";

type Json = Record<string, unknown>;

export function schemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}

/** A short type for the reference table: `string`, `list of string`, `read | write`, `object` … */
function typeOf(s: Json): string {
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as Json[]).map(typeOf);
    // `x` or a list of `x`: the loader's shorthand.
    if (parts.length === 2 && parts[1] === `list of ${parts[0]}`) return `${parts[0]} or list`;
    return [...new Set(parts)].join(" or ");
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => `\`${String(v)}\``).join(" | ");
  if (s.type === "array") return `list of ${typeOf((s.items ?? {}) as Json)}`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
    return `map of ${typeOf(s.additionalProperties as Json)}`;
  }
  if (s.type === "string" && s.pattern) return "string (pattern)";
  return String(s.type ?? "any");
}

/** The object schemas a field's value contains (itself, a list's items, a map's values, a union's members). */
function objectsIn(s: Json): Json[] {
  if (s.type === "object" && s.properties) return [s];
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).flatMap(objectsIn);
  if (s.type === "array" && s.items) return objectsIn(s.items as Json);
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
    return objectsIn(s.additionalProperties as Json);
  }
  return [];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** `docs/spec.md`: one table per mapping of the format, in the order a reader meets them. */
export function referenceText(): string {
  const root = specJsonSchema() as Json;
  const out: string[] = [
    "# Spec reference",
    "",
    "<!-- Generated from src/input/team-spec/schema.ts by `npm run schema`; do not edit by hand. -->",
    "",
    String(root.description ?? ""),
    "Every field of every file is listed below. Editors complete and check spec files with the JSON Schema",
    "`schema/spec.schema.json` (shipped in the package): start a spec file with",
    "",
    "```yaml",
    "# yaml-language-server: $schema=../node_modules/ai-iam/schema/spec.schema.json",
    "```",
    "",
    "The loader checks more than the schema can: references between files (datasets, personas,",
    "activities, principals), required fields once files are merged, and the compiler's rules (names,",
    'trust, classification; README, "Naming", "Trust" and "Classification").',
    "",
  ];
  const seen = new Set<Json>();
  const section = (title: string, s: Json) => {
    if (seen.has(s)) return;
    seen.add(s);
    const props = (s.properties ?? {}) as Record<string, Json>;
    const required = new Set((s.required ?? []) as string[]);
    out.push(`## ${title}`, "");
    if (s.description && title !== "Top level") out.push(String(s.description), "");
    out.push("| field | type | required | description |", "|---|---|---|---|");
    for (const [name, p] of Object.entries(props)) {
      const first = Array.isArray(p.anyOf) ? (p.anyOf as Json[])[0] : p;
      const pattern = first.pattern ? ` Pattern: \`${String(first.pattern)}\`.` : "";
      out.push(
        `| \`${name}\` | ${cell(typeOf(p))} | ${required.has(name) ? "yes" : ""} | ${cell(`${String(p.description ?? "")}${pattern}`)} |`,
      );
    }
    out.push("");
    for (const [name, p] of Object.entries(props)) {
      for (const o of objectsIn(p)) section(`${title === "Top level" ? "" : `${title} › `}${name}`, o);
    }
  };
  section("Top level", root);
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  for (const [file, text] of [
    [SCHEMA_FILE, schemaText()],
    [REFERENCE_FILE, referenceText()],
  ] as const) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
    process.stdout.write(`${file} written\n`);
  }
}
