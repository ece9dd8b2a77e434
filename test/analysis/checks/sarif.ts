/* biome-ignore-all lint/suspicious/noExplicitAny: walking untyped SARIF JSON */
/**
 * The SARIF 2.1.0 a run must carry (OASIS, "Static Analysis Results Interchange Format (SARIF)
 * Version 2.1.0"; GitHub Docs, "SARIF support for code scanning"): `$schema`, `version`,
 * `runs[].tool.driver.name` and `rules[].id`; every result's `ruleId`, `level`, `message.text` and a
 * physical location with an artifact URI and a start line. `helpUri` must be an absolute URI
 * (§3.49.12), artifact URIs valid URI references (§3.4.3); a `message.id` names one of the rule's
 * `messageStrings` (§3.11.10).
 */
export function sarifProblems(log: Record<string, unknown>): string[] {
  const out: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) out.push(what);
  };
  need(typeof log.$schema === "string" && /sarif-2\.1\.0/.test(log.$schema as string), "$schema");
  need(log.version === "2.1.0", "version");
  const runs = log.runs as Array<Record<string, any>>;
  need(Array.isArray(runs) && runs.length > 0, "runs");
  for (const run of runs ?? []) {
    const driver = run.tool?.driver;
    need(typeof driver?.name === "string" && driver.name.length > 0, "tool.driver.name");
    const ids = new Set<string>();
    for (const r of driver?.rules ?? []) {
      need(typeof r.id === "string" && r.id.length > 0, "rules[].id");
      ids.add(r.id);
      if (r.helpUri !== undefined) need(/^[A-Za-z][A-Za-z0-9+.-]*:/.test(r.helpUri), `absolute helpUri ${r.helpUri}`);
    }
    for (const [i, res] of (run.results ?? []).entries()) {
      const at = `results[${i}]`;
      need(typeof res.ruleId === "string" && ids.has(res.ruleId), `${at}.ruleId`);
      if (res.ruleIndex !== undefined) need(driver.rules[res.ruleIndex]?.id === res.ruleId, `${at}.ruleIndex`);
      need(["none", "note", "warning", "error"].includes(res.level), `${at}.level`);
      need(typeof res.message?.text === "string" && res.message.text.length > 0, `${at}.message.text`);
      // §3.11.10: a message's id names a message string of its rule (`messageStrings`, §3.49.11).
      if (res.message?.id !== undefined) {
        const rule = driver.rules[res.ruleIndex ?? -1] ?? driver.rules.find((r: any) => r.id === res.ruleId);
        need(typeof rule?.messageStrings?.[res.message.id]?.text === "string", `${at}.message.id`);
      }
      const loc = res.locations?.[0]?.physicalLocation;
      need(typeof loc?.artifactLocation?.uri === "string" && !/[\s\\]/.test(loc.artifactLocation.uri), `${at} uri`);
      need(Number.isInteger(loc?.region?.startLine) && loc.region.startLine >= 1, `${at}.region.startLine`);
      if (loc?.region?.startColumn !== undefined) need(loc.region.startColumn >= 1, `${at}.region.startColumn`);
    }
  }
  return out;
}
