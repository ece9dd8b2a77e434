import type { MockRun } from "../input/capture/run-under-mocks.js";

/** A program run under mocks, as `pulumi preview` would list it: each resource with its inputs, the outputs, a count. */
export function renderPreview(label: string, run: MockRun): string {
  let out = `Previewing ${label} offline (Pulumi mocks, account 123456789012):\n\n`;
  for (const r of run.resources) {
    out += `  + ${r.type.padEnd(44)} ${r.name}\n`;
    for (const [k, v] of Object.entries(r.inputs).sort(([a], [b]) => a.localeCompare(b))) {
      out += `        ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}\n`;
    }
  }
  out += "\nOutputs:\n";
  for (const [k, v] of Object.entries(run.outputs)) out += `  ${k}: ${JSON.stringify(v)}\n`;
  out += `\nResources: ${run.resources.length} to create\n`;
  return out;
}
