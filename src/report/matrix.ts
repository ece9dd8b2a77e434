/**
 * The access matrix in one of `matrix`'s formats: text (the default), csv, json or html. The HTML
 * renderer is loaded only when asked for.
 */
import type { AccessMatrix } from "../analysis/review/types.js";
import type { AccessModel } from "../model/types.js";
import { type Paint, plain } from "./paint.js";

export type MatrixFormat = "text" | "csv" | "json" | "html";

export interface MatrixRenderOptions {
  /** The model the matrix is of: the HTML page's title (its organization) and its principals. */
  model: AccessModel;
  /** The HTML page's title when the model names no organization (the spec path or program folder). */
  label: string;
  /** Colours for text; plain when absent. */
  color?: Paint;
}

/** The matrix as `format` renders it; an unknown format renders as text. */
export async function renderMatrix(
  matrix: AccessMatrix,
  format: MatrixFormat | string,
  options: MatrixRenderOptions,
): Promise<string> {
  switch (format) {
    case "json":
      return `${JSON.stringify(matrix, null, 2)}\n`;
    case "csv":
      return (await import("./review-text.js")).renderMatrixCsv(matrix);
    case "html": {
      const { renderMatrixHtml } = await import("./html/report.js");
      const { reportPrincipals } = await import("./report-data.js");
      return renderMatrixHtml(options.model.organization ?? options.label, matrix, reportPrincipals(options.model));
    }
    default:
      return (await import("./review-text.js")).renderMatrixText(matrix, options.color ?? plain);
  }
}
