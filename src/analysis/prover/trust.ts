/**
 * Who may assume a role: a trust policy's change is new access when some principal may assume the
 * role under the new policy and not under the old one. The caller's own policies are taken to allow
 * (`Allow *`): the question is what the trust policy lets in, wherever its callers come from.
 *
 * Callers are concrete principals: every principal either version names (accounts, roles, users,
 * services, identity providers), for each account its root, a user and a role session, principals
 * built from `aws:PrincipalArn` patterns in conditions, and outsiders (an unrelated account,
 * anonymous). The solver covers every action, resource and context for each of them.
 */
import type { PolicySet } from "../../policy/policy-set.js";
import { TRUST_POLICY_ACTIONS } from "../../policy/trust.js";
import type { PolicyDocument, Principal } from "../../policy/types.js";
import { type ProofResult, type ProveOptions, proveNoNewAccess } from "./prove.js";

/** An account no policy names: stands for everyone else. */
export const OUTSIDER_ACCOUNT = "999999999999";

function principalValues(p: Principal | undefined): { type: string; value: string }[] {
  if (!p) return [];
  if (p === "*") return [{ type: "AWS", value: "*" }];
  return Object.entries(p).flatMap(([type, values]) => (values ?? []).map((value) => ({ type, value })));
}

function accountCallers(account: string, partition: string): string[] {
  return [
    `arn:${partition}:iam::${account}:root`,
    `arn:${partition}:iam::${account}:user/someone`,
    `arn:${partition}:sts::${account}:assumed-role/some-role/session`,
  ];
}

/** The callers considered for the trust policies (sorted, unique). */
export function trustCallers(docs: (PolicyDocument | undefined)[], account: string, partition = "aws"): string[] {
  const out = new Set<string>([
    "*",
    ...accountCallers(account, partition),
    ...accountCallers(OUTSIDER_ACCOUNT, partition),
  ]);
  const accounts = new Set([account, OUTSIDER_ACCOUNT]);
  const addArn = (arn: string) => {
    const m = /^arn:([^:]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(arn);
    if (!m) return false;
    accounts.add(m[2]);
    for (const c of accountCallers(m[2], m[1])) out.add(c);
    if (m[3].startsWith("role/")) {
      const name = m[3].slice(m[3].lastIndexOf("/") + 1);
      out.add(`arn:${m[1]}:sts::${m[2]}:assumed-role/${name}/session`);
      out.add(arn);
    } else if (m[3].startsWith("user/")) out.add(arn);
    return true;
  };
  for (const doc of docs) {
    for (const st of doc?.Statement ?? []) {
      for (const { type, value } of [...principalValues(st.Principal), ...principalValues(st.NotPrincipal)]) {
        if (value === "*") continue;
        if (type !== "AWS") out.add(value);
        else if (/^\d{12}$/.test(value)) {
          accounts.add(value);
          for (const c of accountCallers(value, partition)) out.add(c);
        } else if (!addArn(value)) out.add(value);
      }
      // Principals an ARN condition describes (`arn:aws:iam::*:role/ci-*`): one per account.
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        if (!/^(ForAnyValue:|ForAllValues:)?(Arn|String)(Like|Equals)(IfExists)?$/i.test(op)) continue;
        for (const [key, values] of Object.entries(keys)) {
          if (key.toLowerCase() !== "aws:principalarn") continue;
          for (const v of values) {
            for (const a of accounts) addArn(v.replace(/^(arn:[^:]*:iam::)\*(?=:)/, `$1${a}`).replace(/[*?]/g, "x"));
          }
        }
      }
    }
  }
  return [...out].sort();
}

export interface TrustOptions extends Omit<ProveOptions, "principal" | "resourceAccount"> {
  /** The role's ARN. */
  role: string;
  /** The role's account. */
  account: string;
}

/** May anyone assume the role under `newTrust` who may not under `oldTrust`? */
export function proveTrustNoNewAccess(
  oldTrust: PolicyDocument | undefined,
  newTrust: PolicyDocument | undefined,
  opts: TrustOptions,
): Promise<ProofResult> {
  const callerPolicies = [{ name: "caller's own policies (assumed to allow)", document: allowAll() }];
  const set = (trust: PolicyDocument | undefined): PolicySet =>
    trust
      ? { identityPolicies: callerPolicies, resourcePolicy: { name: "trust policy", document: trust } }
      : { identityPolicies: callerPolicies };
  const { role, account, ...rest } = opts;
  return proveNoNewAccess(set(oldTrust), set(newTrust), {
    ...rest,
    principal: trustCallers([oldTrust, newTrust], account, opts.partition),
    resourceAccount: account,
    // Only the trust question: assuming this role.
    pattern: {
      action: [...TRUST_POLICY_ACTIONS],
      resource: role,
    },
  });
}

function allowAll(): PolicyDocument {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] };
}
