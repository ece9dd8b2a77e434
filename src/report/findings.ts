/**
 * `check`'s findings in one of its formats: text (the default), json, sarif or markdown. Each
 * renderer is loaded only when its format is asked for, so `check` of one file stays fast.
 */
import type { CheckResult } from "../analysis/checks/types.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { TextOptions } from "./findings-text.js";

export type FindingsFormat = "text" | "json" | "sarif" | "markdown";

export interface FindingsRenderOptions {
  /** Where the rules are documented (`<docs>/checks.md`): SARIF's help URIs and markdown's links. */
  checksDoc: string;
  /** Colour functions for text; plain when absent. */
  color?: TextOptions["color"];
  /** The folder SARIF's artifact locations are relative to (default: the working directory). */
  baseDir?: string;
  /** SARIF's location for findings that name no file (a spec's folder, a program). */
  defaultFile?: string;
  /**
   * The input's own warnings (printed on stderr as diagnostics): json, sarif and markdown carry
   * them too, where CI reads the result.
   */
  inputWarnings?: readonly Diagnostic[];
}

/** The findings as `format` renders them; an unknown format renders as text. */
export async function renderFindings(
  result: CheckResult,
  format: FindingsFormat | string,
  options: FindingsRenderOptions,
): Promise<string> {
  switch (format) {
    case "json":
      return (await import("./findings-json.js")).renderFindingsJson(result, options.inputWarnings);
    case "sarif": {
      const { versionInfo } = await import("../version.js");
      return (await import("./findings-sarif.js")).renderFindingsSarif(result, {
        toolVersion: versionInfo().version,
        helpBaseUri: options.checksDoc,
        baseDir: options.baseDir ?? process.cwd(),
        ...(options.defaultFile !== undefined ? { defaultFile: options.defaultFile } : {}),
        ...(options.inputWarnings ? { inputWarnings: options.inputWarnings } : {}),
      });
    }
    case "markdown":
      return (await import("./findings-markdown.js")).renderFindingsMarkdown(result, {
        docsUrl: options.checksDoc,
        ...(options.inputWarnings ? { inputWarnings: options.inputWarnings } : {}),
      });
    default:
      return (await import("./findings-text.js")).renderFindingsText(
        result,
        options.color ? { color: options.color } : {},
      );
  }
}
