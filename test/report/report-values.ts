import { runInNewContext } from "node:vm";
import { VALUES_SCRIPT } from "../../src/report/html/values.js";

/**
 * Entry `ref` of a report's shared values, rebuilt by the report's own script (run in a fresh
 * context) and handed back through JSON, as `JSON.stringify` in the page would write it.
 */
export function reportValue(html: string, ref: number): unknown {
  const json = /<script type="application\/json" id="report-values">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error("no shared values in the report");
  const document = { getElementById: (id: string) => (id === "report-values" ? { textContent: json } : null) };
  return JSON.parse(runInNewContext(`${VALUES_SCRIPT}; JSON.stringify(value(${ref}))`, { document }) as string);
}

/** The `data-<name>` references in `html`, in order. */
export function refs(html: string, name: string): number[] {
  return [...html.matchAll(new RegExp(`data-${name}="(\\d+)"`, "g"))].map((m) => Number(m[1]));
}
