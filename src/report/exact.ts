import type { ProveReport } from "../analysis/prover/isolation.js";
import type { ExactDiff, ExactPrincipalResult } from "../analysis/prover/models.js";
import type { Counterexample } from "../analysis/prover/prove.js";
import type { AccessRequest } from "../policy/policy-set.js";
import { mdCode, mdText } from "./markdown.js";
import { type Paint, plain } from "./paint.js";

/**
 * The exact (SMT) part of a diff: per changed principal, proven / violated with the
 * engine-confirmed counterexample requests / unknown with why.
 */

const QUESTION: Record<ExactPrincipalResult["question"], string> = {
  access: "may do",
  trust: "who may assume it",
};

function contextText(request: AccessRequest): string {
  const entries = Object.entries(request.context ?? {})
    .filter(([k]) => !/^aws:(principalarn|principalaccount|principaltype|username|principaltag\/)/i.test(k))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(", ")}]` : v}`);
  return entries.length > 0 ? entries.join(", ") : "(no other keys)";
}

function findingLines(f: Counterexample, first: string, indent: string): string[] {
  const r = f.request;
  const decided = f.decisions.old ? `${f.decisions.old} → ${f.decisions.new}` : (f.decisions.decision ?? "");
  const future = f.hypothetical ? " (an action AWS may add, granted by a wildcard)" : "";
  const lines = [
    `${first}${r.action} on ${r.resource}${future}: ${decided}`,
    `${indent}  by ${r.principal}`,
    `${indent}  context: ${contextText(r)}`,
  ];
  if (f.classSize > 1) lines.push(`${indent}  and ${f.classSize - 1} more action(s) decided alike`);
  return lines;
}

export function exactSummary(d: ExactDiff): string {
  const violated = d.principals.filter((p) => p.status === "violated");
  const unknown = d.principals.filter((p) => p.status === "unknown");
  if (d.principals.length === 0) return "Exact check: no principal's policies changed.";
  if (violated.length > 0) {
    return `Exact check: new access for ${violated.length} of ${d.principals.length} changed principal question(s).`;
  }
  if (unknown.length > 0) {
    return `Exact check: could not decide ${unknown.length} of ${d.principals.length} changed principal question(s) (solver timeout or unsupported).`;
  }
  return `Exact check: proven — no new access for any request, in any context (${d.principals.length} changed).`;
}

export function renderExactText(d: ExactDiff, c: Paint = plain): string {
  const head = exactSummary(d);
  const lines = [d.status === "proven" ? c.bold(head) : c.bold(c.red(head))];
  for (const p of d.principals) {
    if (p.status === "proven") continue;
    lines.push("", `${c.bold(p.id)} ${c.dim(`(${QUESTION[p.question]}: ${p.status})`)}`);
    if (p.status === "unknown") lines.push(`  ${p.reason ?? "unknown"}`);
    for (const f of p.findings) lines.push(...findingLines(f, "  + ", "    "));
  }
  return `${lines.join("\n")}\n`;
}

export function renderExactMarkdown(d: ExactDiff): string {
  const icon = d.status === "proven" ? "✅" : d.status === "violated" ? "⚠️" : "❓";
  const out = ["", `#### ${icon} ${exactSummary(d)}`];
  const open = d.principals.filter((p) => p.status !== "proven");
  if (open.length === 0) return `${out.join("\n")}\n`;
  out.push("", "| principal | question | verdict | counterexample |", "| --- | --- | --- | --- |");
  for (const p of open) {
    const f = p.findings[0];
    const cex = f
      ? `${mdCode(f.request.action)} on ${mdCode(f.request.resource)} with ${mdCode(contextText(f.request))}`
      : mdText(p.reason ?? "");
    out.push(`| ${mdCode(p.id)} | ${QUESTION[p.question]} | ${p.status} | ${cex} |`);
  }
  return `${out.join("\n")}\n`;
}

export function renderProveText(r: ProveReport, c: Paint = plain): string {
  const count = (s: string) => r.properties.filter((p) => p.status === s).length;
  const head = `${r.properties.length} properties: ${count("proven")} proven, ${count("violated")} violated, ${count("unknown")} unknown.`;
  const lines = [r.status === "proven" ? c.bold(c.green(head)) : c.bold(c.red(head))];
  for (const p of r.properties) {
    const mark =
      p.status === "proven" ? c.green("proven  ") : p.status === "violated" ? c.red("violated") : c.yellow("unknown ");
    lines.push(`${mark} ${p.name}`);
    if (p.counterexample) lines.push(...findingLines(p.counterexample, "    counterexample: ", "      "));
    if (p.status === "unknown" && p.reason) lines.push(`    ${p.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
