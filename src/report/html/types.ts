import type { Finding } from "../../analysis/checks/types.js";
import type { AccessMatrix, CanResult } from "../../analysis/review/types.js";
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
  expect: "allow" | "deny";
  decision?: string;
  passed: boolean;
  /** The deciding statements, as text. */
  because?: string[];
  note?: string;
  file?: string;
  line?: number;
}
