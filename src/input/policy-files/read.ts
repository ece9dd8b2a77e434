import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { parsePolicy } from "../../policy/parse.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "../../policy/types.js";
import { inferPolicyKindOfText } from "./kind.js";

/** One policy file, parsed: what the checks take as a document input. */
export interface PolicyFile {
  document: PolicyDocument;
  sourceMap: SourceMap;
  kind: PolicyKind;
  file: string;
  /** The file's name without `.json`. */
  policyName: string;
}

/** Policy files (`*.json`) under a folder, recursively (dot folders and node_modules skipped), sorted. */
export function policyFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...policyFilesIn(p));
    else if (extname(name) === ".json") out.push(p);
  }
  return out;
}

/**
 * Reads and parses policy files, each once however often it is named, as `kind` or as the kind its
 * shape says (`inferPolicyKind`). Never throws: an unreadable file or a parse error is a located
 * diagnostic, and a file with an error yields no document.
 */
export function readPolicyFiles(
  files: readonly string[],
  opts: { kind?: PolicyKind } = {},
): { files: PolicyFile[]; diagnostics: Diagnostic[] } {
  const seen = new Set<string>();
  const out: PolicyFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    if (seen.has(resolve(file))) continue;
    seen.add(resolve(file));
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      const message = `cannot read ${file}: ${(err as Error).message}`;
      diagnostics.push({ code: "cli-unreadable", severity: "error", message, file });
      continue;
    }
    const kind = opts.kind ?? inferPolicyKindOfText(text);
    const parsed = parsePolicy(text, { file, kind });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.document) {
      out.push({
        document: parsed.document,
        sourceMap: parsed.sourceMap,
        kind,
        file,
        policyName: basename(file, ".json"),
      });
    }
  }
  return { files: out, diagnostics };
}
