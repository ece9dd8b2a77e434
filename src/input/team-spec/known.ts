import { activities, builtInPersonas } from "../../activities/index.js";

/** Activity ids the library defines. */
export function knownActivityIds(): string[] {
  return activities.map((a) => a.id).sort();
}

/** Built-in persona name → its activities. */
export function knownBuiltInPersonas(): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const name of Object.keys(builtInPersonas).sort()) out[name] = builtInPersonas[name].activities;
  return out;
}
