import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type * as Yaml from "yaml";
import type { Diagnostic } from "../../diagnostics/index.js";
import { readInputFile } from "../../input/files/read-bounded.js";
import { parseBoundedYaml } from "../../input/files/yaml-limits.js";
import type { Finding, Suppression } from "./types.js";

/**
 * Suppressions, cdk-nag style: each one names a rule and must give a reason. A suppression without
 * a reason suppresses nothing and is itself an error finding (rule `invalid-suppression`).
 */

export const IGNORE_FILE = ".ai-iam-ignore.yaml";

function samePath(a: string, b: string): boolean {
  return a === b || resolve(a) === resolve(b);
}

export function suppressionMatches(s: Suppression, f: Finding): boolean {
  if (!s.reason || s.reason.trim() === "") return false;
  // One rule, by id: there is no "*" (a suppression that hides everything would hide security findings too).
  if (s.rule !== f.rule) return false;
  if (s.principal !== undefined && s.principal !== f.principal) return false;
  if (s.policy !== undefined && s.policy !== f.policy) return false;
  if (s.statement !== undefined && s.statement !== f.statement) return false;
  if (s.file !== undefined) {
    if (f.file === undefined) return false;
    // `dir/` (an ignore file's entry without `file`) covers the policy files beside it.
    const ok = s.file.endsWith("/") ? samePath(dirname(f.file), s.file.slice(0, -1)) : samePath(s.file, f.file);
    if (!ok) return false;
  }
  return true;
}

/** Mark every finding a suppression with a reason matches (the first such suppression wins). */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Finding[] {
  if (suppressions.length === 0) return [...findings];
  return findings.map((f) => {
    if (f.rule === "invalid-suppression") return f;
    const s = suppressions.find((x) => suppressionMatches(x, f));
    return s ? { ...f, suppressed: { reason: s.reason!.trim() } } : f;
  });
}

/**
 * Read a `.ai-iam-ignore.yaml`: a list of `{ rule, statement?, file?, policy?, principal?, reason }`.
 * `file` (relative to the ignore file) limits an entry to one policy file; without it, the entry
 * applies to every policy file in the folder. Malformed YAML or entries are diagnostics.
 */
export function loadIgnoreFile(path: string): { suppressions: Suppression[]; diagnostics: Diagnostic[] } {
  const { isAlias, isMap, isScalar, isSeq } = createRequire(import.meta.url)("yaml") as typeof Yaml;
  const diagnostics: Diagnostic[] = [];
  const suppressions: Suppression[] = [];
  // Bounded like every input: a regular file within the size limits, then parsed within the YAML
  // limits (nesting, aliases, duplicate keys: src/input/files/yaml-limits.ts), each problem located.
  const read = readInputFile(path);
  if (!("text" in read)) {
    diagnostics.push({ ...read.diagnostic, code: "suppressions-unreadable", file: path });
    return { suppressions, diagnostics };
  }
  const parsed = parseBoundedYaml(read.text);
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const p = parsed.lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const e of parsed.problems) {
    if (e.severity !== "error") continue;
    diagnostics.push({
      code: "suppressions-yaml-syntax",
      severity: "error",
      message: `invalid YAML: ${e.message}`,
      file: path,
      line: e.line,
      column: e.column,
    });
  }
  const doc = parsed.doc;
  if (diagnostics.length > 0 || !doc) return { suppressions, diagnostics };
  const root = doc.contents;
  if (root === null || root === undefined) return { suppressions, diagnostics };
  if (!isSeq(root)) {
    diagnostics.push({
      code: "suppressions-invalid",
      severity: "error",
      message: `${IGNORE_FILE} must be a list of { rule, reason, statement? } entries`,
      file: path,
      ...at(root.range?.[0]),
    });
    return { suppressions, diagnostics };
  }
  const dir = dirname(path);
  // An alias reads as the node it names (resolved once for all: parseBoundedYaml).
  const resolve = (n: unknown) => (isAlias(n) ? parsed.targets.get(n) : n);
  for (const written of root.items) {
    const where = at((written as unknown as { range?: [number] } | null)?.range?.[0]);
    const item = resolve(written);
    if (!isMap(item)) {
      diagnostics.push({
        code: "suppressions-invalid",
        severity: "error",
        message: "each suppression must be a mapping with `rule` and `reason`",
        file: path,
        ...where,
      });
      continue;
    }
    // Scalars as their values; a list or mapping as a value that is not text.
    const v: Record<string, unknown> = Object.create(null);
    for (const pair of item.items) {
      const key = resolve(pair.key);
      const value = resolve(pair.value);
      v[isScalar(key) ? String(key.value) : String(key)] = isScalar(value) ? value.value : value ? {} : null;
    }
    const bad = (message: string) =>
      diagnostics.push({ code: "suppressions-invalid", severity: "error", message, file: path, ...where });
    for (const k of Object.keys(v)) {
      if (!["rule", "reason", "statement", "file", "policy", "principal"].includes(k)) {
        bad(`unknown suppression field \`${k}\` (expected rule, reason, statement, file, policy, principal)`);
      }
    }
    if (typeof v.rule !== "string" || v.rule === "") {
      bad("a suppression needs `rule`: the id of the rule it silences");
      continue;
    }
    if (v.statement !== undefined && !(Number.isInteger(v.statement) && (v.statement as number) >= 0)) {
      bad("`statement` must be a statement index (0, 1, ...)");
      continue;
    }
    if (v.reason !== undefined && typeof v.reason !== "string") {
      bad("`reason` must be text");
      continue;
    }
    const s: Suppression = { rule: v.rule, source: { file: path, ...where } };
    if (typeof v.reason === "string") s.reason = v.reason;
    if (typeof v.statement === "number") s.statement = v.statement;
    if (typeof v.policy === "string") s.policy = v.policy;
    if (typeof v.principal === "string") s.principal = v.principal;
    s.file = typeof v.file === "string" ? join(dir, v.file) : `${dir}/`;
    suppressions.push(s);
  }
  return { suppressions, diagnostics };
}
