import { isRunnerMessage, placeholders } from "../analysis/checks/messages.js";
import type { CheckResult, Finding, RuleMeta } from "../analysis/checks/types.js";
import type { Diagnostic } from "../diagnostics/index.js";

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. Each rule carries its descriptions and
 * help with a link to `docs/checks.md#<id>`; each result a physical location (file, start line and
 * column) when it has one. Suppressed findings carry a SARIF `suppressions` entry with the reason.
 * A result's `message.id` is the rule's `messageId`, and the rule's `messageStrings` hold its
 * messages as SARIF format strings (§3.11.5: `{0}`, `{1}` for the placeholders, literal braces
 * doubled); results carry the rendered `text`, which a consumer uses first (§3.11.7).
 * OASIS: "Static Analysis Results Interchange Format (SARIF) Version 2.1.0".
 */
export interface SarifOptions {
  /**
   * Where `docs/checks.md` is published, as an absolute URI (`https://…/docs/checks.md`). SARIF's
   * `helpUri` must be absolute (§3.49.12), so without one the rules carry no `helpUri`; their help
   * text names `docs/checks.md#<id>`.
   */
  helpBaseUri?: string;
  toolVersion?: string;
  /** Paths in results are made relative to this folder when they are inside it. */
  baseDir?: string;
  /**
   * The file a finding without one is reported on (a captured program's `Pulumi.yaml`): GitHub
   * code scanning needs a physical location on every result.
   */
  defaultFile?: string;
  /**
   * The input's own warnings (the spec loader's, the compiler's): tool execution notifications of
   * the run's invocation (SARIF 2.1.0 §3.20.21, §3.58), beside the rules' results.
   */
  inputWarnings?: readonly Diagnostic[];
}

const LEVEL: Record<string, "error" | "warning" | "note"> = {
  error: "error",
  security: "error",
  warning: "warning",
  suggestion: "note",
};

/** GitHub's `security-severity` (0-10) orders security alerts. */
const SECURITY_SEVERITY: Record<string, string> = { error: "8.0", security: "7.5", warning: "5.0", suggestion: "2.0" };

/** A relative reference inside `baseDir`, else a `file:` URI for an absolute path. */
function uri(file: string, baseDir: string | undefined): string {
  let f = file.replace(/\\/g, "/");
  if (baseDir) {
    const b = baseDir.replace(/\\/g, "/").replace(/\/?$/, "/");
    if (f.startsWith(b)) f = f.slice(b.length);
  }
  const encoded = f.split("/").map(encodeURIComponent).join("/");
  if (f.startsWith("/")) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(f)) return `file:///${f.slice(0, 2)}${encoded.slice(encoded.indexOf("/"))}`;
  return encoded;
}

const isAbsoluteUri = (u: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(u);

/** A rule message as a SARIF format string: `{{name}}` placeholders numbered in order, other braces doubled. */
function sarifFormat(template: string): string {
  const names = placeholders(template);
  return template
    .split(/(\{\{\s*[A-Za-z_$][\w$]*\s*\}\})/)
    .map((part, i) => (i % 2 === 1 ? `{${names.indexOf(part.slice(2, -2).trim())}}` : part.replace(/[{}]/g, "$&$&")))
    .join("");
}

function ruleDescriptor(r: RuleMeta, helpBase: string | undefined) {
  const tags = [
    r.severity === "security" || r.category?.match(/escalation|exfiltration|exposure/) ? "security" : "correctness",
  ];
  if (r.category) tags.push(r.category);
  return {
    id: r.id,
    name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.explanation.replace(/`/g, "") },
    help: {
      text: `${r.explanation.replace(/`/g, "")} (${helpBase ?? "docs/checks.md"}#${r.id})`,
      markdown: `${r.explanation}\n\nSee [docs/checks.md#${r.id}](${helpBase ?? "docs/checks.md"}#${r.id}).`,
    },
    ...(helpBase ? { helpUri: `${helpBase}#${r.id}` } : {}),
    messageStrings: Object.fromEntries(
      Object.entries(r.messages).map(([id, template]) => [id, { text: sarifFormat(template) }]),
    ),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags, "security-severity": SECURITY_SEVERITY[r.severity] },
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined, opts: SarifOptions) {
  const res: Record<string, unknown> = { ruleId: f.rule };
  if (ruleIndex !== undefined) res.ruleIndex = ruleIndex;
  res.level = LEVEL[f.severity];
  // The runner's own messages (`internal-error`, `repeated`) are no message string of the rule
  // (§3.11.10): their text alone.
  const id = f.messageId !== undefined && !isRunnerMessage(f.messageId) ? f.messageId : undefined;
  res.message = id !== undefined ? { text: f.message, id } : { text: f.message };
  const file = f.file ?? opts.defaultFile;
  if (file !== undefined) {
    // A finding on a whole file (or a principal without a location) points at its first line.
    const region: Record<string, number> = { startLine: f.line ?? 1 };
    if (f.line !== undefined && f.column !== undefined) region.startColumn = f.column;
    res.locations = [{ physicalLocation: { artifactLocation: { uri: uri(file, opts.baseDir) }, region } }];
  }
  const props: Record<string, unknown> = {};
  if (f.policy !== undefined) props.policy = f.policy;
  if (f.principal !== undefined) props.principal = f.principal;
  if (f.statement !== undefined) props.statement = f.statement;
  if (f.category !== undefined) props.category = f.category;
  if (Object.keys(props).length > 0) res.properties = props;
  const key = [f.rule, f.file ?? "", f.policy ?? "", f.principal ?? "", f.statement ?? "", f.message].join("|");
  res.partialFingerprints = { "aiIamFinding/v1": key };
  if (f.suppressed) res.suppressions = [{ kind: "external", justification: f.suppressed.reason }];
  return res;
}

/** A diagnostic as a SARIF notification (§3.58): its level, text, code and place. */
function notification(d: Diagnostic, opts: SarifOptions) {
  const n: Record<string, unknown> = {
    level: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note",
    message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
    descriptor: { id: d.code },
  };
  if (d.file !== undefined) {
    const region: Record<string, number> = { startLine: d.line ?? 1 };
    if (d.line !== undefined && d.column !== undefined) region.startColumn = d.column;
    n.locations = [{ physicalLocation: { artifactLocation: { uri: uri(d.file, opts.baseDir) }, region } }];
  }
  return n;
}

export function renderFindingsSarif(result: CheckResult, opts: SarifOptions = {}): string {
  const helpBase = opts.helpBaseUri && isAbsoluteUri(opts.helpBaseUri) ? opts.helpBaseUri : undefined;
  const rules = result.rules.map((r) => ruleDescriptor(r, helpBase));
  const index = new Map(result.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ai-iam",
            ...(opts.toolVersion ? { version: opts.toolVersion, semanticVersion: opts.toolVersion } : {}),
            rules,
          },
        },
        results: result.findings.map((f) => sarifResult(f, index.get(f.rule), opts)),
        ...(opts.inputWarnings?.length
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: opts.inputWarnings.map((d) => notification(d, opts)),
                },
              ],
            }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
