/** Explanations as text, for the CLI and for humans reading test failures. */
import type { EvaluationResult, MatchedStatement, MissingAllow } from "./types.js";

function layerName(layer: string, level?: number): string {
  switch (layer) {
    case "scp":
      return `SCP level ${level ?? 0}`;
    case "rcp":
      return `RCP level ${level ?? 0}`;
    case "boundary":
      return "permissions boundary";
    case "resource":
      return "resource policy";
    case "session":
      return "session policy";
    default:
      return "identity policy";
  }
}

export function describeStatement(s: MatchedStatement): string {
  const sid = s.sid ? ` (${s.sid})` : "";
  const cond = s.conditions ? " [conditional]" : "";
  return `${s.effect === "Deny" ? "denied" : "allowed"} by ${layerName(s.layer, s.level)} ${s.policy}, statement ${s.statementIndex}${sid}${cond}`;
}

export function describeMissing(m: MissingAllow): string {
  const name = m.policy ? ` ${m.policy}` : "";
  return `no allow in ${layerName(m.layer, m.level)}${name}`;
}

/** One line per reason: matching statements, then missing allows, then notes. */
export function explanationLines(result: EvaluationResult): string[] {
  const e = result.explanation;
  if (!e) return [];
  const deciding =
    result.decision === "ExplicitlyDenied" ? e.statements.filter((s) => s.effect === "Deny") : e.statements;
  return [...deciding.map(describeStatement), ...e.missingAllows.map(describeMissing), ...e.notes];
}
