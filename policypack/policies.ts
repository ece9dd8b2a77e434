import {
  type PolicyResource,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import { allRules } from "../src/analysis/checks/rules/index.js";
import { checkDocument, checkModel } from "../src/analysis/checks/runner.js";
import type { Finding, Severity } from "../src/analysis/checks/types.js";
import { withSuggestion } from "../src/diagnostics/did-you-mean.js";
import { DIAGNOSTIC_CODES, diagnosticMessage } from "../src/diagnostics/index.js";
import {
  buildAccessModel,
  declaresIam,
  type IamResource,
  IamTypes,
  isCapturedType,
  isUnknownValue,
} from "../src/input/capture/iam-graph.js";
import type { ModelPolicyKind } from "../src/model/types.js";
import { normalizePolicy } from "../src/policy/normalize.js";
import { parsePolicy } from "../src/policy/parse.js";
import type { PolicyKind } from "../src/policy/types.js";

/**
 * The pack's validations, as plain functions of `@pulumi/policy`'s arguments.
 *
 * Per resource, every IAM policy document and trust policy is validated with ai-iam's checks:
 * `error` and `security` findings are reported by `iam-policy-documents` (mandatory by default),
 * warnings by `iam-policy-documents-advisory` (advisory). Per stack, the whole IAM graph is
 * rebuilt into an AccessModel with the same code capture uses, and checked: privilege escalation
 * across attachments, IAM users without the MFA guardrail, policies attached to users.
 *
 * Enforcement is configurable as for any pack (`pulumi policy enable ... --config`, or a policy
 * config file): each policy's `enforcementLevel`, plus `ignoreRules` (rule ids to skip) and, for the
 * advisory document policy, `includeSuggestions`.
 */

/** A document a resource carries, where it is, and how IAM stores it. */
export interface ResourceDocument {
  property: string;
  kind: PolicyKind;
  storage: ModelPolicyKind;
  value: unknown;
}

type Props = Record<string, unknown>;

/** The raw properties behind `@pulumi/policy`'s unknown-checking proxy (unknowns as the engine's sentinel). */
export function rawProps(props: Record<string, unknown>): Props {
  const target = (props as { __getSpecialProxyTarget?: unknown }).__getSpecialProxyTarget;
  return (typeof target === "object" && target !== null ? target : props) as Props;
}

/** Every IAM document a resource of `type` carries. */
export function documentsOf(type: string, props: Props): ResourceDocument[] {
  const one = (property: string, kind: PolicyKind, storage: ModelPolicyKind): ResourceDocument[] =>
    props[property] === undefined ? [] : [{ property, kind, storage, value: props[property] }];
  switch (type) {
    case IamTypes.policy:
      return one("policy", "identity", "managed");
    case IamTypes.userPolicy:
      return one("policy", "identity", "inline-user");
    case IamTypes.groupPolicy:
      return one("policy", "identity", "inline-group");
    case IamTypes.rolePolicy:
      return one("policy", "identity", "inline-role");
    case IamTypes.bucketPolicy:
      return one("policy", "resource", "resource");
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      // The bucket's own (deprecated) `policy` input is its bucket policy, as capture reads it; an
      // empty string is the provider's "none".
      return props.policy === "" ? [] : one("policy", "resource", "resource");
    case "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
      return one("inlinePolicy", "identity", "permission-set-inline");
    case IamTypes.role: {
      const out = one("assumeRolePolicy", "trust", "trust");
      const inline = props.inlinePolicies;
      // Not known yet (a preview): the list, or one of its entries, is a document not checked yet.
      if (isUnknownValue(inline))
        out.push({ property: "inlinePolicies", kind: "identity", storage: "inline-role", value: inline });
      if (Array.isArray(inline)) {
        inline.forEach((p, i) => {
          const policy = isUnknownValue(p) ? p : typeof p === "object" && p !== null ? (p as Props).policy : undefined;
          if (policy !== undefined && policy !== "") {
            out.push({
              property: isUnknownValue(p) ? `inlinePolicies[${i}]` : `inlinePolicies[${i}].policy`,
              kind: "identity",
              storage: "inline-role",
              value: policy,
            });
          }
        });
      }
      return out;
    }
    default:
      return [];
  }
}

const MANDATORY: readonly Severity[] = ["error", "security"];

/**
 * Where the first Pulumi unknown inside `value` is (property path segments), or undefined when the
 * value is wholly known. The engine sends a value it does not know yet as its sentinel, whole: a
 * string is unknown only when it IS the sentinel. A known string that merely contains the
 * sentinel's text (a Sid, a bucket name, a condition value) is known and is checked.
 */
export function unknownPath(value: unknown, path: Array<string | number> = []): Array<string | number> | undefined {
  if (isUnknownValue(value)) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = unknownPath(value[i], [...path, i]);
      if (at) return at;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const at = unknownPath(v, [...path, k]);
      if (at) return at;
    }
  }
  return undefined;
}

