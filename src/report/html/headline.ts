import { isSensitive } from "./datasets.js";
import { groupByRule } from "./findings.js";
import { esc, plural } from "./html.js";
import type { ReportData } from "./types.js";

/**
 * What a security lead should look at first, most pressing first: failed access tests, error and
 * security findings (by rule), who can reach classified datasets, policies nearly out of room, and
 * suppressed findings. The first item is the report's headline.
 */

export interface Attention {
  level: "bad" | "warn" | "ok";
  /** HTML (escaped). */
  text: string;
  /** The section that shows it. */
  href: string;
}

/** Policies at or above this share of their quota leave no room for another statement. */
export const NEARLY_FULL = 0.95;

const whoMay = (n: number, verb: string) =>
  n === 0 ? `nobody may ${verb} it` : `${plural(n, "principal")} may ${verb} it`;

export function attention(data: ReportData): Attention[] {
  const out: Attention[] = [];
  const failed = data.tests.filter((t) => !t.passed);
  if (failed.length > 0) {
    const first = failed[0]!;
    out.push({
      level: "bad",
      text: `${plural(failed.length, "access test")} ${failed.length === 1 ? "fails" : "fail"}: <code>${esc(first.principal)}</code> ${esc(first.action)} expected ${esc(first.expect)}, got ${esc(first.decision ?? "an error")}`,
      href: "#tests",
    });
  }
  for (const g of groupByRule(data.findings)) {
    if (g.severity !== "error" && g.severity !== "security") continue;
    const principals = new Set(g.findings.map((f) => f.principal).filter(Boolean)).size;
    const policies = new Set(g.findings.map((f) => f.policy).filter(Boolean)).size;
    const scope =
      principals > 0
        ? ` for ${plural(principals, "principal")}`
        : policies > 0
          ? ` in ${plural(policies, "policy", "policies")}`
          : "";
    out.push({
      level: "bad",
      text: `${esc(g.severity)}: <code>${esc(g.rule)}</code>${esc(scope)} — ${esc(g.findings[0]!.message)}`,
      href: "#findings",
    });
  }
  for (const d of data.datasets ?? []) {
    if (!isSensitive(d.classification)) continue;
    const readers = d.access.filter((a) => a.read);
    const writers = d.access.filter((a) => a.write);
    const outright = readers.filter((a) => a.read === "Allowed").length;
    out.push({
      level: "warn",
      text: `<b>${esc(d.name)}</b> (${esc(d.classification)}): ${whoMay(readers.length, "read")}${
        readers.length > 0 && outright < readers.length
          ? ` (${outright} outright, the others only under conditions)`
          : ""
      }, ${whoMay(writers.length, "change")}`,
      href: "#datasets",
    });
  }
  // Packed managed policies are filled to near their quota by design and spill into the next one;
  // a boundary, trust or inline policy cannot spill.
  const full = data.policies.filter((p) => p.kind !== "managed" && p.quota && p.size / p.quota >= NEARLY_FULL);
  if (full.length > 0) {
    out.push({
      level: "warn",
      text: `${plural(full.length, "policy", "policies")} at ${Math.round(NEARLY_FULL * 100)}% or more of ${full.length === 1 ? "its" : "their"} size quota: ${full.length === 1 ? "it" : "they"} cannot spill into another policy, so a grant added may not fit`,
      href: "#policies",
    });
  }
  const suppressed = data.suppressed ?? [];
  if (suppressed.length > 0) {
    const serious = suppressed.filter((s) => s.severity === "error" || s.severity === "security").length;
    out.push({
      level: "warn",
      text: `${plural(suppressed.length, "finding")} suppressed${serious > 0 ? `, ${serious} of them error or security` : ""}: each has a written reason to review`,
      href: "#suppressed",
    });
  }
  if (!out.some((a) => a.level === "bad")) {
    out.unshift({
      level: "ok",
      text:
        data.tests.length > 0
          ? `No error or security finding, and all ${plural(data.tests.length, "access test")} pass.`
          : "No error or security finding. The spec has no access tests: add some (tests:) to pin what must and must not be allowed.",
      href: data.tests.length > 0 ? "#tests" : "#findings",
    });
  }
  return out;
}

export function headlineSection(data: ReportData): string {
  const items = attention(data);
  const [head, ...rest] = items;
  if (!head) return "";
  return `<section class="block" id="attention">
<p class="headline ${head.level}"><a href="${head.href}">${head.text}</a></p>
${
  rest.length > 0
    ? `<ul class="attention">${rest.map((a) => `<li class="${a.level}"><a href="${a.href}">${a.text}</a></li>`).join("")}</ul>`
    : ""
}
</section>`;
}
