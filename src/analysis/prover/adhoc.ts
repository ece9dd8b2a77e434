/**
 * Ad-hoc properties from the command line: `--never '<principal> <action> <resource>'` and
 * `--always ...`, with the patterns of a spec's `expect: never|always` tests: the principal a
 * model id, `team/member`, or a pattern of ids (`nlp/*`) — for a policy set, the ARN of the
 * principal the set belongs to —; the action `service:Action`, a pattern of the catalog's actions
 * (`s3:Get*`) or `*`; the resource an ARN pattern or `*`. Every malformed argument is a diagnostic
 * that points into it (the option and its occurrence as the file, the column of the bad part).
 */
import { getCatalog } from "../../catalog/index.js";
import { didYouMean } from "../../diagnostics/did-you-mean.js";
import type { Diagnostic } from "../../diagnostics/index.js";
import { parsePrincipal } from "../../engine/index.js";
import type { AccessModel } from "../../model/types.js";
import { isArnLike } from "../../policy/arn.js";
import type { PropertyDefinition } from "./guardrails.js";
import { testPrincipals } from "./tests.js";

/** One `--never` / `--always` argument as written. */
export interface AdHocArgument {
  expect: "never" | "always";
  text: string;
  /** Its place among the arguments of that option (1-based), for diagnostics and the property id. */
  index: number;
}

/** What the principal part names: model principals, or (a policy set) one principal ARN. */
export type PrincipalScope = { model: AccessModel } | { policySet: true };

export interface AdHocResult {
  properties: PropertyDefinition[];
  /** For a policy set: the principal ARN of each property, by id. */
  principals: Map<string, string>;
  diagnostics: Diagnostic[];
}

function located(arg: AdHocArgument, column: number, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = {
    code: "cli-usage",
    severity: "error",
    message: `--${arg.expect} '${arg.text}': ${message}`,
    file: `--${arg.expect} #${arg.index}`,
    line: 1,
    column,
  };
  if (hint) d.hint = hint;
  return d;
}

function checkAction(action: string): string | undefined {
  if (action === "*") return undefined;
  const catalog = getCatalog();
  const colon = action.indexOf(":");
  if (colon <= 0) return "the action must be service:Action, a pattern such as s3:Get*, or *";
  const service = action.slice(0, colon).toLowerCase();
  if (!catalog.hasService(service)) return `unknown service '${service}'`;
  if (catalog.action(action)) return undefined;
  if (/[*?]/.test(action.slice(colon + 1))) {
    return catalog.expandActionPattern(action).actions.length > 0
      ? undefined
      : `action pattern '${action}' matches no action of '${service}'`;
  }
  return `unknown action '${action}'`;
}

/** Reads the arguments into properties (`never/1`, `always/2`, ...) or diagnostics for every bad part. */
export function adHocProperties(args: readonly AdHocArgument[], scope: PrincipalScope): AdHocResult {
  const out: AdHocResult = { properties: [], principals: new Map(), diagnostics: [] };
  for (const arg of args) {
    const parts: { text: string; column: number }[] = [];
    for (const m of arg.text.matchAll(/\S+/g)) parts.push({ text: m[0], column: (m.index ?? 0) + 1 });
    if (parts.length !== 3) {
      out.diagnostics.push(
        located(
          arg,
          parts[3]?.column ?? arg.text.length + 1,
          `expected three parts, '<principal> <action> <resource>', not ${parts.length}`,
          `e.g. --${arg.expect} 'nlp/* s3:* arn:aws:s3:::acme-ai-datasets/imagenet/*'`,
        ),
      );
      continue;
    }
    const [principal, action, resource] = parts;
    const bad = out.diagnostics.length;
    const actionProblem = checkAction(action.text);
    if (actionProblem) {
      const names = getCatalog()
        .services()
        .flatMap((s) => (getCatalog().service(s)?.actions ?? []).map((a) => a.key));
      out.diagnostics.push(located(arg, action.column, actionProblem, didYouMean(action.text, names)));
    }
    if (resource.text !== "*" && !isArnLike(resource.text)) {
      out.diagnostics.push(
        located(arg, resource.column, `'${resource.text}' is not an ARN pattern (arn:partition:service:...) or *`),
      );
    }
    let ids: string[] = [];
    if ("model" in scope) {
      const found = testPrincipals(scope.model, { principal: principal.text });
      ids = found.ids;
      if (ids.length === 0) {
        const all = scope.model.principals.map((p) => p.id).sort();
        out.diagnostics.push(
          located(
            arg,
            principal.column,
            found.note ?? `no principal '${principal.text}' in the model`,
            didYouMean(principal.text, all) ?? `principals: ${all.slice(0, 12).join(", ")}`,
          ),
        );
      }
    } else if (/[*?]/.test(principal.text) || !principal.text.startsWith("arn:")) {
      out.diagnostics.push(
        located(
          arg,
          principal.column,
          "for a policy set, the principal is the ARN of the one principal the set belongs to (no wildcards)",
          "e.g. arn:aws:iam::123456789012:role/analyst",
        ),
      );
    } else if (parsePrincipal(principal.text).kind === "Unknown") {
      out.diagnostics.push(located(arg, principal.column, `'${principal.text}' is not a principal ARN`));
    }
    if (out.diagnostics.length > bad) continue;
    const id = `${arg.expect}/${arg.index}`;
    out.properties.push({
      id,
      title: `${arg.expect === "never" ? "is never allowed" : "is always allowed"} ${action.text} on ${resource.text}`,
      expect: arg.expect,
      ...("model" in scope ? { principals: { ids } } : {}),
      checks: [{ action: action.text, resource: resource.text }],
    });
    if (!("model" in scope)) out.principals.set(id, principal.text);
  }
  return out;
}
