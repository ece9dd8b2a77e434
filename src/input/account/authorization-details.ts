import { managedPolicy as catalogManagedPolicy } from "../../catalog/managed-policies.js";
import { type Diagnostic, type DiagnosticCode, hasErrors, uniqueDiagnostics } from "../../diagnostics/index.js";
import { IAM_NAME, IAM_PATH } from "../../model/iam-names.js";
import { quotaOf } from "../../model/quota.js";
import type {
  AccessModel,
  ModelGroup,
  ModelInstanceProfile,
  ModelPolicy,
  ModelPolicyKind,
  ModelPrincipal,
  ModelUnknown,
} from "../../model/types.js";
import { parseArn } from "../../policy/arn.js";
import type { PolicyDocument, PolicyKind } from "../../policy/types.js";
import { readPolicyDocument } from "./document.js";
import { parseElement, StreamedElement } from "./element.js";
import { JsonArrayStream, type StreamPosition } from "./json-stream.js";
import { type OrganizationPolicyInput, readOrganizationPolicies } from "./organizations.js";
import { readTextChunks, type TextSource } from "./read-text.js";
import { DETAIL_LISTS, type DetailList } from "./types.js";

/**
 * `ai-iam import`: the JSON of `aws iam get-account-authorization-details` (one file per account,
 * or one per page of a paginated export) → the same AccessModel a spec or a Pulumi program
 * produces. Files are streamed: each user, group, role and policy is parsed on its own, so a large
 * account needs memory for the model, not for the file's text.
 *
 * - The default version of each managed policy is the one in force (`IsDefaultVersion`, else
 *   `DefaultVersionId`); the others are ignored.
 * - AWS managed policies come from the file when it has them (an unfiltered export includes every
 *   attached AWS managed policy with its versions), else from `options.managedPolicy` (by default
 *   ai-iam's offline catalog of AWS managed policies). A policy found in neither (or a customer
 *   managed policy, boundary or group the file lacks) stays attached as a policy whose whole
 *   document is unknown, is recorded in `model.unknowns` with a warning, and decisions that depend
 *   on it are `Unknown` (`model/decide.ts`): it is read neither as granting nothing nor, for a
 *   boundary, as no boundary.
 * - Several accounts: principals keep their own account's ARNs, ids are prefixed with the account
 *   (`111122223333/role/deploy`), and trust between the accounts is decided by the engine as
 *   cross-account requests (`summary.trust` lists who trusts whom).
 * - SCPs and RCPs (`aws organizations describe-policy` output) apply at the levels given.
 * Bad or truncated input: every problem as a located diagnostic, and no model.
 */
export interface AccountFileInput extends TextSource {}

/** An AWS managed policy's document, from the catalog of AWS managed policies (offline). */
export interface ManagedPolicyRecord {
  document: unknown;
  version?: string;
  name?: string;
  path?: string;
}
export type ManagedPolicyLookup = (arn: string) => ManagedPolicyRecord | undefined;

export interface ImportOptions {
  /** SCPs and RCPs with their level (0 = the organization root). */
  organizationPolicies?: OrganizationPolicyInput[];
  /**
   * Documents of AWS managed policies the files do not include. Default: ai-iam's offline catalog
   * of AWS managed policies (`catalog/managed-policies.ts`).
   */
  managedPolicy?: ManagedPolicyLookup;
  /**
   * The region requests are assumed to be made in (`aws:RequestedRegion` of every simulated
   * request; default us-east-1). An export does not say, and without it a region guardrail
   * written with `StringNotEquals` would deny every request (an absent key matches a negated operator).
   */
  region?: string;
}

export interface TrustEdge {
  /** The trusting role's id. */
  role: string;
  /** As written in the trust policy (`arn:aws:iam::111122223333:root`, `sagemaker.amazonaws.com`). */
  trusted: string;
  kind: "same-account" | "imported-account" | "external-account" | "service" | "federated" | "anyone";
  /** The trusted principal's id, when it is one of the imported principals. */
  principal?: string;
  /** The trusted account, for AWS principals. */
  account?: string;
  /** The trust statement has conditions (MFA, external id, ...). */
  conditional: boolean;
}

export interface ImportSummary {
  accounts: Array<{
    account: string;
    files: string[];
    users: number;
    groups: number;
    roles: number;
    managedPolicies: number;
  }>;
  trust: TrustEdge[];
}

export interface ImportResult {
  model?: AccessModel;
  summary?: ImportSummary;
  diagnostics: Diagnostic[];
}

interface Where {
  file: string;
  line: number;
  column: number;
  path: string;
}

interface Ref extends Where {
  arn: string;
}

interface PendingPolicy {
  name: string;
  document: PolicyDocument;
  size: number;
  where: Where;
}

interface PendingPrincipal {
  kind: "user" | "role";
  name: string;
  arn: string;
  path: string;
  tags: Record<string, string>;
  groups: Array<{ name: string; where: Where }>;
  attached: Ref[];
  inline: PendingPolicy[];
  boundary?: Ref;
  trust?: PendingPolicy;
  /** Instance profiles holding the role: name and ARN (a profile holds at most one role). */
  instanceProfiles: Array<{ name: string; arn: string }>;
  lastUsed?: string;
  where: Where;
}

interface PendingGroup {
  name: string;
  arn: string;
  path: string;
  attached: Ref[];
  inline: PendingPolicy[];
  where: Where;
}

interface PendingManaged {
  arn: string;
  name: string;
  path: string;
  description?: string;
  version?: string;
  document?: PolicyDocument;
  size?: number;
  where: Where;
}

interface FileDraft {
  file: string;
  accounts: Set<string>;
  partition?: string;
  users: PendingPrincipal[];
  roles: PendingPrincipal[];
  groups: PendingGroup[];
  managed: PendingManaged[];
  truncated?: boolean;
  truncatedAt?: StreamPosition;
  /** What says the page is not the last: `IsTruncated`, or the token of the next page. */
  truncatedBy?: string;
  truncatedKey?: string;
  empty: boolean;
}

