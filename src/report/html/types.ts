import type { Finding } from "../../analysis/checks/types.js";
import type { AccessMatrix, AccessStatus, CanResult } from "../../analysis/review/types.js";
import type { PolicyDocument } from "../../policy/types.js";

/** Everything the HTML report shows: plain result data, assembled by the CLI. */
export interface ReportData {
  /** The organization or program name. */
  title: string;
  source: { kind: string; path: string };
  account: string;
  region?: string;
  identity?: string;
  /** `ai-iam 0.1.0 · iam-data 0.21…` */
  generator: string;
  principals: ReportPrincipal[];
  matrix: AccessMatrix;
  /** Effective permissions, one per principal (same order as `principals`). */
  permissions: CanResult[];
  findings: ReportFinding[];
  policies: ReportPolicy[];
  tests: ReportTest[];
  /** When and from what the report was made. */
  provenance?: ReportProvenance;
  /** Findings a suppression silenced, each with the suppression's reason and author. */
  suppressed?: ReportSuppressed[];
  /** The spec's datasets and who may read or write each. */
  datasets?: ReportDataset[];
  /** The documentation's base URL (`…/docs`): rule ids link to `<docsUrl>/checks.md#<rule>`. */
  docsUrl?: string;
}

export interface ReportProvenance {
  /** ISO 8601; `SOURCE_DATE_EPOCH` fixes it for reproducible reports. */
  generatedAt: string;
  /** The git commit the spec was read at (abbreviated), when it is in a repository. */
  commit?: string;
  /** The spec has changes the commit does not hold. */
  dirty?: boolean;
}

/** A finding a suppression silenced. */
export interface ReportSuppressed extends ReportFinding {
  reason: string;
  /** Who wrote the suppression (git blame of its line), when known. */
  author?: string;
  /** When the suppression's line was written (ISO date), when known. */
  authoredAt?: string;
  /** Where the suppression is written. */
  source?: { file: string; line?: number };
}

export interface ReportDataset {
  name: string;
  bucket: string;
  prefix: string;
  classification?: string;
  /** Every principal that may read or write the dataset's objects, sorted by principal. */
  access: ReportDatasetAccess[];
}

export interface ReportDatasetAccess {
  principal: string;
  /** Reading its objects (s3:GetObject): outright, or only under conditions. */
  read?: AccessStatus;
  /** Changing them (s3:PutObject or s3:DeleteObject). */
  write?: AccessStatus;
}

export interface ReportPrincipal {
  id: string;
  kind: string;
  name: string;
  arn: string;
  team?: string;
  persona?: string;
  human?: boolean;
  /** Policy ids that apply (own and groups'), and the boundary. */
  policies: string[];
  boundary?: string;
}

/** A finding as the report shows it: a check's `Finding`, unsuppressed, with its rule's explanation. */
export interface ReportFinding extends Omit<Finding, "suppressed" | "policy"> {
  /** Policy id, linked to the policy's section. */
  policy?: string;
  /** The rule's longer explanation with its fix hint. */
  explanation?: string;
}

export interface ReportPolicy {
  id: string;
  name: string;
  kind: string;
  size: number;
  quota?: number;
  owner?: string;
  /** Principals and groups it is attached to. */
  attachedTo: string[];
  document: PolicyDocument;
}

export interface ReportTest {
  principal: string;
  action: string;
  resource: string;
  expect: "allow" | "deny" | "never" | "always";
  decision?: string;
  passed: boolean;
  /** The deciding statements, as text. */
  because?: string[];
  note?: string;
  file?: string;
  line?: number;
}
