import type { DraftResult } from "../analysis/draft-spec/draft.js";
import type { UsageReport } from "../analysis/usage/report.js";
import type { ImportSummary } from "../input/account/authorization-details.js";
import type { AccessModel } from "../model/types.js";
import { canonicalJson } from "../policy/canonical.js";
import { type Paint, pad, plain } from "./paint.js";

/** Text renderings of `import` (what was read), `import --draft-spec` and `usage`. */

export function renderImportText(model: AccessModel, summary: ImportSummary, c: Paint = plain): string {
  const lines = [c.bold(`Imported ${summary.accounts.length === 1 ? "account" : "accounts"}`)];
  for (const a of summary.accounts) {
    lines.push(
      `  ${c.cyan(a.account)}  ${a.users} users, ${a.groups} groups, ${a.roles} roles, ${a.managedPolicies} customer managed policies  ${c.dim(a.files.join(", "))}`,
    );
  }
  const aws = model.policies.filter((p) => p.kind === "aws-managed").length;
  lines.push(`  ${model.policies.length} policies in the model (${aws} AWS managed)`);
  if (model.scps?.length) lines.push(`  SCP levels: ${model.scps.map((l) => l.join(" + ")).join("  >  ")}`);
  if (model.rcps?.length) lines.push(`  RCP levels: ${model.rcps.map((l) => l.join(" + ")).join("  >  ")}`);
  if (model.unknowns?.length) {
    lines.push(
      c.yellow(
        `  ${model.unknowns.length} references whose documents are unknown (decisions they could change are Unknown)`,
      ),
    );
  }
  const outside = summary.trust.filter((t) => t.kind !== "same-account" && t.kind !== "service");
  if (outside.length > 0) {
    lines.push("", c.bold("Trust beyond the account"));
    const width = Math.max(...outside.map((t) => t.role.length)) + 2;
    for (const t of outside) {
      const who = t.principal ? `${t.trusted} (${t.principal})` : t.trusted;
      const kind = t.kind === "anyone" || t.kind === "external-account" ? c.yellow(t.kind) : t.kind;
      lines.push(`  ${pad(t.role, width)} ${pad(kind, 18)} ${who}${t.conditional ? c.dim("  with conditions") : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function renderDraftText(draft: DraftResult, dir: string, c: Paint = plain): string {
  const lines = [c.bold(`Draft spec in ${dir}`)];
  const width = Math.max(10, ...draft.groups.map((g) => `${g.team}/${g.persona ?? "-"}`.length)) + 2;
  for (const g of draft.groups) {
    const label = `${g.team}/${g.persona ?? "(none)"}`;
    lines.push(
      `  ${pad(label, width)} ${String(g.principals.length).padStart(4)} principals  similarity ${g.similarity.toFixed(2)}  extra ${g.extras}${g.extrasFile ? c.dim(`  ${g.extrasFile}`) : ""}`,
    );
  }
  if (draft.unmatched.length > 0)
    lines.push(
      `  ${draft.unmatched.length} principals left out (their policies are kept in extras/principals/; see DRAFT.md)`,
    );
  lines.push("", `Next: ai-iam diff --account-file <export> ${dir}   (what adopting the draft adds and removes)`);
  return `${lines.join("\n")}\n`;
}

const day = (iso?: string) => (iso ? iso.slice(0, 10) : "-");

export function renderUsageText(r: UsageReport, c: Paint = plain, opts: { proposals?: boolean } = {}): string {
  const lines = [
    c.bold(
      `Usage from ${r.records} CloudTrail records in ${r.files} files, ${day(r.window.from)} to ${day(r.window.to)}`,
    ),
  ];
  for (const p of r.principals) {
    lines.push(
      "",
      `${c.bold(p.id)}  ${c.dim(p.kind)}  ${p.events} calls${p.lastSeen ? `, last ${day(p.lastSeen)}` : ""}`,
    );
    if (p.sessions.length > 0) lines.push(`  sessions: ${p.sessions.join(", ")}${p.moreSessions ? ", ..." : ""}`);
    if (p.used.length === 0) lines.push(c.yellow("  no activity in the window"));
    for (const u of p.used) {
      lines.push(`  ${c.green("used")}   ${pad(u.action, 40)} ${String(u.count).padStart(7)}  last ${day(u.lastUsed)}`);
    }
    for (const d of p.denied) {
      lines.push(
        `  ${c.red("denied")} ${pad(d.action, 40)} ${String(d.count).padStart(7)}  last ${day(d.lastAttempt)}  ${c.dim(d.errorCode)}`,
      );
    }
    lines.push(`  granted ${p.granted} actions, ${c.yellow(`${p.unusedCount} unused`)}`);
    // The services with the most unused access first.
    const services = [...p.unused].sort((a, b) => b.unused - a.unused || (a.service < b.service ? -1 : 1));
    for (const s of services.slice(0, 12)) {
      const levels = Object.entries(s.byLevel)
        .map(([level, list]) => `${level} ${list?.length ?? 0}`)
        .join(", ");
      lines.push(
        `    ${pad(s.service, 24)} ${String(s.unused).padStart(5)}/${s.granted} unused  ${c.dim(levels)}  last used ${day(s.lastUsed)}`,
      );
    }
    if (p.unused.length > 12) lines.push(c.dim(`    and ${p.unused.length - 12} more services`));
    if (p.proposal) {
      const v = p.proposal.verified;
      lines.push(
        `  least-privilege policy: ${p.proposal.document.Statement.length} statements, ${p.proposal.size} characters; ` +
          (v.allowed === v.requests
            ? c.green(`allows all ${v.requests} used requests`)
            : c.red(`${v.requests - v.allowed} of ${v.requests} used requests not allowed`)),
      );
      for (const n of p.proposal.notes.slice(0, 5)) lines.push(c.dim(`    note: ${n}`));
      if (opts.proposals)
        lines.push(
          ...canonicalJson(p.proposal.document, { pretty: true })
            .split("\n")
            .map((l) => `    ${l}`),
        );
    }
  }
  if (r.others.length > 0) {
    lines.push("", c.bold("Callers not in the model"));
    for (const o of r.others.slice(0, 20))
      lines.push(`  ${pad(o.identity, 60)} ${String(o.events).padStart(7)} calls  ${c.dim(o.type)}`);
    if (r.others.length > 20) lines.push(c.dim(`  and ${r.others.length - 20} more`));
  }
  if (r.unmapped.length > 0) {
    lines.push(
      "",
      c.dim(
        `Events with no IAM action: ${r.unmapped
          .slice(0, 8)
          .map((u) => `${u.event} (${u.count})`)
          .join(", ")}`,
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `usage --proposals <dir>`: each principal's least-privilege policy as its own file,
 * `<principal>.json` (characters a file name should not hold replaced by `_`), canonical JSON.
 */
export function renderProposalFiles(r: UsageReport): { path: string; text: string }[] {
  return r.principals.flatMap((p) =>
    p.proposal
      ? [
          {
            path: `${p.id.replace(/[^A-Za-z0-9._-]+/g, "_")}.json`,
            text: `${canonicalJson(p.proposal.document, { pretty: true })}\n`,
          },
        ]
      : [],
  );
}