const DEFAULT_REGION = "us-east-1";

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export async function importAuthorizationDetails(
  files: ReadonlyArray<string | AccountFileInput>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const diagnostics: Diagnostic[] = [];
  if (files.length === 0) {
    return {
      diagnostics: [
        {
          code: "account-no-input",
          severity: "error",
          message: "no authorization-details file given",
          hint: "export one with `aws iam get-account-authorization-details > account.json`",
        },
      ],
    };
  }
  const drafts: FileDraft[] = [];
  for (const f of files) {
    const source = typeof f === "string" ? { file: f } : f;
    drafts.push(await readFile(source, diagnostics));
  }
  const organization = options.organizationPolicies?.length
    ? await readOrganizationPolicies(options.organizationPolicies, diagnostics)
    : undefined;
  if (hasErrors(diagnostics)) return { diagnostics: uniqueDiagnostics(diagnostics) };
  const built = assemble(drafts, options, diagnostics);
  if (!built || hasErrors(diagnostics)) return { diagnostics: uniqueDiagnostics(diagnostics) };
  const { model, summary } = built;
  if (organization) {
    model.policies = [...model.policies, ...organization.policies].sort(byId);
    if (organization.scps.length > 0) model.scps = organization.scps;
    if (organization.rcps.length > 0) model.rcps = organization.rcps;
  }
  return { model, summary, diagnostics: uniqueDiagnostics(diagnostics) };
}

// ---------------------------------------------------------------------------------------------
// Reading one file

async function readFile(source: TextSource, diagnostics: Diagnostic[]): Promise<FileDraft> {
  const file = source.file;
  const draft: FileDraft = {
    file,
    accounts: new Set(),
    users: [],
    roles: [],
    groups: [],
    managed: [],
    empty: true,
  };
  const problems: Diagnostic[] = [];
  const reader = new JsonArrayStream(
    {
      element(key, index, text, at) {
        draft.empty = false;
        if (!(DETAIL_LISTS as readonly string[]).includes(key)) return;
        const parsed = parseElement(file, `/${key}/${index}`, text, at);
        problems.push(...parsed.diagnostics);
        if (parsed.value === undefined) return;
        readDetail(draft, key as DetailList, parsed.element, parsed.value, problems);
      },
      member(key, text, at) {
        draft.empty = false;
        const invalid = (message: string) =>
          problems.push({
            code: "account-invalid-field",
            severity: "error",
            file,
            line: at.line,
            column: at.column,
            path: `/${key}`,
            message,
          });
        const truncated = (by: string) => {
          if (draft.truncated) return;
          draft.truncated = true;
          draft.truncatedAt = at;
          draft.truncatedBy = by;
          draft.truncatedKey = key;
        };
        const value = text.trim();
        if (key === "IsTruncated") {
          if (value !== "true" && value !== "false")
            invalid(
              `"IsTruncated" must be true or false, not ${value.length > 40 ? `${value.slice(0, 40)}...` : value}`,
            );
          else if (value === "true") truncated("IsTruncated true");
        } else if ((key === "Marker" || key === "NextToken") && value !== "null" && value !== '""') {
          // The raw API gives a Marker only when more results follow; the AWS CLI, cut by
          // --max-items, gives a NextToken (and no IsTruncated): either way the page is not the last.
          truncated(`a ${key}: more results follow`);
        } else if ((DETAIL_LISTS as readonly string[]).includes(key) && value !== "null") {
          invalid(`"${key}" must be a list`);
        }
      },
    },
    file,
  );
  for await (const chunk of readTextChunks(source, problems)) {
    reader.write(chunk);
    if (reader.error) break;
  }
  problems.push(...reader.end());
  if (!hasErrors(problems) && draft.empty) {
    problems.push({
      code: "account-not-authorization-details",
      severity: "error",
      file,
      line: 1,
      column: 1,
      message: "the file has none of UserDetailList, GroupDetailList, RoleDetailList and Policies",
      hint: "give the output of `aws iam get-account-authorization-details`",
    });
  }
  diagnostics.push(...problems);
  return draft;
}

function where(el: StreamedElement, pointer = ""): Where {
  // The element's own position is known without parsing positions.
  if (pointer === "") return { file: el.file, line: el.at.line, column: el.at.column, path: el.pointer };
  // A field's costs a parse of the element's positions: done when the line or column is first
  // read (a finding or a diagnostic at the field), not for every field read (2,000 roles' inline
  // policies, most of them never reported).
  let pos: { line: number; column: number } | undefined;
  let of: StreamedElement | undefined = el;
  const at = () => {
    if (!pos) {
      pos = of!.position(pointer);
      of = undefined;
    }
    return pos;
  };
  return {
    file: el.file,
    get line() {
      return at().line;
    },
    get column() {
      return at().column;
    },
    path: el.pointer + pointer,
  };
}

/** Collects the ARN's account and partition; reports an ARN that is not one. */
function readArn(
  draft: FileDraft,
  el: StreamedElement,
  value: unknown,
  pointer: string,
  resourceType: string,
  problems: Diagnostic[],
): string | undefined {
  const text = str(value);
  if (text === undefined) {
    problems.push(
      el.diagnostic(
        "error",
        value === undefined ? "account-missing-field" : "account-invalid-field",
        pointer,
        value === undefined ? "the Arn is missing" : "the Arn must be a string",
        { at: value === undefined ? "value" : "value" },
      ),
    );
    return undefined;
  }
  const parsed = parseArn(text);
  if (!parsed.ok || parsed.arn.service !== "iam" || !parsed.arn.resource.startsWith(`${resourceType}/`)) {
    problems.push(
      el.diagnostic(
        "error",
        "account-invalid-arn",
        pointer,
        parsed.ok ? `${JSON.stringify(text)} is not the ARN of an IAM ${resourceType}` : parsed.message,
      ),
    );
    return undefined;
  }
  if (parsed.arn.account !== "aws") draft.accounts.add(parsed.arn.account);
  draft.partition ??= parsed.arn.partition;
  return text;
}

/**
 * The ARN names the entity it is given with: `<type>/<path without its leading slash><name>`
 * (IAM User Guide, "IAM identifiers"). Ids come from names and requests from ARNs, so an ARN of
 * another name or path would make the entity two (`aws:username` one user, `aws:PrincipalArn` another).
 */
