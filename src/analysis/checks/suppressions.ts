import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type * as Yaml from "yaml";
import type { Diagnostic } from "../../diagnostics/index.js";
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
  // Loaded only when there is an ignore file: the YAML parser is ~70 modules, and checking a policy
  // file without one should not pay for them.
  const { isMap, isSeq, LineCounter, parseDocument, visit } = createRequire(import.meta.url)("yaml") as typeof Yaml;
  const diagnostics: Diagnostic[] = [];
  const suppressions: Suppression[] = [];
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    diagnostics.push({
      code: "suppressions-unreadable",
      severity: "error",
      message: `cannot read ${path}: ${(err as Error).message}`,
      file: path,
    });
    return { suppressions, diagnostics };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const e of doc.errors) {
    diagnostics.push({
      code: "suppressions-yaml-syntax",
      severity: "error",
      message: `invalid YAML: ${e.message.split("\n")[0]}`,
      file: path,
      ...at(e.pos[0]),
    });
  }
  // The yaml package does not report an alias to an anchor not defined before it: it would read as
  // nothing (a misleading "needs `rule`"), so it is an error of its own.
  if (diagnostics.length === 0) {
    visit(doc, {
      Alias: (_key, alias) => {
        if (alias.resolve(doc)) return;
        diagnostics.push({
          code: "suppressions-yaml-syntax",
          severity: "error",
          message: `invalid YAML: alias *${alias.source} names no anchor &${alias.source} defined before it`,
          file: path,
          ...at(alias.range?.[0]),
        });
      },
    });
  }
  if (diagnostics.length > 0) return { suppressions, diagnostics };
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
  for (const item of root.items) {
    const where = at((item as unknown as { range?: [number] } | null)?.range?.[0]);
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
    const v = item.toJSON() as Record<string, unknown>;
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
