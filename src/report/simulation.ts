import type { SimulationOutcome } from "../analysis/review/simulate.js";
import { oneLine } from "../diagnostics/index.js";
import { explanationLines } from "../engine/explain.js";

export type SimulationFormat = "text" | "json" | "jsonl";

/**
 * Renders `simulate`'s outcomes: `jsonl` one `{ id, decision, reasons? }` line each; `json` one
 * array of `{ id, principal, action, resource, decision, explanation? }` (one object for one
 * request); `text` a line each, with the reasons indented beneath when explained. An `Unknown`
 * decision always carries what could not be seen (`unknown`, and in text beneath the line).
 */
export function renderSimulation(
  outcomes: readonly SimulationOutcome[],
  opts: { format: SimulationFormat; explain: boolean },
): string {
  if (opts.format === "jsonl") {
    return outcomes
      .map((o) => {
        const line: { id: string; decision: string; unknown?: string[]; reasons?: string[] } = {
          id: o.id,
          decision: o.decision,
        };
        if (o.unknown) line.unknown = o.unknown;
        if (opts.explain) line.reasons = explanationLines(o.result);
        return `${JSON.stringify(line)}\n`;
      })
      .join("");
  }
  if (opts.format === "json") {
    const out = outcomes.map((o) => ({
      id: o.id,
      principal: o.request.principal,
      action: o.request.action,
      resource: o.request.resource,
      decision: o.decision,
      ...(o.unknown ? { unknown: o.unknown } : {}),
      ...(o.result.explanation ? { explanation: o.result.explanation, reasons: explanationLines(o.result) } : {}),
    }));
    return `${JSON.stringify(outcomes.length === 1 ? out[0] : out, null, 2)}\n`;
  }
  let text = "";
  for (const o of outcomes) {
    const r = o.request;
    text +=
      outcomes.length === 1
        ? `${o.decision}\n`
        : `${oneLine(`${o.id}: ${o.decision}  ${r.principal} ${r.action} ${r.resource}`)}\n`;
    // Policy names and ids are the input's text: each reason on its one line.
    for (const why of o.unknown ?? []) text += `  ? not known: ${oneLine(why)}\n`;
    if (opts.explain) for (const line of explanationLines(o.result)) text += `  - ${oneLine(line)}\n`;
  }
  return text;
}
