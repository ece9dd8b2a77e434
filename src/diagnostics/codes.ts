/**
 * The registry of diagnostic codes: every code a diagnostic may carry, with its severity, a
 * one-line description and its section of docs/diagnostics.md. `DiagnosticCode` is the union of
 * these keys, so a diagnostic with an unregistered code does not compile.
 * `npx tsx scripts/diagnostics-docs.ts` renders this table into docs/diagnostics.md, and
 * test/diagnostics/registry.test.ts fails when the page is stale, when src/ uses a code that is
 * not here, or when a code here is used nowhere.
 */
export type DiagnosticSeverity = "error" | "warning" | "info";

export interface DiagnosticCodeInfo {
  /** The severity the code is reported with. */
  readonly severity: DiagnosticSeverity;
  /** Another severity it is reported with in some cases, and when. */
  readonly otherwise?: { readonly severity: DiagnosticSeverity; readonly when: string };
  /** What the problem is, in one line. */
  readonly description: string;
}

/** Keyed by code, in code order. */
export const DIAGNOSTIC_CODES = {
  "account-conflict": {
    severity: "error",
    description:
      "The export describes one user, group, role or policy twice, differently, or two policies of one name: which is in force is not known.",
  },
  "account-duplicate": {
    severity: "warning",
    description: "The export describes the same user, group, role or policy twice; the later copy is ignored.",
  },
  "account-gzip": {
    severity: "error",
    description: "A gzip file of the export or trail cannot be decompressed (truncated or not gzip).",
  },
  "account-invalid-arn": {
    severity: "error",
    description: "A field of the export that must hold an ARN holds something else.",
  },
  "account-invalid-field": {
    severity: "error",
    description: "A field of the export has the wrong JSON type or an impossible value.",
  },
  "account-json-syntax": {
    severity: "error",
    description: "A file of the export, trail or Organizations input is not valid JSON.",
  },
  "account-missing-field": {
    severity: "error",
    description: "A field the export format requires (a name, an ARN, a document) is missing.",
  },
  "account-mixed-accounts": {
    severity: "warning",
    description: "The export files describe more than one AWS account; the analysis treats them as one.",
  },
  "account-more-problems": {
    severity: "error",
    description: "More malformed CloudTrail records than are listed one by one; the count of the rest.",
  },
  "account-no-input": { severity: "error", description: "No authorization-details file was given." },
  "account-not-a-trail-record": {
    severity: "error",
    description: "A CloudTrail file holds something that is not a CloudTrail record (or a Records list of them).",
  },
  "account-not-authorization-details": {
    severity: "error",
    description: "A file is not the output of `aws iam get-account-authorization-details`.",
  },
  "account-not-organizations-policy": {
    severity: "error",
    description: "An --scps/--rcps file is neither a policy document nor an Organizations DescribePolicy answer.",
  },
  "account-organizations-type": {
    severity: "error",
    description: "An Organizations policy is of the wrong type (an RCP given as an SCP, or the reverse).",
  },
  "account-policy-encoding": {
    severity: "error",
    description: "A policy document of the export is neither JSON nor URL-encoded JSON.",
  },
  "account-policy-json": {
    severity: "error",
    description: "A policy document of the export is not valid JSON once decoded.",
  },
  "account-policy-version": {
    severity: "error",
    description: "A managed policy of the export has no default version, or several.",
  },
  "account-read": { severity: "error", description: "A file or folder of the account input cannot be read." },
  "account-scp-level-without-allow": {
    severity: "warning",
    description: "A level of SCPs or RCPs has no Allow statement, so it denies every request.",
  },
  "account-truncated": {
    severity: "error",
    description: "The export is truncated (IsTruncated or a cut-off file): what is missing is not analysed.",
  },
  "account-unknown-account": {
    severity: "error",
    description: "The export does not say which account it describes and no --account was given.",
  },
  "account-unknown-group": {
    severity: "warning",
    description:
      "A user is in a group the export does not describe; decisions the group's policies could change are Unknown.",
  },
  "account-unknown-policy": {
    severity: "warning",
    description:
      "A principal has a policy or boundary whose document the export does not hold; decisions it could change are Unknown.",
  },
  "capture-component-invisible": {
    severity: "warning",
    description: "A Pulumi component's IAM is created inside a provider the mocks cannot see.",
  },
  "capture-exclusive-removes": {
    severity: "warning",
    description: "An exclusive attachment resource removes policies that the program does not declare.",
  },
  "capture-external-policy": {
    severity: "warning",
    description:
      "The program attaches a policy it does not define (and that is not an AWS managed policy known offline).",
  },
  "capture-invoke-not-modeled": {
    severity: "info",
    description: "The program calls a provider function (invoke) whose result the mocks only approximate.",
  },
  "capture-policy-json": {
    severity: "error",
    description: "A policy property of a captured resource is not valid JSON.",
  },
  "capture-secret-config": {
    severity: "warning",
    description: "A policy depends on an encrypted (secure) config value, unknown offline.",
  },
  "capture-timeout": {
    severity: "warning",
    description: "The program did not finish under mocks within the time limit.",
  },
  "capture-unknown-value": {
    severity: "warning",
    description:
      "A policy depends on a value the mocks cannot know (an output of a read resource, a secret, an invoke).",
  },
  "catalog-invalid-action-pattern": {
    severity: "error",
    description: "An action pattern is not `service:Action` (with `*` and `?`).",
  },
  "catalog-no-match": {
    severity: "warning",
    description: "An action pattern matches no action of its service in the AWS service authorization data.",
  },
  "catalog-unknown-service": {
    severity: "error",
    description: "An action names a service prefix the AWS service authorization data does not know.",
  },
  "cli-conflicting-options": {
    severity: "error",
    description: "Two options that exclude each other were given together.",
  },
  "cli-git": {
    severity: "error",
    description:
      "`--base <rev>` cannot read the old version from git (not a repository, unknown revision, no such file).",
  },
  "cli-invalid-config": { severity: "error", description: "A `--config` value is not `key=value`." },
  "cli-invalid-context": { severity: "error", description: "A `--context` value is not `key=value`." },
  "cli-invalid-format": { severity: "error", description: "A `--format` value is not one the command writes." },
  "cli-invalid-option": { severity: "error", description: "An option's value is not one the command accepts." },
  "cli-missing-option": { severity: "error", description: "An option the command needs was not given." },
  "cli-no-inputs": {
    severity: "error",
    description: "A folder given to `check` holds no policy (.json) or spec (.yaml) file.",
  },
  "cli-not-found": { severity: "error", description: "A path given on the command line does not exist." },
  "cli-principal-resolved": {
    severity: "info",
    description: "A principal written by its short name was resolved to the full name it stands for.",
  },
  "cli-unknown-principal": {
    severity: "error",
    description: "A principal given on the command line is not in the model.",
  },
  "cli-usage": {
    severity: "error",
    description: "Options or arguments written in a form the command does not accept.",
  },
  "cli-write": {
    severity: "error",
    description: "An output cannot be written (its folder does not exist or is not writable).",
  },
  "cli-write-failed": { severity: "error", description: "Writing an output file failed." },
  "compile-account-quota": {
    severity: "error",
    description:
      "The spec creates more users, groups, roles, customer managed policies or permission sets than its account can hold (AWS's maximum, or the quota the spec declares).",
  },
  "compile-account-quota-default": {
    severity: "warning",
    description:
      "The spec creates more of one kind of entity than AWS's default account quota; request an increase and declare it (`quotas:`).",
  },
  "compile-activity-grants-nothing": {
    severity: "warning",
    description: "A team opts into an activity its guardrails leave nothing to grant (Bedrock with no approved model).",
  },
  "compile-ambiguous-name": {
    severity: "error",
    description: "Two teams' SageMaker resource names would be the same once shortened.",
  },
  "compile-ambiguous-principal": {
    severity: "error",
    description: "A test names a member who plays several personas, each a separate principal.",
  },
  "compile-classification-clearance": {
    severity: "error",
    description: "A persona reaches a dataset classified above its clearance.",
  },
  "compile-classified-without-key": {
    severity: "error",
    description: "A classified dataset has no KMS key, so its classification cannot be enforced.",
  },
  "compile-duplicate-user": {
    severity: "error",
    description: "A member is in two teams; IAM user names are unique in an account.",
  },
  "compile-invalid-character": {
    severity: "error",
    description: "A name holds a character IAM does not accept in that name.",
  },
  "compile-invalid-document": {
    severity: "error",
    description: "A compiled policy is one IAM would reject (an internal check of the compiler's output).",
  },
  "compile-invalid-value": {
    severity: "error",
    description:
      "A value of a spec built in code (not read by the loader) that the loader refuses: a dataset prefix or OIDC value IAM would read as a policy variable.",
  },
  "compile-name-collision": {
    severity: "error",
    description: "Two principals or policies compile to the same IAM name.",
  },
  "compile-name-too-long": { severity: "error", description: "A compiled IAM name is longer than IAM allows." },
  "compile-nested-datasets": {
    severity: "warning",
    description: "One dataset's location lies inside another's, so access to the outer reaches the inner.",
  },
  "compile-quota": {
    severity: "error",
    description: "The compiled policies of a principal do not fit IAM's size and count quotas.",
  },
  "compile-reserved-name": {
    severity: "error",
    description: "A name is one the compiler reserves for another principal or policy of the team.",
  },
  "compile-shared-image-reach": {
    severity: "error",
    description: "A shared image repository would let a team reach another team's images.",
  },
  "compile-trust-unconditioned": {
    severity: "error",
    description: "A trust relationship would let principals assume a role without a condition that scopes them.",
  },
  "compile-trust-unused": {
    severity: "warning",
    description: "A trust setting has no effect for the identity mode in use.",
  },
  "deploy-invalid-name": {
    severity: "error",
    description:
      "A model handed to the Pulumi component names a user, group, role, policy or permission set, or gives a path, as IAM does not allow.",
  },
  "deploy-invalid-setting": {
    severity: "error",
    description:
      "The Pulumi component's Identity Center instance ARN or identity store id (its settings, or stack config ai-iam:identityCenterInstanceArn / ai-iam:identityStoreId) is not one.",
  },
  "deploy-missing-reference": {
    severity: "error",
    description:
      "A model handed to the Pulumi component refers to a group or policy it does not define (an export filtered to some entities), to a policy of the wrong kind, or has a role without a trust policy.",
  },
  "deploy-unknown-document": {
    severity: "error",
    description:
      "A model handed to the Pulumi component would create or attach a policy whose document is not known, wholly or in part (not in the export, computed in the cloud): ai-iam deploys only what it knows.",
  },
  "draft-spec-invalid": {
    severity: "error",
    description: "The drafted spec does not load or compile (an internal check of the drafter's output).",
  },
  "engine-condition-no-values": { severity: "error", description: "A condition operator is given no values." },
  "engine-invalid-condition-operator": {
    severity: "error",
    description: "A condition operator has a malformed qualifier or suffix (`ForAllValues:`, `...IfExists`).",
  },
  "engine-invalid-condition-value": {
    severity: "error",
    description: "A condition value cannot be compared by its operator (not a number, date, IP or ARN).",
  },
  "engine-invalid-effect": {
    severity: "error",
    description: "A statement given to the engine has an Effect other than Allow or Deny.",
  },
  "engine-invalid-policy": { severity: "error", description: "A policy given to the engine has no Statement list." },
  "engine-resource-statement-no-principal": {
    severity: "error",
    description: "A resource-based policy statement given to the engine has no Principal.",
  },
  "engine-statement-no-action": {
    severity: "error",
    description: "A statement given to the engine has neither Action nor NotAction.",
  },
  "engine-unknown-condition-operator": {
    severity: "error",
    description: "A condition operator the engine does not know (it decides nothing it does not understand).",
  },
  "explain-unknown-condition-key": {
    severity: "error",
    description: "`explain` was asked about a condition key the AWS data does not know.",
  },
  "init-file-exists": {
    severity: "error",
    description: "`init` would overwrite a file that exists (give --force to overwrite).",
  },
  "input-dangling-symlink": { severity: "error", description: "An input is a symlink to nothing." },
  "input-invalid-limit": {
    severity: "error",
    description: "An input size limit (`AI_IAM_MAX_FILE_SIZE`, `AI_IAM_MAX_INPUT_SIZE`) is not a size.",
  },
  "input-not-a-file": {
    severity: "error",
    description: "An input is not a regular file (a FIFO, socket or device, or a folder where a file is needed).",
  },
  "input-not-found": { severity: "error", description: "An input file does not exist." },
  "input-symlink-folder": {
    severity: "warning",
    description: "A symlink to a folder inside an input folder is not followed.",
  },
  "input-symlink-loop": { severity: "error", description: "An input is a symlink loop." },
  "input-too-large": {
    severity: "error",
    description: "An input file, or all files of one input, exceed the size limit.",
  },
  "input-unreadable": { severity: "error", description: "An input file cannot be read." },
  "invalid-account": { severity: "error", description: "An account id given for a program is not 12 digits." },
  "merge-different-inputs": {
    severity: "error",
    description:
      "A result given to `merge` is of another input or other options than the others (its fingerprint differs).",
  },
  "merge-duplicate-shard": {
    severity: "error",
    description: "A shard is given to `merge` twice.",
  },
  "merge-invalid-json": {
    severity: "error",
    description: "A file given to `merge` is not valid JSON.",
  },
  "merge-missing-shard": {
    severity: "error",
    description: "A shard of the split is missing from the results given to `merge`.",
  },
  "merge-no-input": {
    severity: "error",
    description: "`merge` was given no result files.",
  },
  "merge-not-a-result": {
    severity: "error",
    description: "A file given to `merge` is not a result of `prove --format json` (or its shard field is malformed).",
  },
  "merge-shard-count": {
    severity: "error",
    description: "The results given to `merge` are of splits into different numbers of shards.",
  },
  "missing-peer-dependency": {
    severity: "error",
    description: "A command needs an optional peer dependency (`@pulumi/*`, `z3-solver`) that is not installed.",
  },
  "policy-action-and-notaction": { severity: "error", description: "A statement has both Action and NotAction." },
  "policy-duplicate-sid": { severity: "error", description: "Two statements of one policy have the same Sid." },
  "policy-empty-resource-part": {
    severity: "warning",
    description: "A resource ARN has an empty part where AWS expects a value.",
  },
  "policy-empty-value": { severity: "error", description: "An element holds an empty string or an empty list." },
  "policy-invalid-action": { severity: "error", description: "An action is not `service:Action` (or `*`)." },
  "policy-invalid-character": {
    severity: "error",
    description: "A policy holds a character IAM or STS does not accept in that kind of policy.",
  },
  "policy-invalid-condition-key": { severity: "warning", description: "A condition key is malformed or unknown." },
  "policy-invalid-condition-value": {
    severity: "error",
    description: "A condition value is not a string, number, boolean or list of them.",
  },
  "policy-invalid-effect": { severity: "error", description: "Effect is neither Allow nor Deny." },
  "policy-invalid-principal": {
    severity: "error",
    description: "A Principal is malformed or of a kind this policy kind does not accept.",
  },
  "policy-invalid-resource": { severity: "error", description: "A Resource is neither `*` nor an ARN (pattern)." },
  "policy-invalid-sid": {
    severity: "error",
    otherwise: {
      severity: "warning",
      when: "in a policy kind IAM does not store (resource-based, SCP, RCP): AWS services differ in what they accept",
    },
    description: "A Sid has characters other than A-Z, a-z and 0-9.",
  },
  "policy-invalid-type": { severity: "error", description: "An element has the wrong JSON type." },
  "policy-invalid-version": { severity: "error", description: "Version is neither 2012-10-17 nor 2008-10-17." },
  "policy-json-duplicate-key": {
    severity: "warning",
    description: "A JSON object has the same key twice; the last one wins.",
  },
  "policy-json-syntax": {
    severity: "error",
    description: "The policy file is not valid JSON (or nests deeper than the parser allows).",
  },
  "policy-missing-action": { severity: "error", description: "A statement has neither Action nor NotAction." },
  "policy-missing-effect": { severity: "error", description: "A statement has no Effect." },
  "policy-missing-principal": {
    severity: "error",
    description: "A statement of a resource-based or trust policy has no Principal.",
  },
  "policy-missing-resource": {
    severity: "error",
    description: "A statement of a policy kind that needs a Resource has none.",
  },
  "policy-missing-statement": { severity: "error", description: "The policy has no Statement." },
  "policy-not-an-object": { severity: "error", description: "The policy document is not a JSON object." },
  "policy-principal-and-notprincipal": {
    severity: "error",
    description: "A statement has both Principal and NotPrincipal.",
  },
  "policy-principal-not-allowed": {
    severity: "error",
    description: "A statement of a policy kind that takes no Principal (identity, boundary, SCP, session) has one.",
  },
  "policy-resource-and-notresource": {
    severity: "error",
    description: "A statement has both Resource and NotResource.",
  },
  "policy-resource-not-allowed": { severity: "error", description: "A statement of a trust policy has a Resource." },
  "policy-set-invalid-name": {
    severity: "error",
    description: "A policy of a `simulate` policy set has a name that is not a string.",
  },
  "policy-set-not-a-list": {
    severity: "error",
    description: "A level of a `simulate` policy set is not a list of policies.",
  },
  "policy-set-not-an-object": { severity: "error", description: "A `simulate` policy-set file is not a JSON object." },
  "policy-set-unknown-key": { severity: "error", description: "A `simulate` policy set has a key it does not define." },
  "policy-unknown-condition-operator": { severity: "error", description: "A condition operator IAM does not define." },
  "policy-unknown-key": { severity: "error", description: "A policy or statement has an element IAM does not define." },
  "program-config-file-missing": {
    severity: "error",
    description: "The program's stack config file named by `--stack` does not exist.",
  },
  "program-config-invalid": {
    severity: "error",
    description: "The program's Pulumi.yaml or stack config is not valid YAML or has values of the wrong type.",
  },
  "program-failed": { severity: "error", description: "The Pulumi program threw while running under mocks." },
  "program-not-found": { severity: "error", description: "The path given as a program is not a Pulumi program." },
  "program-sdk-missing": { severity: "error", description: "`@pulumi/pulumi` cannot be loaded for the program." },
  "program-stack-config-missing": {
    severity: "warning",
    description: "The program has no stack config file; config values are unknown.",
  },
  "prover-worker-failed": {
    severity: "warning",
    description:
      "A prover worker thread (`--jobs`) failed; its units were proven in the main thread, so the result is complete.",
  },
  "request-invalid-action": {
    severity: "error",
    description: "A request's action is not `service:Action` without wildcards.",
  },
  "request-invalid-context": {
    severity: "error",
    description: "A request's context is not an object of key \u2192 string or list of strings.",
  },
  "request-invalid-field": { severity: "error", description: "A request field has the wrong JSON type." },
  "request-invalid-principal": {
    severity: "error",
    description:
      "A request's principal is none the engine can identify: not a user, role, session, federated user, account, service, provider or `anonymous`, or an IAM or STS ARN without a 12-digit account.",
  },
  "request-invalid-resource": { severity: "error", description: "A request's resource is not `*` or an ARN." },
  "request-missing-field": { severity: "error", description: "A request lacks principal, action or resource." },
  "request-not-an-object": { severity: "error", description: "A request is not a JSON object." },
  "request-unknown-action": {
    severity: "warning",
    description: "A request's action is not in the AWS catalog; it is decided as written.",
  },
  "request-unknown-action-asked": {
    severity: "error",
    description: 'who-can was asked about an action the AWS catalog does not know: a typo would read as "nobody can".',
  },
  "request-unknown-context-key": {
    severity: "warning",
    description:
      "A request's context key is no condition key AWS defines (a typo of one): it is carried as written and decides nothing.",
  },
  "request-unknown-key": { severity: "error", description: "A request has a key the request format does not define." },
  "request-unknown-principal": {
    severity: "error",
    description:
      "A request names a principal id the model does not have (the library's requestFor, policySetForPrincipal, principalContext).",
  },
  "request-unknown-service": {
    severity: "error",
    description: "A request's action names a service prefix the AWS catalog does not know.",
  },
  "spec-arn-partition": {
    severity: "error",
    description:
      "An ARN in the spec (a key, a provider, a guardrail, an instance) is of another partition than the spec's.",
  },
  "spec-arn-region": {
    severity: "error",
    description: "A KMS key or Bedrock guardrail of the spec is in a region its guardrails deny every request to.",
  },
  "spec-duplicate-key": { severity: "error", description: "A YAML mapping of the spec has the same key twice." },
  "spec-duplicate-name": {
    severity: "warning",
    otherwise: {
      severity: "error",
      when: "for a team, persona or dataset defined in two files of a spec folder, or a custom persona named as a built-in one",
    },
    description: "A name is listed twice in one list of the spec, or defined twice.",
  },
  "spec-duplicate-setting": {
    severity: "error",
    description: "A top-level setting is written in two files of one spec folder.",
  },
  "spec-invalid": { severity: "error", description: "The spec given to a command does not load or compile." },
  "spec-invalid-name": {
    severity: "error",
    description: "A name in the spec is not of the form IAM and the compiler accept.",
  },
  "spec-invalid-suppression": {
    severity: "error",
    description: "A suppression in the spec does not name one rule by its id.",
  },
  "spec-invalid-test-resource": { severity: "error", description: "A test's resource is not `*` or an ARN." },
  "spec-invalid-type": {
    severity: "error",
    description: "A spec value has the wrong type (a list where a mapping is needed, ...).",
  },
  "spec-invalid-value": { severity: "error", description: "A spec value is not one of those the field accepts." },
  "spec-missing-field": { severity: "error", description: "A field the spec requires is missing." },
  "spec-no-files": { severity: "error", description: "A spec folder holds no *.yaml or *.yml file." },
  "spec-not-found": { severity: "error", description: "The spec file or folder does not exist." },
  "spec-region-partition": { severity: "error", description: "A region of the spec is not in the spec's partition." },
  "spec-reserved-name": {
    severity: "error",
    description: "A name is one the spec language reserves (the execution role, a built-in persona).",
  },
  "spec-suppression-without-reason": { severity: "error", description: "A suppression in the spec gives no reason." },
  "spec-unknown-activity": {
    severity: "error",
    description: "The spec names an activity the activity library does not define.",
  },
  "spec-unknown-dataset": { severity: "error", description: "The spec names a dataset it does not define." },
  "spec-unknown-field": { severity: "error", description: "The spec has a field the spec language does not define." },
  "spec-unknown-persona": {
    severity: "error",
    description: "The spec names a persona it does not define and that is not built in.",
  },
  "spec-unknown-principal": {
    severity: "error",
    description: "The spec names a principal (team/member, team/persona) that does not exist.",
  },
  "spec-unknown-region": {
    severity: "error",
    otherwise: { severity: "warning", when: "with `guardrails.allowUnknownRegions: true`" },
    description: "A region is not in AWS's list of regions (a warning with `guardrails.allowUnknownRegions: true`).",
  },
  "spec-unknown-suppressed-rule": { severity: "error", description: "A suppression names a rule that does not exist." },
  "spec-unknown-team": { severity: "error", description: "The spec names a team it does not define." },
  "spec-unknown-test-action": {
    severity: "error",
    description: "A test names an action the AWS catalog does not know.",
  },
  "spec-unknown-test-service": {
    severity: "error",
    description: "A test names a service prefix the AWS catalog does not know.",
  },
  "spec-yaml-alias": {
    severity: "error",
    description: "A YAML alias names no anchor, or its expansion exceeds the node budget.",
  },
  "spec-yaml-syntax": {
    severity: "error",
    otherwise: { severity: "warning", when: "for what the YAML parser reports as a warning" },
    description: "A spec file is not valid YAML (or nests deeper than allowed).",
  },
  "suppressions-invalid": {
    severity: "error",
    description: "The suppressions file is not a list of { rule, reason, statement? } entries.",
  },
  "suppressions-unreadable": { severity: "error", description: "The suppressions file cannot be read." },
  "suppressions-yaml-syntax": { severity: "error", description: "The suppressions file is not valid YAML." },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** Every diagnostic code ai-iam reports. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** The area of a code: its first word, or its first two for `policy-set-*` (a section of the docs). */
export function diagnosticArea(code: DiagnosticCode): string {
  return code.startsWith("policy-set-") ? "policy-set" : code.slice(0, code.indexOf("-"));
}

/** Where the code is documented, relative to the repository root. */
export function diagnosticDocsAnchor(code: DiagnosticCode): string {
  return `docs/diagnostics.md#${code}`;
}

/** The registry's entry for a code, or undefined for a string that is not one. */
export function diagnosticCodeInfo(code: string): DiagnosticCodeInfo | undefined {
  return Object.hasOwn(DIAGNOSTIC_CODES, code) ? DIAGNOSTIC_CODES[code as DiagnosticCode] : undefined;
}