function arnNames(
  el: StreamedElement,
  arn: string,
  type: string,
  name: string,
  path: unknown,
  problems: Diagnostic[],
): boolean {
  const resource = arn.slice(arn.indexOf(`:${type}/`) + 1);
  const expected = typeof path === "string" ? `${type}${path}${name}` : undefined;
  const ok = expected !== undefined ? resource === expected : resource.endsWith(`/${name}`);
  if (!ok) {
    problems.push(
      el.diagnostic(
        "error",
        "account-invalid-arn",
        "/Arn",
        `${JSON.stringify(arn)} is not the ARN of the ${type} named ${JSON.stringify(name)}${typeof path === "string" ? ` at path ${JSON.stringify(path)}` : ""}`,
      ),
    );
  }
  return ok;
}

/**
 * A name IAM can hold, or undefined with the problem reported: an export can be written by hand,
 * and a name IAM forbids (`../../x`, a line feed, `<script>`) is no name of a real account — and
 * becomes a file name in `plan --out`, a line in a report.
 */
function requireName(
  el: StreamedElement,
  obj: Record<string, unknown>,
  key: string,
  max: number,
  problems: Diagnostic[],
): string | undefined {
  const name = requireString(el, obj, key, problems);
  if (name === undefined) return undefined;
  if (IAM_NAME.test(name) && name.length <= max) return name;
  problems.push(
    el.diagnostic(
      "error",
      "account-invalid-field",
      `/${key}`,
      `"${key}" ${JSON.stringify(name)} is no IAM name: at most ${max} of A-Z a-z 0-9 _ + = , . @ -`,
    ),
  );
  return undefined;
}

/** Whether `obj.Path` is absent or a path IAM can hold; reports it when not. */
function validPath(el: StreamedElement, obj: Record<string, unknown>, problems: Diagnostic[]): boolean {
  const path = obj.Path;
  if (path === undefined || (typeof path === "string" && IAM_PATH.test(path) && path.length <= 512)) return true;
  problems.push(
    el.diagnostic(
      "error",
      "account-invalid-field",
      "/Path",
      `"Path" ${JSON.stringify(path)} is no IAM path: "/" or "/a/b/" of the ASCII characters ! to DEL, at most 512`,
    ),
  );
  return false;
}

function requireString(
  el: StreamedElement,
  obj: Record<string, unknown>,
  key: string,
  problems: Diagnostic[],
): string | undefined {
  const v = obj[key];
  if (typeof v === "string" && v !== "") return v;
  problems.push(
    el.diagnostic(
      "error",
      v === undefined ? "account-missing-field" : "account-invalid-field",
      v === undefined ? "" : `/${key}`,
      v === undefined ? `"${key}" is missing` : `"${key}" must be a non-empty string`,
    ),
  );
  return undefined;
}

/** An optional list field: `[]` when absent, undefined (reported) when not a list. */
function list(el: StreamedElement, obj: Record<string, unknown>, key: string, problems: Diagnostic[]): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  problems.push(el.diagnostic("error", "account-invalid-field", `/${key}`, `"${key}" must be a list`));
  return [];
}

