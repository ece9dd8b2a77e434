import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";

/**
 * `aws iam get-account-authorization-details > account.json` in Windows PowerShell 5 writes
 * UTF-16LE with a byte-order mark (its `>` is `Out-File`, whose default encoding is "Unicode"):
 * that file was "invalid JSON: unexpected character" at 1:1. It reads as the same account as UTF-8.
 */
const dir = mkdtempSync(join(tmpdir(), "ai-iam-read-text-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const text = JSON.stringify(
  {
    UserDetailList: [
      {
        Path: "/",
        UserName: "zoe",
        Arn: "arn:aws:iam::111122223333:user/zoe",
        // Characters beyond ASCII where IAM allows them (IAM names are ASCII): a tag value.
        Tags: [{ Key: "owner", Value: "Zoë Ünal" }],
        UserPolicyList: [
          {
            PolicyName: "read",
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::données/*" }],
            },
          },
        ],
      },
    ],
    IsTruncated: false,
  },
  null,
  2,
);

async function modelOf(bytes: Buffer, name: string) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const r = await importAuthorizationDetails([file]);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  return JSON.stringify({ ...r.model, source: undefined }, (k, v) => (k === "location" ? undefined : v));
}

describe("import: the file's encoding", () => {
  it("UTF-16LE with its byte-order mark (PowerShell's redirect), plain or gzip'd, reads as UTF-8 does", async () => {
    const utf8 = await modelOf(Buffer.from(text, "utf8"), "utf8.json");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    assert.equal(await modelOf(utf16, "utf16.json"), utf8);
    assert.equal(await modelOf(gzipSync(utf16), "utf16.json.gz"), utf8);
  });
});