/**
 * Findings on one document (parse and grammar problems become `error` findings), or undefined
 * when any part of it is not known yet (a preview). A document written as JSON text is parsed as
 * `ai-iam check` parses a policy file (a leading byte-order mark, duplicate keys), so the pack's
 * verdict is check's. Cached: both document policies ask.
 */
const cache = new Map<string, Finding[]>();
export function documentFindings(name: string, doc: ResourceDocument): Finding[] | undefined {
  // Not known during preview (wholly, or a part such as a `Resource` from another resource's
  // output); the analyzer sees the resolved value at `pulumi up`.
  if (unknownPath(doc.value)) return undefined;
  const text = typeof doc.value === "string" ? doc.value : JSON.stringify(doc.value);
  const key = `${name}\u0000${doc.property}\u0000${doc.kind}\u0000${doc.storage}\u0000${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const normalized =
    typeof doc.value === "string"
      ? parsePolicy(doc.value, { kind: doc.kind })
      : normalizePolicy(doc.value, { kind: doc.kind });
  const findings: Finding[] = normalized.diagnostics.map((d) => ({
    rule: d.code,
    severity: d.severity === "error" ? "error" : "warning",
    message: diagnosticMessage(d),
  }));
  if (normalized.document) {
    findings.push(...checkDocument(normalized.document, { kind: doc.kind, storage: doc.storage, policyName: name }));
  }
  return remember(key, findings);
}

function remember(key: string, findings: Finding[]): Finding[] {
  if (cache.size > 2000) cache.clear();
  cache.set(key, findings);
  return findings;
}

export function formatFinding(f: Finding, where?: string): string {
  const at = f.statement === undefined ? "" : ` (statement ${f.statement})`;
  return `${where ? `${where}: ` : ""}[${f.rule}] ${f.message}${at}`;
}

interface DocumentConfig {
  ignoreRules?: string[];
  includeSuggestions?: boolean;
}

/** Rule ids `ignoreRules` may name: ai-iam's rules, and the grammar codes the document policies report. */
const KNOWN_RULE_IDS: readonly string[] = [
  ...allRules.map((r) => r.meta.id),
  ...Object.keys(DIAGNOSTIC_CODES).filter((c) => c.startsWith("policy-")),
].sort();
const KNOWN_RULES = new Set(KNOWN_RULE_IDS);

/**
 * The policy's config, validated: a wrong type or an `ignoreRules` id ai-iam does not have (a typo
 * would silently ignore nothing) throws, so the engine reports it and the preview fails, instead
 * of running with a config other than the one written.
 */
export function policyConfig(policy: string, raw: unknown): DocumentConfig {
  const config = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`ai-iam policy pack: the config of "${policy}": ${what} (docs/deploying.md, "the policy pack")`);
  };
  const { ignoreRules, includeSuggestions } = config;
  if (ignoreRules !== undefined) {
    if (!Array.isArray(ignoreRules) || ignoreRules.some((r) => typeof r !== "string")) {
      fail(`ignoreRules must be a list of rule ids, not ${JSON.stringify(ignoreRules)}`);
    }
    for (const rule of ignoreRules as string[]) {
      if (!KNOWN_RULES.has(rule))
        fail(withSuggestion(`ignoreRules names the unknown rule "${rule}".`, rule, KNOWN_RULE_IDS));
    }
  }
  if (includeSuggestions !== undefined && typeof includeSuggestions !== "boolean") {
    fail(`includeSuggestions must be true or false, not ${JSON.stringify(includeSuggestions)}`);
  }
  return config as DocumentConfig;
}

/**
 * The validation behind both document policies: report the findings whose severity is in
 * `severities`. A document not known yet (a preview) is not passed silently: the mandatory policy
 * ends with Pulumi's own "can't run ... during preview" advisory, naming the unknown value's path,
 * after reporting the resource's known documents.
 */
export function validateDocuments(policy: string, severities: readonly Severity[]) {
  return (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const props = rawProps(args.props);
    const docs = documentsOf(args.type, props);
    if (docs.length === 0) args.notApplicable("the resource carries no IAM policy document");
    const config = policyConfig(policy, args.getConfig<DocumentConfig>());
    const ignore = new Set(config.ignoreRules ?? []);
    const wanted = new Set<Severity>(severities);
    if (config.includeSuggestions) wanted.add("suggestion");
    let unknown: Array<string | number> | undefined;
    for (const doc of docs) {
      const findings = documentFindings(args.name, doc);
      if (!findings) {
        unknown ??= [...doc.property.split(/[.[\]]+/).filter((s) => s !== ""), ...(unknownPath(doc.value) ?? [])];
        continue;
      }
      for (const f of findings) {
        if (wanted.has(f.severity) && !ignore.has(f.rule)) reportViolation(formatFinding(f, doc.property));
      }
    }
    if (unknown && severities.includes("error")) throw new UnknownValueError(UNKNOWN_STRING, unknown.map(String));
  };
}

/** The engine's sentinel for a value not known yet (what `UnknownValueError` names as "string"). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The stack's IAM resources as capture sees them: raw props, and dependencies by logical name. */
export function stackIamResources(resources: readonly PolicyResource[]): IamResource[] {
  return resources
    .filter((r) => isCapturedType(r.type))
    .map((r) => ({
      type: r.type,
      name: r.name,
      props: rawProps(r.props),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.name)]),
      ),
    }));
}

/** The account the stack's IAM ARNs name (the model's principals live there). */
function accountOf(resources: readonly IamResource[]): string | undefined {
  for (const r of resources) {
    const arn = r.props.arn;
    const m = typeof arn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn) : null;
    if (m) return m[1];
  }
  return undefined;
}

let lastStack: { key: string; findings: Finding[]; urns: Map<string, string> } | undefined;

/** Findings on the stack's whole IAM graph (cached per stack: the stack policies share one run). */
export function stackFindings(resources: readonly PolicyResource[]): {
  findings: Finding[];
  urns: Map<string, string>;
} {
  const iam = stackIamResources(resources);
  const key = JSON.stringify(iam);
  if (lastStack?.key === key) return lastStack;
  const account = accountOf(iam);
  const { model } = buildAccessModel(iam, {
    ...(account ? { account } : {}),
    source: { kind: "program", path: "stack" },
  });
  const urns = new Map(resources.map((r) => [r.name, r.urn]));
  const findings = model.principals.length === 0 ? [] : checkModel(model);
  lastStack = { key, findings, urns };
  return lastStack;
}

/** A stack policy reporting the model findings `select` picks, each against its principal's resource. */
export function validateGraph(policy: string, select: (f: Finding) => boolean) {
  return (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    if (!args.resources.some((r) => declaresIam(r.type, rawProps(r.props))))
      args.notApplicable("the stack declares no IAM");
    const ignore = new Set(policyConfig(policy, args.getConfig<DocumentConfig>()).ignoreRules ?? []);
    const { findings, urns } = stackFindings(args.resources);
    for (const f of findings) {
      if (!select(f) || ignore.has(f.rule)) continue;
      const urn = f.principal ? urns.get(f.principal) : f.policy ? urns.get(f.policy) : undefined;
      reportViolation(formatFinding(f, f.principal), urn);
    }
  };
}

const ignoreRulesSchema = {
  ignoreRules: {
    type: "array" as const,
    items: { type: "string" as const, enum: [...KNOWN_RULE_IDS] },
    default: [],
  },
};

export const policyDocuments: ResourceValidationPolicy = {
  name: "iam-policy-documents",
  description: "IAM policy documents and trust policies have no error or security finding (ai-iam check).",
  enforcementLevel: "mandatory",
  configSchema: { properties: ignoreRulesSchema },
  validateResource: validateDocuments("iam-policy-documents", MANDATORY),
};

export const policyDocumentsAdvisory: ResourceValidationPolicy = {
  name: "iam-policy-documents-advisory",
  description: "IAM policy documents and trust policies have no warning (ai-iam check).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: { ...ignoreRulesSchema, includeSuggestions: { type: "boolean", default: false } },
  },
  validateResource: validateDocuments("iam-policy-documents-advisory", ["warning"]),
};

export const privilegeEscalation: StackValidationPolicy = {
  name: "iam-privilege-escalation",
  description: "No principal can escalate its privileges through the policies attached to it (whole IAM graph).",
  enforcementLevel: "mandatory",
  configSchema: { properties: ignoreRulesSchema },
  validateStack: validateGraph("iam-privilege-escalation", (f) => f.category === "privilege-escalation"),
};

export const mfaGuardrail: StackValidationPolicy = {
  name: "iam-mfa-guardrail",
  description: "Every IAM user is denied everything but MFA setup unless signed in with MFA.",
  enforcementLevel: "mandatory",
  configSchema: { properties: ignoreRulesSchema },
  validateStack: validateGraph("iam-mfa-guardrail", (f) => f.rule === "no-mfa-guardrail"),
};

export const policiesOnUsers: StackValidationPolicy = {
  name: "iam-policies-on-users",
  description: "Policies are granted through groups or roles, never attached to IAM users directly.",
  enforcementLevel: "advisory",
  configSchema: { properties: ignoreRulesSchema },
  validateStack: validateGraph("iam-policies-on-users", (f) => f.rule === "user-attached-policies"),
};

export const aiIamPolicies = [
  policyDocuments,
  policyDocumentsAdvisory,
  privilegeEscalation,
  mfaGuardrail,
  policiesOnUsers,
];
