/** Where documentation links point: --docs-url, then AI_IAM_DOCS_URL, then the repository's docs/. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { docsBaseUrl, repositoryUrl } from "../../src/report/docs-url.js";

test("the flag wins, then the environment, then package.json's repository; never a trailing slash", () => {
  assert.equal(
    docsBaseUrl("https://a.example/docs/", { AI_IAM_DOCS_URL: "https://b.example" }),
    "https://a.example/docs",
  );
  assert.equal(docsBaseUrl(undefined, { AI_IAM_DOCS_URL: "https://b.example/x//" }), "https://b.example/x");
  assert.equal(docsBaseUrl("  ", {}), `${repositoryUrl()}/blob/main/docs`);
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { repository: { url: string } };
  assert.equal(`git+${repositoryUrl()}.git`, pkg.repository.url);
  assert.match(repositoryUrl(), /^https:\/\/github\.com\/[^/]+\/[^/]+$/);
});
