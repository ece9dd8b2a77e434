import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A stand-in for the GitHub CLI's `gh api` on PATH, enough for action/comment.sh: it lists, posts
 * and edits issue comments in a JSON file instead of on GitHub, and records every call.
 * `failWith` makes every call fail (a read-only token).
 */
export interface FakeGhState {
  comments: Array<{ id: number; body: string; issue: string; user?: { login: string; type: string } }>;
  calls: string[][];
}

/**
 * `login`: the token is a user's (`gh api user` answers it); else it is an installation token
 * (GITHUB_TOKEN), for which `gh api user` fails, and comments are posted as github-actions[bot].
 * `--jq` runs through the real jq when there is one (else only its `startswith` is honoured).
 */
export function installFakeGh(
  dir: string,
  opts: { failWith?: string; login?: string } = {},
): { bin: string; state: () => FakeGhState } {
  const bin = join(dir, "fake-bin");
  mkdirSync(bin, { recursive: true });
  const stateFile = join(dir, "gh-state.json");
  if (!existsSync(stateFile)) writeFileSync(stateFile, JSON.stringify({ comments: [], calls: [] }));
  const script = `#!/usr/bin/env node
const fs = require("node:fs");
const stateFile = ${JSON.stringify(stateFile)};
const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const args = process.argv.slice(2);
state.calls.push(args);
const save = () => fs.writeFileSync(stateFile, JSON.stringify(state));
const fail = ${JSON.stringify(opts.failWith ?? "")};
if (fail) { save(); process.stderr.write(fail + "\\n"); process.exit(1); }
if (args[0] !== "api") { save(); process.stderr.write("fake gh: only api\\n"); process.exit(2); }
const method = args.includes("-X") ? args[args.indexOf("-X") + 1] : "GET";
const login = ${JSON.stringify(opts.login ?? "")};
if (method === "GET" && args[1] === "user") {
  save();
  if (!login) { process.stderr.write("HTTP 403: Resource not accessible by integration\\n"); process.exit(1); }
  process.stdout.write(login + "\\n");
  process.exit(0);
}
const author = login ? { login, type: "User" } : { login: "github-actions[bot]", type: "Bot" };
const path = args.find((a, i) => i > 0 && a.startsWith("repos/"));
const field = args.find((a) => a.startsWith("body=@"));
const body = field ? fs.readFileSync(field.slice("body=@".length), "utf8") : undefined;
let m;
if (method === "GET" && (m = /^repos\\/[^/]+\\/[^/]+\\/issues\\/(\\d+)\\/comments$/.exec(path))) {
  const jq = args[args.indexOf("--jq") + 1] || "";
  const page = state.comments.filter((c) => c.issue === m[1]).map((c) => ({ ...c, user: c.user ?? author }));
  const real = require("node:child_process").spawnSync("jq", ["-r", jq], { input: JSON.stringify(page), encoding: "utf8" });
  if (real.status === 0) process.stdout.write(real.stdout);
  else if (real.error) {
    const prefix = /startswith\\("(.*?)"\\)/.exec(jq)?.[1] ?? "";
    for (const c of page) if (c.body.startsWith(prefix)) process.stdout.write(c.id + "\\n");
  } else { save(); process.stderr.write(real.stderr); process.exit(1); }
} else if (method === "POST" && (m = /^repos\\/[^/]+\\/[^/]+\\/issues\\/(\\d+)\\/comments$/.exec(path))) {
  state.comments.push({ id: 1000 + state.comments.length, body, issue: m[1], user: author });
  process.stdout.write("{}\\n");
} else if (method === "PATCH" && (m = /^repos\\/[^/]+\\/[^/]+\\/issues\\/comments\\/(\\d+)$/.exec(path))) {
  const c = state.comments.find((x) => String(x.id) === m[1]);
  if (!c) { save(); process.stderr.write("HTTP 404\\n"); process.exit(1); }
  c.body = body;
  process.stdout.write("{}\\n");
} else { save(); process.stderr.write("fake gh: unexpected " + method + " " + path + "\\n"); process.exit(2); }
save();
`;
  writeFileSync(join(bin, "gh"), script);
  chmodSync(join(bin, "gh"), 0o755);
  return { bin, state: () => JSON.parse(readFileSync(stateFile, "utf8")) as FakeGhState };
}
