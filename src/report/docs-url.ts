import { readFileSync } from "node:fs";

/**
 * Where ai-iam's documentation lives, as an absolute base URL without a trailing slash
 * (`<base>/checks.md#star-resource`): links in markdown, SARIF and scaffolded files must work where
 * they are read — a pull-request comment, code scanning, a user's repository — so they are never
 * relative. In order: the `--docs-url` flag, `AI_IAM_DOCS_URL`, then the repository's `docs/`
 * folder from package.json (`repository.url`), so a fork or a mirror points at its own copy.
 */
export function docsBaseUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag?.trim() || env.AI_IAM_DOCS_URL?.trim();
  if (chosen) return chosen.replace(/\/+$/, "");
  return `${repositoryUrl()}/blob/main/docs`;
}

/** The repository's web address, from package.json's `repository` (`git+https://…/x.git` → `https://…/x`). */
export function repositoryUrl(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    repository?: string | { url?: string };
  };
  const raw = typeof pkg.repository === "string" ? pkg.repository : (pkg.repository?.url ?? "");
  const url = raw
    .replace(/^git\+/, "")
    .replace(/^github:/, "https://github.com/")
    .replace(/\.git$/, "");
  if (!/^https?:\/\//.test(url)) throw new Error(`package.json: repository.url is not a web address: ${raw}`);
  return url;
}
