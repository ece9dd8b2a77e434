import type { MessageData, RuleMeta } from "./types.js";

/**
 * Rendering a rule's messages (ESLint's `meta.messages` and `messageId`): a message is a template
 * whose `{{name}}` placeholders (spaces inside the braces allowed) are filled from a report's
 * `data`, in one pass (a value holding `{{x}}` is not expanded again).
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*)\s*\}\}/g;

/** The runner's own message, for a rule that throws (the run goes on; the crash is a finding). */
export const INTERNAL_ERROR = "internal-error";
/**
 * The runner's own message for the findings of one rule on one policy past the first
 * `REPEAT_LIMIT` (src/analysis/checks/runner.ts): one finding stands for them all.
 */
export const REPEATED = "repeated";
const RUNNER_MESSAGES: Readonly<Record<string, string>> = {
  [INTERNAL_ERROR]: "internal error in rule {{rule}}: {{error}}",
  [REPEATED]: "{{count}} more findings of this rule in this policy, not listed one by one ({{where}})",
};

/** Whether `messageId` is one of the runner's own messages (no rule declares them). */
export function isRunnerMessage(messageId: string): boolean {
  return Object.hasOwn(RUNNER_MESSAGES, messageId);
}

/** A rule reported a `messageId` it does not declare, or left a placeholder without data: a bug in the rule. */
export class RuleMessageError extends Error {
  override name = "RuleMessageError";
}

/** The placeholder names of a template, in order of first appearance. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Templates split at their placeholders: text, name, text, ..., text (the rules' messages are a
 * few hundred; a check of thousands of files renders each many times). Bounded all the same.
 */
const splitTemplates = new Map<string, string[]>();
const SPLIT_LIMIT = 1024;

function splitTemplate(template: string): string[] {
  let parts = splitTemplates.get(template);
  if (!parts) {
    parts = [];
    let from = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      parts.push(template.slice(from, m.index), m[1]);
      from = m.index + m[0].length;
    }
    parts.push(template.slice(from));
    if (splitTemplates.size >= SPLIT_LIMIT) splitTemplates.clear();
    splitTemplates.set(template, parts);
  }
  return parts;
}

/** Fill a template's placeholders; throws `RuleMessageError` when one has no value. */
export function interpolate(template: string, data: MessageData | undefined, where = "message"): string {
  const parts = splitTemplate(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    if (!data || !Object.hasOwn(data, name)) {
      throw new RuleMessageError(`${where}: no data for the placeholder {{${name}}}`);
    }
    out += String(data[name]) + parts[i + 1];
  }
  return out;
}

/** The template of `messageId`: the rule's own, or the runner's `internal-error`. */
export function messageTemplate(meta: Pick<RuleMeta, "id" | "messages">, messageId: string): string {
  if (Object.hasOwn(meta.messages, messageId)) return meta.messages[messageId];
  if (Object.hasOwn(RUNNER_MESSAGES, messageId)) return RUNNER_MESSAGES[messageId];
  const known = Object.keys(meta.messages).join(", ");
  throw new RuleMessageError(
    `rule ${meta.id} reported the unknown messageId ${JSON.stringify(messageId)} (it declares: ${known || "none"})`,
  );
}

/** The text of a report: `messageId` looked up in the rule's messages, placeholders filled from `data`. */
export function renderMessage(meta: Pick<RuleMeta, "id" | "messages">, messageId: string, data?: MessageData): string {
  return interpolate(messageTemplate(meta, messageId), data, `rule ${meta.id}, message ${messageId}`);
}
