import type { Diagnostic } from "../../diagnostics/index.js";
import type { ModelPolicy } from "../../model/types.js";
import { parseJsonWithPositions } from "../../policy/json.js";
import { normalizePolicy } from "../../policy/normalize.js";
import { policySize } from "../../policy/size.js";
import type { PolicyKind } from "../../policy/types.js";
import { readPolicyDocument } from "./document.js";
import { StreamedElement } from "./element.js";
import { readTextChunks, type TextSource } from "./read-text.js";

/**
 * SCPs and RCPs as `aws organizations describe-policy` returns them (`{"Policy": {"PolicySummary":
 * {...,"Type": "SERVICE_CONTROL_POLICY"}, "Content": "<JSON text>"}}`), or a bare policy document.
 * `describe-policy` does not say where a policy is attached, so each input names its level: 0 is
 * the organization root, then each OU down to the account. The type comes from the summary
 * (an RCP given among `--scps` is still an RCP); a bare document is an SCP unless `kind` says
 * otherwise. `FullAWSAccess` and `RCPFullAWSAccess` stand for the AWS managed policies AWS
 * attaches to every level by default (AWS Organizations User Guide, "Service control policies"
 * and "Resource control policies").
 */
export interface OrganizationPolicyInput extends TextSource {
  /** 0 = root; levels need not be contiguous (they are ordered, not counted). */
  level: number;
  /** For a bare document; a `describe-policy` file says its own type. */
  kind?: "scp" | "rcp";
}

export interface OrganizationPolicies {
  policies: ModelPolicy[];
  scps: string[][];
  rcps: string[][];
}

const FULL_ACCESS: Record<string, { kind: "scp" | "rcp"; id: string; document: unknown }> = {
  FullAWSAccess: {
    kind: "scp",
    id: "p-FullAWSAccess",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  },
  RCPFullAWSAccess: {
    kind: "rcp",
    id: "p-RCPFullAWSAccess",
    document: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    },
  },
};

export async function readOrganizationPolicies(
  inputs: readonly OrganizationPolicyInput[],
  diagnostics: Diagnostic[],
): Promise<OrganizationPolicies> {
  const read: Array<{ policy: ModelPolicy; level: number }> = [];
  for (const input of inputs) {
    const builtIn = input.text === undefined ? FULL_ACCESS[input.file] : undefined;
    if (builtIn) {
      const n = normalizePolicy(builtIn.document, { kind: builtIn.kind });
      read.push({
        level: input.level,
        policy: {
          id: `${builtIn.kind}/${builtIn.id}`,
          name: input.file,
          kind: builtIn.kind,
          policyType: builtIn.kind,
          description: "AWS managed: allows every action (attached to every level by default)",
          document: n.document!,
          size: policySize(n.document!),
        },
      });
      continue;
    }
    const problems: Diagnostic[] = [];
    let text = "";
    for await (const chunk of readTextChunks(input, problems)) text += chunk;
    diagnostics.push(...problems);
    if (problems.length > 0) continue;
    const policy = readOne(input, text, diagnostics);
    if (policy) read.push({ level: input.level, policy });
  }
  const ids = new Set<string>();
  const levels = (kind: "scp" | "rcp"): string[][] => {
    const byLevel = new Map<number, string[]>();
    for (const { policy, level } of read) {
      if (policy.kind !== kind) continue;
      byLevel.set(level, [...(byLevel.get(level) ?? []), policy.id]);
    }
    return [...byLevel.entries()].sort(([a], [b]) => a - b).map(([, list]) => [...new Set(list)].sort());
  };
  const policies: ModelPolicy[] = [];
  for (const { policy } of read) {
    if (ids.has(policy.id)) continue;
    ids.add(policy.id);
    policies.push(policy);
  }
  const scps = levels("scp");
  const rcps = levels("rcp");
  for (const [kind, list] of [
    ["SCP", scps],
    ["RCP", rcps],
  ] as const) {
    list.forEach((level, i) => {
      const allows = level.some((id) =>
        policies.find((p) => p.id === id)?.document.Statement.some((s) => s.Effect === "Allow"),
      );
      if (!allows) {
        diagnostics.push({
          code: "account-scp-level-without-allow",
          severity: "warning",
          message: `${kind} level ${i} (${level.join(", ")}) has no Allow statement: it denies every request`,
          hint: `AWS attaches ${kind === "SCP" ? "FullAWSAccess" : "RCPFullAWSAccess"} to every level by default; if it is attached there, give it too (the name alone is enough)`,
        });
      }
    });
  }
  return { policies, scps, rcps };
}

