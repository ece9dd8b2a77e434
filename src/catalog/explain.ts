import type { Diagnostic } from "../diagnostics/index.js";
import type { Catalog } from "./catalog.js";
import type { ActionInfo, ConditionKeyInfo } from "./types.js";

/** What one name given to `explain` is: the actions a name or pattern expands to, or a condition key. */
export type ExplainedName =
  | { input: string; kind: "actions"; actions: ActionInfo[] }
  | { input: string; kind: "condition-key"; conditionKey: ConditionKeyInfo };

/**
 * Looks up names in the catalog: an action, an action pattern (`s3:Get*`), or a condition key
 * (`aws:SourceIp`, `s3:prefix`). A name that matches nothing is a diagnostic located at its
 * position (`where(i)`), never a silently empty result.
 */
export function explainNames(
  catalog: Catalog,
  names: readonly string[],
  where: (index: number) => { file?: string; path?: string } = () => ({}),
): { results: ExplainedName[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const results: ExplainedName[] = [];
  names.forEach((input, i) => {
    const at = where(i);
    const asKey = !/[*?]/.test(input) && !catalog.action(input) ? catalog.conditionKey(input) : undefined;
    if (asKey) {
      results.push({ input, kind: "condition-key", conditionKey: asKey });
      return;
    }
    const colon = input.indexOf(":");
    if (colon > 0 && input.slice(0, colon).toLowerCase() === "aws") {
      // `aws:` is the namespace of the global condition keys, not a service.
      diagnostics.push({
        code: "explain-unknown-condition-key",
        severity: "error",
        message: `${JSON.stringify(input)} is not a global condition key (aws: is no service prefix)`,
        hint: 'see the IAM User Guide, "AWS global condition context keys"; e.g. aws:SourceIp, aws:PrincipalTag/team',
        ...at,
      });
      return;
    }
    const expanded = catalog.expandActionPattern(input, at);
    diagnostics.push(...expanded.diagnostics);
    if (expanded.actions.length > 0) results.push({ input, kind: "actions", actions: expanded.actions });
  });
  return { results, diagnostics };
}
