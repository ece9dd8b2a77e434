import type { Plan } from "../compile/plan.js";
import { oneLine } from "../diagnostics/index.js";
import type { AccessModel } from "../model/types.js";
import { type Paint, plain } from "./paint.js";

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * The first line. A spec (or program) names its organization and identity mode; an imported
 * account has neither (an account may sign people in as IAM users and through Identity Center at
 * once): it says what was imported, and how its people sign in today.
 */
function planHeader(path: string, model: AccessModel, c: Paint = plain): string {
  const specPath = oneLine(path);
  const where = `${model.partition}, ${model.region ?? "us-east-1"}`;
  if (model.source.kind !== "account") {
    return `Planning ${c.bold(model.organization ? oneLine(model.organization) : specPath)} from ${specPath} (${model.identity}, account ${model.account}, ${where}):`;
  }
  const accounts = model.accounts && model.accounts.length > 1 ? model.accounts : [model.account];
  const users = model.principals.filter((p) => p.kind === "user").length;
  const sso = model.principals.filter(
    (p) => p.kind === "role" && (p.path ?? "").startsWith("/aws-reserved/sso.amazonaws.com/"),
  ).length;
  const signIn = [
    `${users} IAM user${users === 1 ? "" : "s"}`,
    ...(sso > 0 ? [`${sso} Identity Center permission-set role${sso === 1 ? "" : "s"}`] : []),
  ].join(", ");
  return (
    `Planning the imported account${accounts.length > 1 ? "s" : ""} ${c.bold(accounts.join(", "))} from ${specPath} ` +
    `(as exported: ${signIn}; ${where}):`
  );
}

/** A plan in Pulumi's preview style: resources to create, then policies against their quotas, then a summary. */
export function renderPlanText(
  specPath: string,
  model: AccessModel,
  plan: Plan,
  opts: { outDir?: string; color?: Paint } = {},
): string {
  const c = opts.color ?? plain;
  const outDir = opts.outDir;
  const lines: string[] = [];
  lines.push(planHeader(specPath, model, c), "");
  const typeWidth = Math.max(4, ...plan.resources.map((r) => r.type.length));
  lines.push(`     ${"Type".padEnd(typeWidth)}  Name`);
  for (const r of plan.resources) lines.push(` ${c.green("+")}   ${r.type.padEnd(typeWidth)}  ${oneLine(r.name)}`);
  lines.push("", "Policies:");
  // Ids and names are the input's text (an imported policy's name): each on its one line.
  const ids = new Map(model.policies.map((p) => [p, oneLine(p.id)]));
  const idWidth = Math.max(...[...ids.values()].map((id) => id.length), 2);
  const kindWidth = Math.max(...model.policies.map((p) => p.kind.length), 4);
  let over = 0;
  for (const p of model.policies) {
    if (p.unknown?.whole) {
      // Outside the export or the program: attached by its ARN, never created (its size is unknown).
      lines.push(
        `    ${ids.get(p)!.padEnd(idWidth)}  ${p.kind.padEnd(kindWidth)}  ${c.yellow("document not known: not created")}`,
      );
      continue;
    }
    const quota = p.quota;
    const pct = quota ? Math.round((p.size / quota) * 100) : undefined;
    const size = quota
      ? `${fmt(p.size).padStart(6)} / ${fmt(quota).padEnd(6)} ${String(pct).padStart(3)}%`
      : fmt(p.size);
    if (quota && p.size > quota) over++;
    const colored = pct === undefined ? size : pct > 100 ? c.red(size) : pct > 90 ? c.yellow(size) : size;
    lines.push(
      `    ${ids.get(p)!.padEnd(idWidth)}  ${p.kind.padEnd(kindWidth)}  ${colored}  ${c.dim(oneLine(p.name))}`,
    );
  }
  const counts = new Map<string, number>();
  for (const p of model.principals) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const who = [...counts].sort().map(([k, n]) => `${n} ${k}${n === 1 ? "" : "s"}`);
  if (model.groups.length > 0) who.push(`${model.groups.length} group${model.groups.length === 1 ? "" : "s"}`);
  lines.push(
    "",
    "Summary:",
    `    ${who.join(", ")}; ${model.policies.length} ${model.policies.length === 1 ? "policy" : "policies"}${over > 0 ? c.red(` (${over} over quota)`) : ""}`,
    `    Resources: ${c.green(`+ ${plan.resources.length} to create`)}`,
  );
  if (outDir) lines.push(`    Policy documents written to ${oneLine(outDir)}/`);
  return `${lines.join("\n")}\n`;
}