function readOne(input: OrganizationPolicyInput, text: string, diagnostics: Diagnostic[]): ModelPolicy | undefined {
  const json = parseJsonWithPositions(text, input.file);
  if (json.value === undefined) {
    diagnostics.push(...json.diagnostics.map((d) => ({ ...d, code: "account-json-syntax" as const })));
    return undefined;
  }
  const el = new StreamedElement(input.file, "", text, { line: 1, column: 1, offset: 0 });
  const value = json.value as Record<string, unknown>;
  const policy = typeof value === "object" && value !== null ? value.Policy : undefined;
  if (typeof policy === "object" && policy !== null && !Array.isArray(policy)) {
    const p = policy as Record<string, unknown>;
    const summary = (typeof p.PolicySummary === "object" && p.PolicySummary !== null ? p.PolicySummary : {}) as Record<
      string,
      unknown
    >;
    const type = typeof summary.Type === "string" ? summary.Type : undefined;
    let kind: "scp" | "rcp";
    if (type === "SERVICE_CONTROL_POLICY") kind = "scp";
    else if (type === "RESOURCE_CONTROL_POLICY") kind = "rcp";
    else {
      diagnostics.push(
        el.diagnostic(
          "error",
          "account-organizations-type",
          type === undefined ? "/Policy" : "/Policy/PolicySummary/Type",
          type === undefined
            ? "the policy has no PolicySummary.Type"
            : `${JSON.stringify(type)} is not an authorization policy (SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY)`,
        ),
      );
      return undefined;
    }
    const id = typeof summary.Id === "string" ? summary.Id : input.file;
    const name = typeof summary.Name === "string" ? summary.Name : id;
    const doc = readPolicyDocument(
      el,
      "/Policy/Content",
      p.Content,
      kind as PolicyKind,
      `${kind.toUpperCase()} ${name}`,
    );
    diagnostics.push(...doc.diagnostics);
    if (!doc.document) return undefined;
    const description = typeof summary.Description === "string" ? summary.Description : undefined;
    const arn = typeof summary.Arn === "string" ? summary.Arn : undefined;
    return {
      id: `${kind}/${id}`,
      name,
      kind,
      policyType: kind,
      ...(arn ? { arn } : {}),
      ...(description ? { description } : {}),
      document: doc.document,
      size: doc.size ?? 0,
      location: { file: input.file, line: 1, column: 1 },
    };
  }
  if (typeof value === "object" && value !== null && "Statement" in value) {
    const kind = input.kind ?? "scp";
    const doc = readPolicyDocument(el, "", value, kind, `${kind.toUpperCase()} ${input.file}`);
    diagnostics.push(...doc.diagnostics);
    if (!doc.document) return undefined;
    const base = input.file.replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
    return {
      id: `${kind}/${base}`,
      name: base,
      kind,
      policyType: kind,
      document: doc.document,
      size: doc.size ?? 0,
      location: { file: input.file, line: 1, column: 1 },
    };
  }
  diagnostics.push(
    el.diagnostic(
      "error",
      "account-not-organizations-policy",
      "",
      'expected the output of `aws organizations describe-policy` ({"Policy": {...}}) or a policy document',
    ),
  );
  return undefined;
}

/**
 * `--scps` values → inputs with levels. Each value is one level, `[<level>=]<file>[,<file>...]`,
 * where `<level>` is `root`, `ou` (or `ou1`, `ou2`, ... from the root down), `account`, or a number;
 * values without a level take the next level after the previous one. `FullAWSAccess` stands for
 * the AWS managed policy of that name.
 */
export function organizationPolicyArguments(
  values: readonly string[],
  kind?: "scp" | "rcp",
): {
  inputs: OrganizationPolicyInput[];
  diagnostics: Diagnostic[];
} {
  const inputs: OrganizationPolicyInput[] = [];
  const diagnostics: Diagnostic[] = [];
  let next = 0;
  for (const value of values) {
    const m = /^(root|ou\d*|account|\d+)=(.*)$/.exec(value);
    let level = next;
    if (m) {
      const name = m[1];
      // Levels are ordered, not counted: root 0, ou/ou1 1, ou2 2, ..., the account last.
      if (name === "root") level = 0;
      else if (name === "account") level = 1000;
      else if (name.startsWith("ou")) level = Number(name.slice(2) || "1");
      else level = Number(name);
    }
    const files = (m ? m[2] : value).split(",").filter((f) => f !== "");
    if (files.length === 0) {
      diagnostics.push({
        code: "cli-usage",
        severity: "error",
        message: `--scps ${value}: no file (write [root=|ou=|ou2=|account=]file[,file...])`,
      });
      continue;
    }
    for (const file of files) inputs.push({ file, level, ...(kind ? { kind } : {}) });
    next = level + 1;
  }
  return { inputs, diagnostics };
}
