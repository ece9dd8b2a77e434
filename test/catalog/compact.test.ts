import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createCatalogFrom } from "../../src/catalog/catalog.js";
import {
  COMPACT_FILE,
  compactSource,
  defaultSource,
  encodeCompact,
  iamDataSource,
  iamDataVersion,
} from "../../src/catalog/data.js";

// The compact copy `npm run build` writes (scripts/build-catalog.ts) must answer exactly as
// iam-data's own files do: it is only a faster way to read them.
const version = iamDataVersion();
const iamData = iamDataSource();
const bytes = encodeCompact(iamData, version);
const compact = compactSource(bytes, version);

describe("compact catalog", () => {
  test("reads back", () => {
    assert.ok(compact);
    assert.equal(compact.kind, "compact");
  });

  test("every service is the same, field for field and in the same order", () => {
    assert.ok(compact);
    const services = iamData.services();
    assert.deepEqual(compact.services(), services);
    assert.ok(services.length > 400);
    for (const prefix of services) {
      // JSON round trip: same fields, same order, and no field set to undefined on one side only.
      const want = iamData.service(prefix);
      const got = compact.service(prefix);
      assert.equal(JSON.stringify(got), JSON.stringify(want), prefix);
      assert.deepEqual(got, want, prefix);
    }
    assert.deepEqual(compact.unassociated(), iamData.unassociated());
    assert.deepEqual(compact.rcpServices(), iamData.rcpServices());
  });

  test("a catalog over either source gives the same answers", () => {
    assert.ok(compact);
    const a = createCatalogFrom(iamData);
    const b = createCatalogFrom(compact);
    assert.deepEqual(b.allActions(), a.allActions());
    for (const pattern of ["*", "s3:Get*", "*:Tag*", "iam:PassRole", "ec2:?escribe*", "nosuch:x"]) {
      assert.deepEqual(b.expandActionPattern(pattern), a.expandActionPattern(pattern), pattern);
    }
    for (const key of ["aws:ResourceTag/team", "s3:ExistingObjectTag/env", "saml:aud", "ec2:Region"]) {
      assert.deepEqual(b.conditionKey(key), a.conditionKey(key), key);
    }
    assert.deepEqual(b.rcpSupportedServices(), a.rcpSupportedServices());
    assert.deepEqual(b.resourceType("s3", "object"), a.resourceType("s3", "object"));
  });

  test("interns repeated strings: one condition key string shared by every action that lists it", () => {
    assert.ok(compact);
    const keys = new Set<string>();
    for (const prefix of ["ec2", "sagemaker"]) {
      for (const a of compact.service(prefix).actions) for (const k of a.conditionKeys) keys.add(k);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM placeholder
    assert.ok(keys.has("aws:ResourceTag/${TagKey}"));
    const header = JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(10))) as { strings: string[] };
    assert.equal(new Set(header.strings).size, header.strings.length);
  });

  test("is deterministic", () => {
    assert.ok(encodeCompact(iamData, version).equals(bytes));
  });

  test("is refused when built from another iam-data version, or not one at all: iam-data is read", () => {
    assert.equal(compactSource(bytes, "0.0.0"), undefined);
    assert.equal(compactSource(Buffer.from("not json\n{}"), version), undefined);
    assert.equal(compactSource(Buffer.from(""), version), undefined);
    assert.equal(compactSource(Buffer.from('{"format":2}\n'), version), undefined);
  });

  test("the default source is the built copy when there is one for this iam-data, else iam-data", () => {
    // Under tsx from src/ there is no built copy next to the catalog module.
    const built = existsSync(COMPACT_FILE) ? compactSource(readFileSync(COMPACT_FILE), version) : undefined;
    assert.equal(defaultSource().kind, built ? "compact" : "iam-data");
  });
});
