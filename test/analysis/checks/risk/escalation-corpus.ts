import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkDocument, checkModel } from "../../../../src/analysis/checks/runner.js";
import type { Finding } from "../../../../src/analysis/checks/types.js";
import type { AccessModel, ModelPolicy, ModelPolicyKind, ModelPrincipal } from "../../../../src/model/types.js";
import { normalizePolicy } from "../../../../src/policy/normalize.js";
import type { PolicyDocument, PolicyKind } from "../../../../src/policy/types.js";

/**
 * The escalation corpus (`test/fixtures/escalation/`): one small policy per case, and a manifest
 * that says what each case must produce. Written for this project from the published method
 * catalogs (see `manifest.json`'s description and `docs/corpus.md`).
 */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../fixtures/escalation");

export interface CorpusPrincipal {
  kind: "user" | "role";
  name: string;
  groups?: string[];
  tags?: Record<string, string>;
}

/** Who outside the account a resource or trust policy lets in, as a finding must name it. */
export interface ExpectedExternal {
  /** `*` (everyone), `account:<id>`, `federated:<provider>` or `service:<principal>`. */
  principal: string;
  actions: string[];
  /** The condition keys that limit it (shown with the finding); empty when nothing limits it. */
  conditions: string[];
}

export interface CorpusCase {
  id: string;
  /** The method the case was written for (absent for aggregate and external cases). */
  method?: string;
  kind: "positive" | "negative";
  /** `star`, `scoped`, `conditional:<name>`, `deny-*`, `boundary`, `scp`, `condition:<name>`, `aggregate`, `external:<kind>`. */
  variant: string;
  /** Identity policies of the principal (files relative to the corpus folder). */
  policies: string[];
  boundary?: string;
  scps?: string[];
  /** The holder; absent: a lone policy, as `ai-iam check file.json` sees it. */
  principal?: CorpusPrincipal;
  /** Exactly the method ids the principal can use. */
  expect: string[];
  /** For conditional positives: the condition keys the finding must name. */
  conditions?: string[];
  /** For negatives: what removes the path. */
  removedBy?: string;
  note?: string;
  /** External-access cases: the resource or trust policy, its kind and the resource it is attached to. */
  resourcePolicy?: string;
  policyKind?: "resource" | "trust";
  resource?: string;
  expectExternal?: ExpectedExternal[];
}

export interface CorpusManifest {
  description: string;
  /** The holder's account. */
  account: string;
  cases: CorpusCase[];
}

export function loadManifest(): CorpusManifest {
  return JSON.parse(readFileSync(join(CORPUS_DIR, "manifest.json"), "utf8")) as CorpusManifest;
}

/** A corpus file, normalized as the parser would (`Action` strings to arrays, ...). */
export function corpusDocument(file: string, kind: PolicyKind = "identity"): PolicyDocument {
  const raw = JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")) as unknown;
  const r = normalizePolicy(raw, { kind });
  if (!r.document) throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.document;
}

function size(doc: PolicyDocument): number {
  return JSON.stringify(doc).replace(/\s/g, "").length;
}

function policy(id: string, kind: ModelPolicyKind, policyType: PolicyKind, file: string): ModelPolicy {
  const document = corpusDocument(file, policyType);
  return { id, name: id, kind, policyType, document, size: size(document) };
}

/** The AccessModel of a case with a principal: its policies, boundary, groups and SCPs. */
export function caseModel(c: CorpusCase, account: string): AccessModel {
  const p = c.principal ?? { kind: "user", name: "alice" };
  const policies: ModelPolicy[] = c.policies.map((f, i) => policy(`p${i + 1}`, "managed", "identity", f));
  const principal: ModelPrincipal = {
    id: p.name,
    kind: p.kind,
    name: p.name,
    arn: `arn:aws:iam::${account}:${p.kind}/${p.name}`,
    tags: p.tags ?? {},
    groups: (p.groups ?? []).map((g) => `group/${g}`),
    managedPolicies: policies.map((x) => x.id),
    inlinePolicies: [],
  };
  if (c.boundary) {
    policies.push(policy("boundary", "boundary", "boundary", c.boundary));
    principal.boundary = "boundary";
  }
  const scps = (c.scps ?? []).map((f, i) => policy(`scp${i + 1}`, "scp", "scp", f));
  policies.push(...scps);
  const model: AccessModel = {
    source: { kind: "policies", path: c.id },
    account,
    partition: "aws",
    principals: [principal],
    groups: (p.groups ?? []).map((g) => ({
      id: `group/${g}`,
      name: g,
      arn: `arn:aws:iam::${account}:group/${g}`,
      managedPolicies: [],
      inlinePolicies: [],
    })),
    policies: policies.sort((a, b) => (a.id < b.id ? -1 : 1)),
    resourcePolicies: [],
  };
  if (scps.length > 0) model.scps = [scps.map((s) => s.id)];
  return model;
}

/** The findings `ai-iam check` gives a case: a lone file, or the model of its principal. */
export function runCase(c: CorpusCase, account: string): Finding[] {
  if (c.resourcePolicy) {
    return checkDocument(corpusDocument(c.resourcePolicy, c.policyKind), {
      kind: c.policyKind ?? "resource",
      policyName: c.id,
      account,
    });
  }
  if (!c.principal && c.policies.length === 1)
    return checkDocument(corpusDocument(c.policies[0]), { kind: "identity", policyName: c.id });
  return checkModel(caseModel(c, account));
}

/** The escalation rules, and the lints that flag PassRole without naming a path. */
export const ESCALATION_RULES: ReadonlySet<string> = new Set(["privilege-escalation", "ai-privilege-escalation"]);
export const LINT_RULES: ReadonlySet<string> = new Set(["pass-role-unconstrained", "pass-role-to-more-privileged"]);

/** The method ids the escalation findings list. */
export function reportedMethods(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => ESCALATION_RULES.has(f.rule))
    .flatMap((f) => (f.data?.methods as string[] | undefined) ?? [])
    .sort();
}
