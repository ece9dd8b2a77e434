import type { AccessModel, ModelPolicy, PolicyUnknown } from "../../src/model/types.js";
import type { Statement } from "../../src/policy/types.js";

/** The account every model of this helper is in. */
export const PROGRAM_ACCOUNT = "123456789012";

export interface ProgramPolicy {
  id: string;
  statements: Statement[];
  /** What capture could not see of it. */
  unknown?: PolicyUnknown;
  /** A permissions boundary (of the principals that take every policy) rather than a managed policy. */
  boundary?: boolean;
}

/**
 * A model as capture builds it from a Pulumi program: managed policies (some with parts capture
 * could not see) attached to roles. Each principal takes the named policies, or `"all"`: every
 * managed policy, and the boundary when there is one.
 */
export function programModel(
  policies: readonly ProgramPolicy[],
  principals: Readonly<Record<string, readonly string[] | "all">> = { fn: "all" },
): AccessModel {
  const ps: ModelPolicy[] = policies.map((p) => ({
    id: p.id,
    name: p.id,
    kind: p.boundary ? "boundary" : "managed",
    policyType: p.boundary ? "boundary" : "identity",
    document: { Version: "2012-10-17", Statement: p.statements },
    size: 0,
    ...(p.unknown ? { unknown: p.unknown } : {}),
  }));
  const boundary = policies.find((p) => p.boundary)?.id;
  const managed = policies.filter((p) => !p.boundary).map((p) => p.id);
  return {
    source: { kind: "program", path: "p" },
    account: PROGRAM_ACCOUNT,
    partition: "aws",
    region: "us-east-1",
    principals: Object.entries(principals).map(([id, attached]) => ({
      id,
      kind: "role" as const,
      name: id,
      arn: `arn:aws:iam::${PROGRAM_ACCOUNT}:role/${id}`,
      tags: {},
      groups: [],
      managedPolicies: attached === "all" ? managed : [...attached],
      inlinePolicies: [],
      ...(attached === "all" && boundary ? { boundary } : {}),
    })),
    groups: [],
    policies: ps,
    resourcePolicies: [],
  };
}