function readTags(el: StreamedElement, obj: Record<string, unknown>, problems: Diagnostic[]): Record<string, string> {
  // A Map: a tag key is user data (`__proto__` assigned to an object sets its prototype, and the
  // tag, which an `aws:PrincipalTag/__proto__` condition reads, was lost).
  const tags = new Map<string, string>();
  list(el, obj, "Tags", problems).forEach((t, i) => {
    if (!isObject(t) || typeof t.Key !== "string" || typeof t.Value !== "string") {
      problems.push(el.diagnostic("error", "account-invalid-field", `/Tags/${i}`, "a tag needs a Key and a Value"));
    } else if (tags.has(t.Key)) {
      // IAM holds one value per key: an export listing two is not one AWS wrote.
      problems.push(
        el.diagnostic("error", "account-invalid-field", `/Tags/${i}/Key`, `tag "${t.Key}" is listed twice`),
      );
    } else tags.set(t.Key, t.Value);
  });
  // Object.fromEntries defines own properties, `__proto__` included.
  return Object.fromEntries([...tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function readInline(
  el: StreamedElement,
  obj: Record<string, unknown>,
  key: string,
  owner: string,
  problems: Diagnostic[],
): PendingPolicy[] {
  const out: PendingPolicy[] = [];
  list(el, obj, key, problems).forEach((entry, i) => {
    const pointer = `/${key}/${i}`;
    if (!isObject(entry)) {
      problems.push(el.diagnostic("error", "account-invalid-field", pointer, "an inline policy must be an object"));
      return;
    }
    const name = str(entry.PolicyName);
    if (!name) {
      problems.push(el.diagnostic("error", "account-missing-field", pointer, "the inline policy has no PolicyName"));
      return;
    }
    if (!IAM_NAME.test(name) || name.length > 128) {
      problems.push(
        el.diagnostic(
          "error",
          "account-invalid-field",
          `${pointer}/PolicyName`,
          `"PolicyName" ${JSON.stringify(name)} is no IAM name: at most 128 of A-Z a-z 0-9 _ + = , . @ -`,
        ),
      );
      return;
    }
    const read = readPolicyDocument(
      el,
      `${pointer}/PolicyDocument`,
      entry.PolicyDocument,
      "identity",
      `inline policy ${name} of ${owner}`,
    );
    problems.push(...read.diagnostics);
    if (read.document) {
      out.push({ name, document: read.document, size: read.size ?? 0, where: where(el, pointer) });
    }
  });
  return out;
}

function readAttached(el: StreamedElement, obj: Record<string, unknown>, problems: Diagnostic[]): Ref[] {
  const out: Ref[] = [];
  list(el, obj, "AttachedManagedPolicies", problems).forEach((entry, i) => {
    const pointer = `/AttachedManagedPolicies/${i}`;
    const arn = isObject(entry) ? str(entry.PolicyArn) : undefined;
    if (!arn) {
      problems.push(el.diagnostic("error", "account-missing-field", pointer, "an attached policy needs a PolicyArn"));
      return;
    }
    out.push({ arn, ...whereLazy(el, `${pointer}/PolicyArn`) });
  });
  return out;
}

/**
 * A reference's location, without scanning positions: the element's start and the field's path.
 * References are only reported when they dangle, and the path names the field exactly.
 */
function whereLazy(el: StreamedElement, pointer: string): Where {
  return { file: el.file, line: el.at.line, column: el.at.column, path: el.pointer + pointer };
}

function readBoundary(el: StreamedElement, obj: Record<string, unknown>, problems: Diagnostic[]): Ref | undefined {
  const b = obj.PermissionsBoundary;
  if (b === undefined || b === null) return undefined;
  const arn = isObject(b) ? str(b.PermissionsBoundaryArn) : undefined;
  if (!arn) {
    problems.push(
      el.diagnostic(
        "error",
        "account-invalid-field",
        "/PermissionsBoundary",
        "PermissionsBoundary needs a PermissionsBoundaryArn",
      ),
    );
    return undefined;
  }
  return { arn, ...whereLazy(el, "/PermissionsBoundary/PermissionsBoundaryArn") };
}

function readDetail(
  draft: FileDraft,
  list_: DetailList,
  el: StreamedElement,
  value: unknown,
  problems: Diagnostic[],
): void {
  if (!isObject(value)) {
    problems.push(el.diagnostic("error", "account-invalid-field", "", `each entry of ${list_} must be an object`));
    return;
  }
  switch (list_) {
    case "UserDetailList":
    case "RoleDetailList": {
      const kind = list_ === "UserDetailList" ? "user" : "role";
      const name = requireName(el, value, kind === "user" ? "UserName" : "RoleName", 64, problems);
      const arn = readArn(draft, el, value.Arn, "/Arn", kind, problems);
      if (!name || !arn || !validPath(el, value, problems) || !arnNames(el, arn, kind, name, value.Path, problems))
        return;
      const path = str(value.Path) ?? "/";
      const p: PendingPrincipal = {
        kind,
        name,
        arn,
        path,
        tags: readTags(el, value, problems),
        groups: [],
        attached: readAttached(el, value, problems),
        inline: readInline(
          el,
          value,
          kind === "user" ? "UserPolicyList" : "RolePolicyList",
          `${kind} ${name}`,
          problems,
        ),
        instanceProfiles: [],
        where: where(el),
      };
      const boundary = readBoundary(el, value, problems);
      if (boundary) p.boundary = boundary;
      if (kind === "user") {
        list(el, value, "GroupList", problems).forEach((g, i) => {
          if (typeof g === "string") p.groups.push({ name: g, where: whereLazy(el, `/GroupList/${i}`) });
          else
            problems.push(
              el.diagnostic("error", "account-invalid-field", `/GroupList/${i}`, "a group name must be a string"),
            );
        });
        draft.users.push(p);
      } else {
        const trust = readPolicyDocument(
          el,
          "/AssumeRolePolicyDocument",
          value.AssumeRolePolicyDocument,
          "trust",
          `the trust policy of role ${name}`,
        );
        problems.push(...trust.diagnostics);
        if (trust.document)
          p.trust = { name: `${name}-trust`, document: trust.document, size: trust.size ?? 0, where: where(el) };
        list(el, value, "InstanceProfileList", problems).forEach((ip, i) => {
          const entry = isObject(ip) ? ip : {};
          const ipArn = str(entry.Arn);
          if (ipArn) {
            const ipName = str(entry.InstanceProfileName) ?? ipArn.slice(ipArn.lastIndexOf("/") + 1);
            p.instanceProfiles.push({ name: ipName, arn: ipArn });
          } else
            problems.push(
              el.diagnostic(
                "error",
                "account-invalid-field",
                `/InstanceProfileList/${i}`,
                "an instance profile needs an Arn",
              ),
            );
        });
        p.instanceProfiles.sort((x, y) => (x.arn < y.arn ? -1 : x.arn > y.arn ? 1 : 0));
        const used = value.RoleLastUsed;
        if (isObject(used) && typeof used.LastUsedDate === "string") p.lastUsed = used.LastUsedDate;
        draft.roles.push(p);
      }
      return;
    }
    case "GroupDetailList": {
      const name = requireName(el, value, "GroupName", 128, problems);
      const arn = readArn(draft, el, value.Arn, "/Arn", "group", problems);
      if (!name || !arn || !validPath(el, value, problems) || !arnNames(el, arn, "group", name, value.Path, problems))
        return;
      draft.groups.push({
        name,
        arn,
        path: str(value.Path) ?? "/",
        attached: readAttached(el, value, problems),
        inline: readInline(el, value, "GroupPolicyList", `group ${name}`, problems),
        where: where(el),
      });
      return;
    }
    case "Policies": {
      const name = requireName(el, value, "PolicyName", 128, problems);
      const arn = readArn(draft, el, value.Arn, "/Arn", "policy", problems);
      if (!name || !arn || !validPath(el, value, problems) || !arnNames(el, arn, "policy", name, value.Path, problems))
        return;
      const versions = list(el, value, "PolicyVersionList", problems);
      const defaultId = str(value.DefaultVersionId);
      const marked = versions.flatMap((v, i) => (isObject(v) && v.IsDefaultVersion === true ? [i] : []));
      let index = marked[0] ?? -1;
      if (index < 0 && defaultId) index = versions.findIndex((v) => isObject(v) && v.VersionId === defaultId);
      // IAM has one default version, named by both: anything else leaves the policy in force unknown.
      const markedIds = marked.map((i) => str((versions[i] as Record<string, unknown>).VersionId) ?? `#${i}`);
      if (marked.length > 1 || (marked.length === 1 && defaultId !== undefined && markedIds[0] !== defaultId)) {
        problems.push(
          el.diagnostic(
            "error",
            "account-policy-version",
            "/PolicyVersionList",
            marked.length > 1
              ? `policy ${name} has ${marked.length} versions marked IsDefaultVersion (${markedIds.join(", ")}): which one is in force is not known`
              : `policy ${name} marks ${markedIds[0]} IsDefaultVersion but its DefaultVersionId is ${defaultId}: which one is in force is not known`,
            { hint: "export the account again; IAM has exactly one default version per policy" },
          ),
        );
        return;
      }
      const m: PendingManaged = { arn, name, path: str(value.Path) ?? "/", where: where(el) };
      const description = str(value.Description);
      if (description) m.description = description;
      if (index < 0) {
        problems.push(
          el.diagnostic(
            "error",
            "account-policy-version",
            versions.length === 0 ? "" : "/PolicyVersionList",
            versions.length === 0
              ? `policy ${name} has no PolicyVersionList: its document is not in the file`
              : `policy ${name} has no default version (IsDefaultVersion) among its ${versions.length} versions${defaultId ? ` (DefaultVersionId ${defaultId})` : ""}`,
            { hint: "export with `aws iam get-account-authorization-details` (it includes every version)" },
          ),
        );
        return;
      }
      const version = versions[index] as Record<string, unknown>;
      m.version = str(version.VersionId) ?? defaultId;
      const kind: PolicyKind = "identity";
      const read = readPolicyDocument(
        el,
        `/PolicyVersionList/${index}/Document`,
        version.Document,
        kind,
        `policy ${name} (${m.version ?? "default version"})`,
      );
      problems.push(...read.diagnostics);
      if (!read.document) return;
      m.document = read.document;
      m.size = read.size;
      draft.managed.push(m);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Assembling the model

interface AccountDraft {
  account: string;
  partition: string;
  files: string[];
  users: Map<string, PendingPrincipal>;
  roles: Map<string, PendingPrincipal>;
  groups: Map<string, PendingGroup>;
  managed: Map<string, PendingManaged>;
}

function located(
  severity: Diagnostic["severity"],
  code: DiagnosticCode,
  w: Where,
  message: string,
  hint?: string,
): Diagnostic {
  return {
    code,
    severity,
    message,
    file: w.file,
    line: w.line,
    column: w.column,
    path: w.path,
    ...(hint ? { hint } : {}),
  };
}

/** `v12` > `v9`. */
function versionNumber(v: string | undefined): number {
  const m = /^v(\d+)$/.exec(v ?? "");
  return m ? Number(m[1]) : -1;
}

function groupAccounts(drafts: FileDraft[], diagnostics: Diagnostic[]): AccountDraft[] | undefined {
  const accounts = new Map<string, AccountDraft>();
  const awsManaged = new Map<string, PendingManaged>();
  const pages = new Map<string, FileDraft[]>();
  const accountOf = (arn: string) => arn.split(":")[4] ?? "";
  for (const d of drafts) {
    if (d.accounts.size > 1) {
      // Not what one export holds; taken apart by each entity's ARN, as if each account had its own file.
      diagnostics.push({
        code: "account-mixed-accounts",
        severity: "warning",
        file: d.file,
        message: `the file holds entities of several accounts (${[...d.accounts].sort().join(", ")}): each is imported as its own account`,
        hint: "an export of one account holds one account id; check that the files were not concatenated by mistake",
      });
    }
    if (d.accounts.size === 0) {
      // Only AWS managed policies, or nothing at all: there is no account to put principals in.
      if (d.users.length + d.roles.length + d.groups.length > 0 || d.managed.some((m) => !isAwsManaged(m.arn))) {
        diagnostics.push({
          code: "account-unknown-account",
          severity: "error",
          file: d.file,
          message: "cannot tell which account the file describes: no entity has an ARN with an account id",
        });
      }
    }
    const draftOf = (account: string): AccountDraft => {
      let a = accounts.get(account);
      if (!a) {
        a = {
          account,
          partition: d.partition ?? "aws",
          files: [],
          users: new Map(),
          roles: new Map(),
          groups: new Map(),
          managed: new Map(),
        };
        accounts.set(account, a);
      }
      if (!a.files.includes(d.file)) {
        a.files.push(d.file);
        pages.set(account, [...(pages.get(account) ?? []), d]);
      }
      return a;
    };
    const add = <T extends { where: Where }>(
      map: Map<string, T>,
      key: string,
      v: T,
      what: string,
      content: (x: T) => string,
    ) => {
      const prior = map.get(key);
      if (prior) {
        // The same entity twice (a file given twice) is harmless; two different ones are not: which
        // is in force is not known (two exports of different days, pages of different exports).
        const same = content(prior) === content(v);
        diagnostics.push(
          same
            ? located(
                "warning",
                "account-duplicate",
                v.where,
                `${what} appears again (first at ${prior.where.file}:${prior.where.line}); the first is kept`,
              )
            : located(
                "error",
                "account-conflict",
                v.where,
                `${what} appears again with other policies, groups or attributes (first at ${prior.where.file}:${prior.where.line}): which one is in force is not known`,
                "give each account's export once, all its pages from the same export",
              ),
        );
        return;
      }
      map.set(key, v);
    };
    for (const u of d.users) add(draftOf(accountOf(u.arn)).users, u.name, u, `user ${u.name}`, principalContent);
    for (const r of d.roles) add(draftOf(accountOf(r.arn)).roles, r.name, r, `role ${r.name}`, principalContent);
    for (const g of d.groups) add(draftOf(accountOf(g.arn)).groups, g.name, g, `group ${g.name}`, groupContent);
    for (const m of d.managed) {
      if (isAwsManaged(m.arn)) {
        const prior = awsManaged.get(m.arn);
        if (!prior || versionNumber(m.version) > versionNumber(prior.version)) awsManaged.set(m.arn, m);
      } else add(draftOf(accountOf(m.arn)).managed, m.arn, m, `policy ${m.arn}`, managedContent);
    }
  }
  // IAM policy names are unique in an account, whatever their path, and not told apart by case
  // (IAM API Reference, CreatePolicy: PolicyName): ids are made of names, so two would be one.
  for (const a of accounts.values()) {
    const byName = new Map<string, PendingManaged>();
    for (const m of a.managed.values()) {
      const prior = byName.get(m.name.toLowerCase());
      if (!prior) {
        byName.set(m.name.toLowerCase(), m);
        continue;
      }
      diagnostics.push(
        located(
          "error",
          "account-conflict",
          m.where,
          `policies ${prior.arn} and ${m.arn} have the same name in account ${a.account}: IAM policy names are unique in an account, whatever their path or letter case`,
        ),
      );
    }
  }
  // A paginated export: every page but the last says IsTruncated. One complete page per account.
  for (const [account, list] of pages) {
    const complete = list.filter((d) => d.truncated !== true).length;
    if (complete === 0) {
      const last = list[list.length - 1];
      diagnostics.push({
        code: "account-truncated",
        severity: "error",
        file: last.file,
        ...(last.truncatedAt ? { line: last.truncatedAt.line, column: last.truncatedAt.column } : {}),
        path: `/${last.truncatedKey ?? "IsTruncated"}`,
        message: `the export of account ${account} is truncated (${last.truncatedBy ?? "IsTruncated true"}) and its last page is missing`,
        hint: "give every page (the AWS CLI fetches them all unless --max-items or --no-paginate is used)",
      });
    }
  }
  if (hasErrors(diagnostics)) return undefined;
  const out = [...accounts.values()].sort((x, y) => (x.account < y.account ? -1 : 1));
  // AWS managed policies are the same in every account: each account sees the one set.
  for (const a of out) for (const [arn, m] of awsManaged) a.managed.set(arn, m);
  if (out.length === 0 && drafts.length > 0) {
    diagnostics.push({
      code: "account-unknown-account",
      severity: "error",
      file: drafts[0].file,
      message: "no account found: the files hold no users, groups, roles or customer managed policies",
    });
    return undefined;
  }
  return out;
}

/** What decides access of a user or role, for telling a repeated entry from a different one. */
function principalContent(p: PendingPrincipal): string {
  return JSON.stringify([
    p.kind,
    p.arn,
    p.path,
    p.tags,
    p.groups.map((g) => g.name),
    p.attached.map((r) => r.arn),
    p.inline.map((i) => [i.name, i.document]),
    p.boundary?.arn,
    p.trust?.document,
    p.instanceProfiles,
  ]);
}

function groupContent(g: PendingGroup): string {
  return JSON.stringify([g.arn, g.path, g.attached.map((r) => r.arn), g.inline.map((i) => [i.name, i.document])]);
}

function managedContent(m: PendingManaged): string {
  return JSON.stringify([m.arn, m.name, m.path, m.version, m.document]);
}

function isAwsManaged(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

function assemble(
  drafts: FileDraft[],
  options: ImportOptions,
  diagnostics: Diagnostic[],
): { model: AccessModel; summary: ImportSummary } | undefined {
  const accounts = groupAccounts(drafts, diagnostics);
  if (!accounts) return undefined;
  const multi = accounts.length > 1;
  const prefix = (account: string) => (multi ? `${account}/` : "");
  const policies = new Map<string, ModelPolicy>();
  const principals: ModelPrincipal[] = [];
  const instanceProfiles = new Map<string, ModelInstanceProfile>();
  const groups: ModelGroup[] = [];
  const unknowns: ModelUnknown[] = [];
  const attachedIds = new Set<string>();
  const boundaryIds = new Set<string>();
  const principalByArn = new Map<string, string>();
  const accountSet = new Set(accounts.map((a) => a.account));

  const addPolicy = (p: Omit<ModelPolicy, "quota">): void => {
    const quota = quotaOf(p.kind);
    policies.set(p.id, { ...p, ...(quota === undefined ? {} : { quota }) });
  };
  const managedId = (account: string, m: { arn: string; name: string }) =>
    isAwsManaged(m.arn) ? `aws-managed/${m.name}` : `${prefix(account)}policy/${m.name}`;
  // The line and column read through: a field's (see `where`) are worked out when first read.
  const loc = (w: Where) => ({
    file: w.file,
    get line() {
      return w.line;
    },
    get column() {
      return w.column;
    },
  });

  for (const a of accounts) {
    // Managed policies in the file (customer managed and the attached AWS managed ones).
    for (const m of [...a.managed.values()].sort((x, y) => (x.arn < y.arn ? -1 : 1))) {
      const id = managedId(a.account, m);
      if (policies.has(id) || !m.document) continue;
      addPolicy({
        id,
        name: m.name,
        kind: isAwsManaged(m.arn) ? "aws-managed" : "managed",
        policyType: "identity",
        arn: m.arn,
        path: m.path,
        ...(m.description ? { description: m.description } : {}),
        ...(m.version ? { version: m.version } : {}),
        document: m.document,
        size: m.size ?? 0,
        location: loc(m.where),
      });
    }
  }

  const lookup = options.managedPolicy ?? catalogManagedPolicy;
  /**
   * A policy whose document is not known: attached all the same, its whole document unknown, so
   * that decisions it could change are `Unknown` rather than decided without it.
   */
  const addUnknown = (id: string, name: string, arn: string | undefined, reason: string): void => {
    if (policies.has(id)) {
      const prior = policies.get(id)!;
      if (prior.unknown && !prior.unknown.reasons.includes(reason)) {
        policies.set(id, { ...prior, unknown: { whole: true, reasons: [...prior.unknown.reasons, reason] } });
      }
      return;
    }
    addPolicy({
      id,
      name,
      kind: arn && isAwsManaged(arn) ? "aws-managed" : "managed",
      policyType: "identity",
      ...(arn ? { arn } : {}),
      document: { Version: "2012-10-17", Statement: [] },
      size: 0,
      unknown: { whole: true, reasons: [reason] },
    });
  };

  /** A managed policy reference → its id: in the file, from the lookup, or a policy of unknown document. */
  const resolve = (a: AccountDraft, ref: Ref, holder: string, boundary = false): string => {
    const inFile = a.managed.get(ref.arn);
    if (inFile) return managedId(a.account, inFile);
    const name = ref.arn.slice(ref.arn.lastIndexOf("/") + 1);
    const aws = isAwsManaged(ref.arn);
    const id = aws ? `aws-managed/${name}` : `${prefix(a.account)}policy/${name}`;
    const known = policies.get(id);
    if (known && !known.unknown) {
      if (known.arn === undefined || known.arn === ref.arn) return id;
      // Not the policy of that name in the file: another path (names are unique in an account).
      diagnostics.push(
        located(
          "error",
          "account-conflict",
          ref,
          `${holder} refers to ${ref.arn}, but the policy named ${name} in the file is ${known.arn}: the export is not consistent`,
        ),
      );
      return id;
    }
    if (aws && !policies.has(id)) {
      const record = lookup(ref.arn);
      if (record) {
        const read = readDetachedDocument(record.document, ref, `AWS managed policy ${name}`);
        diagnostics.push(...read.diagnostics);
        if (read.document) {
          const path = record.path ?? ref.arn.slice(ref.arn.indexOf(":policy/") + 7, ref.arn.lastIndexOf("/") + 1);
          addPolicy({
            id,
            name: record.name ?? name,
            kind: "aws-managed",
            policyType: "identity",
            arn: ref.arn,
            path,
            ...(record.version ? { version: record.version } : {}),
            document: read.document,
            size: read.size ?? 0,
          });
          return id;
        }
      }
    }
    const message = aws
      ? `the document of AWS managed policy ${ref.arn} is not in the file nor in ai-iam's catalog of AWS managed policies`
      : `policy ${ref.arn} is not in the file`;
    unknowns.push({ resource: holder, property: ref.path, message });
    addUnknown(id, name, ref.arn, `${holder}: ${message}`);
    diagnostics.push(
      located(
        "warning",
        "account-unknown-policy",
        ref,
        boundary
          ? `${holder} has ${ref.arn} as its permissions boundary, whose document is not known here: decisions the boundary could limit are Unknown (it is not read as no boundary)`
          : `${holder} refers to ${ref.arn}, whose document is not known here: decisions it could change are Unknown (it is read neither as granting nothing nor as denying)`,
        aws
          ? "export without --filter so the file includes the AWS managed policies in use"
          : "export the whole account (a filtered export leaves out policies)",
      ),
    );
    return id;
  };

  for (const a of accounts) {
    const pre = prefix(a.account);
    const groupIds = new Map<string, string>();
    /** Groups users are members of that the file does not hold. */
    const missingGroups = new Set<string>();
    for (const g of [...a.groups.values()].sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const id = `${pre}group/${g.name}`;
      groupIds.set(g.name, id);
      const inline = g.inline.map((p) => {
        const pid = `${id}/inline/${p.name}`;
        addPolicy({
          id: pid,
          name: p.name,
          kind: "inline-group",
          policyType: "identity",
          document: p.document,
          size: p.size,
          owner: id,
          location: loc(p.where),
        });
        return pid;
      });
      const managed = g.attached.map((r) => resolve(a, r, `group ${g.name}`));
      for (const m of managed) attachedIds.add(m);
      groups.push({
        id,
        name: g.name,
        arn: g.arn,
        path: g.path,
        managedPolicies: sortedUnique(managed),
        inlinePolicies: sortedUnique(inline),
        location: loc(g.where),
      });
    }
    for (const p of [...a.users.values(), ...a.roles.values()]) {
      const id = `${pre}${p.kind}/${p.name}`;
      principalByArn.set(p.arn, id);
      const inlineKind: ModelPolicyKind = p.kind === "user" ? "inline-user" : "inline-role";
      const inline = p.inline.map((ip) => {
        const pid = `${id}/inline/${ip.name}`;
        addPolicy({
          id: pid,
          name: ip.name,
          kind: inlineKind,
          policyType: "identity",
          document: ip.document,
          size: ip.size,
          owner: id,
          location: loc(ip.where),
        });
        return pid;
      });
      const managed = p.attached.map((r) => resolve(a, r, `${p.kind} ${p.name}`));
      for (const m of managed) attachedIds.add(m);
      const groupList: string[] = [];
      for (const g of p.groups) {
        const gid = groupIds.get(g.name);
        if (gid) groupList.push(gid);
        else {
          const message = `group ${g.name} is not in the file`;
          unknowns.push({ resource: `user ${p.name}`, property: g.where.path, message });
          // The membership is kept: the group's policies stand as one policy of unknown document.
          const missingId = `${pre}group/${g.name}`;
          const policyId = `${missingId}/unknown`;
          addUnknown(
            policyId,
            policyId,
            undefined,
            `user ${p.name} is a member of ${message}: its policies are not known`,
          );
          if (!missingGroups.has(g.name)) {
            missingGroups.add(g.name);
            groups.push({
              id: missingId,
              name: g.name,
              // Its path is not known: the ARN a group at the root would have.
              arn: `arn:${a.partition}:iam::${a.account}:group/${g.name}`,
              managedPolicies: [policyId],
              inlinePolicies: [],
            });
          }
          groupList.push(missingId);
          diagnostics.push(
            located(
              "warning",
              "account-unknown-group",
              g.where,
              `user ${p.name} is a member of group ${g.name}, which is not in the file: decisions its policies could change are Unknown`,
            ),
          );
        }
      }
      const principal: ModelPrincipal = {
        id,
        kind: p.kind,
        name: p.name,
        arn: p.arn,
        path: p.path,
        tags: p.tags,
        groups: sortedUnique(groupList),
        managedPolicies: sortedUnique(managed),
        inlinePolicies: sortedUnique(inline),
        location: loc(p.where),
      };
      if (multi) principal.account = a.account;
      const byName = [...p.groups].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const team = teamOf(
        p.tags,
        p.path,
        byName.map((g) => a.groups.get(g.name)?.path),
      );
      if (team) principal.team = team;
      if (p.kind === "user") principal.human = true;
      if (p.boundary) {
        const bid = resolve(a, p.boundary, `${p.kind} ${p.name}`, true);
        boundaryIds.add(bid);
        principal.boundary = bid;
      }
      if (p.trust) {
        const tid = `${id}/trust`;
        addPolicy({
          id: tid,
          name: p.trust.name,
          kind: "trust",
          policyType: "trust",
          document: p.trust.document,
          size: p.trust.size,
          owner: id,
          location: loc(p.trust.where),
        });
        principal.trustPolicy = tid;
        const services = p.trust.document.Statement.flatMap((s) =>
          s.Effect === "Allow" && s.Principal && s.Principal !== "*" ? (s.Principal.Service ?? []) : [],
        );
        if (services.length > 0) principal.service = [...new Set(services)].sort()[0];
      }
      // Identity Center provisions one role per permission set and account, for people to sign in to.
      if (p.kind === "role" && p.path.startsWith("/aws-reserved/sso.amazonaws.com/")) principal.human = true;
      for (const ip of p.instanceProfiles) {
        const ipId = `${pre}instance-profile/${ip.name}`;
        const profile = instanceProfiles.get(ipId) ?? { id: ipId, name: ip.name, arn: ip.arn, roles: [] };
        if (!profile.roles.includes(id)) profile.roles.push(id);
        instanceProfiles.set(ipId, profile);
      }
      if (p.lastUsed) principal.lastUsed = p.lastUsed;
      principals.push(principal);
    }
  }

  // A managed policy used only as a permissions boundary is a boundary.
  for (const id of boundaryIds) {
    const p = policies.get(id);
    if (p && p.kind === "managed" && !attachedIds.has(id)) {
      policies.set(id, { ...p, kind: "boundary", policyType: "boundary" });
    }
  }

  principals.sort(byId);
  const trust = trustEdges(principals, policies, principalByArn, accountSet);
  const identity = principals.some((p) => p.kind === "role" && p.path?.startsWith("/aws-reserved/sso.amazonaws.com/"))
    ? "identity-center"
    : principals.some((p) => p.kind === "user")
      ? "iam-users"
      : principals.length > 0
        ? "iam-roles"
        : undefined;
  const model: AccessModel = {
    source: { kind: "account", path: drafts.map((d) => d.file).join(", ") },
    account: accounts[0].account,
    ...(multi ? { accounts: accounts.map((a) => a.account) } : {}),
    partition: accounts[0].partition,
    region: options.region ?? DEFAULT_REGION,
    ...(identity ? { identity } : {}),
    principals,
    groups: groups.sort(byId),
    policies: [...policies.values()].sort(byId),
    resourcePolicies: [],
    ...(unknowns.length > 0 ? { unknowns } : {}),
    ...(instanceProfiles.size > 0 ? { instanceProfiles: [...instanceProfiles.values()].sort(byId) } : {}),
  };
  const summary: ImportSummary = {
    accounts: accounts.map((a) => ({
      account: a.account,
      files: a.files,
      users: a.users.size,
      groups: a.groups.size,
      roles: a.roles.size,
      managedPolicies: [...a.managed.values()].filter((m) => !isAwsManaged(m.arn)).length,
    })),
    trust,
  };
  return { model, summary };
}

/** A document that came from outside the file (the managed-policy catalog): problems point at the reference. */
function readDetachedDocument(value: unknown, ref: Ref, what: string) {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const el = new StreamedElement(ref.file, ref.path, text, { line: ref.line, column: ref.column, offset: 0 });
  return readPolicyDocument(el, "", value, "identity", what);
}

function sortedUnique(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

/** Who each role trusts, classified; an imported principal is named by its id. */
function trustEdges(
  principals: readonly ModelPrincipal[],
  policies: ReadonlyMap<string, ModelPolicy>,
  principalByArn: ReadonlyMap<string, string>,
  accounts: ReadonlySet<string>,
): TrustEdge[] {
  const out: TrustEdge[] = [];
  for (const role of principals) {
    if (role.kind !== "role" || !role.trustPolicy) continue;
    const doc = policies.get(role.trustPolicy)?.document;
    if (!doc) continue;
    const own = parseArn(role.arn);
    const ownAccount = own.ok ? own.arn.account : "";
    for (const s of doc.Statement) {
      if (s.Effect !== "Allow" || !s.Principal) continue;
      const conditional = s.Condition !== undefined && Object.keys(s.Condition).length > 0;
      if (s.Principal === "*") {
        out.push({ role: role.id, trusted: "*", kind: "anyone", conditional });
        continue;
      }
      for (const svc of s.Principal.Service ?? [])
        out.push({ role: role.id, trusted: svc, kind: "service", conditional });
      for (const fed of s.Principal.Federated ?? [])
        out.push({ role: role.id, trusted: fed, kind: "federated", conditional });
      for (const aws of s.Principal.AWS ?? []) {
        if (aws === "*") {
          out.push({ role: role.id, trusted: aws, kind: "anyone", conditional });
          continue;
        }
        const account = /^\d{12}$/.test(aws)
          ? aws
          : (() => {
              const parsed = parseArn(aws);
              return parsed.ok ? parsed.arn.account : undefined;
            })();
        const principal = principalByArn.get(aws);
        const kind: TrustEdge["kind"] =
          account === ownAccount
            ? "same-account"
            : account && accounts.has(account)
              ? "imported-account"
              : "external-account";
        out.push({
          role: role.id,
          trusted: aws,
          kind,
          ...(principal ? { principal } : {}),
          ...(account ? { account } : {}),
          conditional,
        });
      }
    }
  }
  return out.sort((x, y) =>
    x.role < y.role ? -1 : x.role > y.role ? 1 : x.trusted < y.trusted ? -1 : x.trusted > y.trusted ? 1 : 0,
  );
}

/**
 * The team an account says a principal belongs to: its `team` tag (`Team`, `TEAM`), else the
 * `/teams/<name>/` path of the principal or, for a user, of its first group (by name) with one.
 * Nothing is guessed beyond these conventions; `prove`'s isolation and the review tables use it.
 */
function teamOf(
  tags: Record<string, string>,
  path: string,
  groupPaths: ReadonlyArray<string | undefined>,
): string | undefined {
  const tag = tags.team ?? tags.Team ?? tags.TEAM;
  if (tag !== undefined && tag.trim() !== "") return tag.trim();
  for (const pth of [path, ...groupPaths]) {
    const m = pth ? /^\/teams\/([^/]+)\//.exec(pth) : null;
    if (m) return m[1];
  }
  return undefined;
}
