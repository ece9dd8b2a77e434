import { basename, extname, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { parsePolicy } from "../../policy/parse.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "../../policy/types.js";
import { inputBudget, inputLimits, listInputFiles, readInputFile } from "../files/read-bounded.js";
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

/**
 * Policy files (`*.json`) under a folder, recursively (dot folders and node_modules skipped, folders
 * reached through a symlink not walked), sorted. A `.json` name that is no regular file (a FIFO, a
 * device, a symlink loop or to nothing) is a located error, not an exception.
 */
export function policyFilesIn(dir: string): { files: string[]; diagnostics: Diagnostic[] } {
  return listInputFiles(dir, { accept: (name) => extname(name) === ".json", recursive: true });
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
  const limits = inputLimits();
  const diagnostics: Diagnostic[] = [...limits.diagnostics];
  // One budget for all the files of one input (bounded reading: src/input/files/read-bounded.ts).
  const budget = inputBudget(limits.limits);
  for (const file of files) {
    if (seen.has(resolve(file))) continue;
    seen.add(resolve(file));
    const read = readInputFile(file, budget);
    if (!("text" in read)) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const text = read.text;
    const kind = opts.kind ?? inferPolicyKindOfText(text);
    const parsed = parsePolicy(text, { file, kind });
    for (const item of parsed.diagnostics) diagnostics.push(item);
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
