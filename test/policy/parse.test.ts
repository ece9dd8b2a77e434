import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { locate, normalizePolicy, parseJsonWithPositions, parsePolicy, splitPointer } from "../../src/policy/index.js";

function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code).sort();
}

function find(ds: readonly Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `expected a ${code} diagnostic, got ${JSON.stringify(ds, null, 2)}`);
  return d;
}

describe("parseJsonWithPositions", () => {
  test("records the line and column of every value by JSON pointer", () => {
    const text = '{\n  "a": [1, "x"],\n  "b/c": {"d~e": true}\n}';
    const r = parseJsonWithPositions(text);
    assert.deepEqual(r.value, { a: [1, "x"], "b/c": { "d~e": true } });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.sourceMap.get("")?.line, 1);
    assert.deepEqual(
      [r.sourceMap.get("/a")?.line, r.sourceMap.get("/a")?.column, r.sourceMap.get("/a")?.keyColumn],
      [2, 8, 3],
    );
    assert.deepEqual([r.sourceMap.get("/a/1")?.line, r.sourceMap.get("/a/1")?.column], [2, 12]);
    // RFC 6901 escaping: "/" → "~1", "~" → "~0".
    assert.deepEqual([r.sourceMap.get("/b~1c/d~0e")?.line, r.sourceMap.get("/b~1c/d~0e")?.column], [3, 18]);
  });

  test("reports syntax errors at the offending character", () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['{\n  "a": [1,]\n}', 2, 11, /trailing comma/],
      ['{"a": 1,\n "b" 2}', 2, 6, /expected ":"/],
      ['{"a": "unterminated', 1, 20, /unterminated string/],
      ["", 1, 1, /empty/],
      ['{"a": 1} x', 1, 10, /after the end/],
      ['{"a": tru}', 1, 7, /expected a value/],
      ["{\n\n  'a': 1}", 3, 3, /string key/],
      ['{"a": 01}', 1, 8, /expected "," or "}"/],
      ['["a\nb"]', 1, 4, /control character/],
    ];
    for (const [text, line, column, message] of cases) {
      const r = parseJsonWithPositions(text, "f.json");
      assert.equal(r.value, undefined, text);
      assert.equal(r.diagnostics.length, 1, text);
      const d = r.diagnostics[0];
      assert.equal(d.code, "policy-json-syntax");
      assert.equal(d.file, "f.json");
      assert.deepEqual([d.line, d.column], [line, column], `${JSON.stringify(text)}: ${d.message}`);
      assert.match(d.message, message);
    }
  });

  test("warns on duplicate keys and keeps the last, as JSON.parse does", () => {
    const r = parseJsonWithPositions('{"a": 1,\n "a": 2}');
    assert.deepEqual(r.value, { a: 2 });
    const d = find(r.diagnostics, "policy-json-duplicate-key");
    assert.deepEqual([d.severity, d.line, d.column, d.path], ["warning", 2, 2, "/a"]);
  });

  test("a __proto__ key is an ordinary property", () => {
    const r = parseJsonWithPositions('{"__proto__": {"x": 1}}');
    const v = r.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ["__proto__"]);
  });

  test("agrees with JSON.parse on any JSON value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const r = parseJsonWithPositions(text);
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(r.value, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test("every recorded position is where its value starts, lazily scanned or not (property)", () => {
    const valueAt = (root: unknown, pointer: string): unknown =>
      splitPointer(pointer).reduce<unknown>((v, seg) => (v as Record<string, unknown>)[seg], root);
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.boolean(), (value, pretty, duplicate) => {
        let text = JSON.stringify(value, null, pretty ? 2 : undefined);
        // A duplicate key makes the parser scan eagerly; without one the map is scanned on first read.
        if (duplicate) text = `{"k": 1,\n "k": ${text}}`;
        const r = parseJsonWithPositions(text);
        assert.ok(r.value !== undefined);
        let count = 0;
        for (const [pointer, pos] of r.sourceMap) {
          count++;
          const v = valueAt(r.value, pointer);
          const first = JSON.stringify(v)[0];
          assert.equal(text[pos.offset ?? -1], first, `${pointer} in ${text}`);
          const before = text.slice(0, pos.offset);
          assert.equal(pos.line, before.split("\n").length);
          assert.equal(pos.column, before.length - before.lastIndexOf("\n"));
        }
        assert.ok(count >= 1);
      }),
      { numRuns: 300 },
    );
  });

  test("a lookup before the map is built gives what the built map gives, for every path and for absent ones (property)", () => {
    // JSON text with white space, escapes in keys, a byte-order mark: looked up by pointer on
    // demand (JsonPositionIndex) against the map of every value the position parser builds.
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("~", "/", "a/b~c", '"', "\\", "__proto__", "é"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
          fc.constant(null),
          fc.string({ maxLength: 5 }),
        ),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(
        json,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
        (value, indent, bom, extra) => {
          const text = `${bom ? "\uFEFF" : ""}${JSON.stringify(value, null, indent)}`;
          const built = parseJsonWithPositions(text).sourceMap;
          const lazy = parseJsonWithPositions(text).sourceMap;
          const all = [...built]; // builds `built`; `lazy` is only ever asked by key below
          for (const [pointer, pos] of all)
            assert.deepEqual(lazy.get(pointer), pos, `${pointer} in ${JSON.stringify(text)}`);
          for (const [pointer] of all) {
            for (const tail of ["/x", "/0", "/01", "/-1", "/999", ...extra.map((e) => `/${e}`)]) {
              assert.deepEqual(lazy.get(pointer + tail), built.get(pointer + tail), pointer + tail);
              assert.equal(lazy.has(pointer + tail), built.has(pointer + tail));
            }
          }
          assert.equal(lazy.get("no-slash"), undefined);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("a pointer with a lone `~` names nothing, before and after the map is built (RFC 6901 escapes only)", () => {
    // Found by the property above (seed -2089734391): the lazy lookup read `/0/~` as key `~`.
    const text = '[{"~":false,"/":1}]';
    const lazy = parseJsonWithPositions(text).sourceMap;
    const built = parseJsonWithPositions(text).sourceMap;
    assert.ok([...built].length > 0);
    for (const map of [lazy, built]) {
      assert.equal(map.get("/0/~"), undefined);
      assert.equal(map.get("/0/~2"), undefined);
      assert.equal(map.get("/0/~0")?.column, 7);
      assert.equal(map.get("/0/~1")?.column, 17);
    }
  });

  test("never throws, whatever the text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const r = parseJsonWithPositions(text);
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        // Every text JSON.parse rejects, we reject too; a BOM is the only thing we accept that it does not.
        if (!ok && !text.startsWith("\uFEFF")) assert.equal(r.value, undefined);
      }),
      { numRuns: 500 },
    );
  });

  test("the lazy source map is read-only, its size an accessor of the class, and reading it scans the text", () => {
    const text = '{\n  "a": [1, "x"]\n}';
    const a = parseJsonWithPositions(text).sourceMap;
    const b = parseJsonWithPositions(text).sourceMap;
    // A per-map accessor gave every map its own hidden class, which halved parsePolicy's speed.
    assert.equal(Object.getOwnPropertyDescriptor(a, "size"), undefined);
    assert.equal(Object.getOwnPropertyNames(a).includes("size"), false);
    // Not a Map with patched methods: nothing but the parser and normalization writes it.
    assert.equal(a instanceof Map, false);
    for (const m of ["set", "delete", "clear"]) assert.equal(m in a, false, m);
    assert.equal(a.size, 4); // "", /a, /a/0, /a/1
    assert.deepEqual([...a.keys()], ["", "/a", "/a/0", "/a/1"]);
    assert.deepEqual(
      [...a.entries()].map(([k]) => k),
      [...a].map(([k]) => k),
    );
    assert.equal(b.size, a.size);
    assert.deepEqual(a.get("/a/1"), { line: 2, column: 12, offset: 13 });
  });

  test("deep nesting is reported, not a stack overflow", () => {
    const r = parseJsonWithPositions(`${"[".repeat(100000)}${"]".repeat(100000)}`);
    assert.equal(r.value, undefined);
    assert.match(r.diagnostics[0].message, /nesting/);
  });
});

describe("parsePolicy", () => {
  const valid = `{
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "ReadBucket",
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": ["arn:aws:s3:::team-bucket/*"],
    "Condition": { "Bool": { "aws:SecureTransport": true }, "NumericLessThan": { "s3:max-keys": 10 } }
  }
}`;

  test("normalizes a valid document: lists, a lone statement, condition values as strings", () => {
    const r = parsePolicy(valid, { file: "p.json" });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.document, {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadBucket",
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["arn:aws:s3:::team-bucket/*"],
          // AWS: IAM User Guide, "IAM JSON policy elements: Condition operators" (values compare as strings).
          Condition: { Bool: { "aws:SecureTransport": ["true"] }, NumericLessThan: { "s3:max-keys": ["10"] } },
        },
      ],
    });
  });

  test("the source map answers for both the written and the normalized paths", () => {
    const r = parsePolicy(valid);
    const written = r.sourceMap.get("/Statement/Action");
    const normalized = r.sourceMap.get("/Statement/0/Action/0");
    assert.deepEqual([written?.line, written?.column], [6, 15]);
    assert.deepEqual(normalized, written);
    assert.deepEqual(
      [r.sourceMap.get("/Statement/0/Resource/0")?.line, r.sourceMap.get("/Statement/0/Resource/0")?.column],
      [7, 18],
    );
    const cond = r.sourceMap.get("/Statement/0/Condition/Bool/aws:SecureTransport/0");
    assert.deepEqual([cond?.line, cond?.column], [8, 53]);
    // Falls back to the nearest ancestor: the statement object, written on line 3.
    assert.equal(locate(r.sourceMap, "/Statement/0/Nothing/here")?.line, 3);
  });

  test("normalization adds the normalized paths to a caller's own Map too", () => {
    const json = parseJsonWithPositions(valid);
    const own = new Map(json.sourceMap);
    assert.equal(own.has("/Statement/0/Action/0"), false);
    assert.deepEqual(normalizePolicy(json.value, { sourceMap: own }).diagnostics, []);
    assert.deepEqual(own.get("/Statement/0/Action/0"), own.get("/Statement/Action"));
  });

  test("reports every problem of a broken document together, each at its element", () => {
    const text = `{
  "Version": "2012-10-17",
  "Statment": [],
  "Statement": [
    {
      "Sid": "bad sid",
      "Effect": "allow",
      "Action": ["s3:GetObject", 42],
      "NotAction": "s3:PutObject",
      "Resource": "bucket",
      "Principal": "*",
      "Condition": { "stringEquals": { "aws:PrincipalTag/team": "ml" } },
      "Extra": 1
    },
    { "Effect": "Deny", "Action": "s3", "Resource": "*" },
    "not a statement",
    { "Sid": "bad sid", "Action": "*", "Resource": "*" }
  ]
}`;
    const r = parsePolicy(text, { file: "broken.json" });
    assert.equal(r.document, undefined);
    const at = (code: string) => {
      const d = r.diagnostics.filter((x) => x.code === code).map((x) => [x.line, x.column, x.path]);
      assert.ok(d.length > 0, `no ${code}`);
      return d;
    };
    assert.deepEqual(at("policy-unknown-key"), [
      [3, 3, "/Statment"],
      [13, 7, "/Statement/0/Extra"],
    ]);
    // AWS: IAM User Guide, "IAM JSON policy elements: Sid" (IAM policies allow only A-Z, a-z, 0-9).
    assert.deepEqual(at("policy-invalid-sid"), [
      [6, 14, "/Statement/0/Sid"],
      [17, 14, "/Statement/3/Sid"],
    ]);
    // AWS: IAM User Guide, "IAM JSON policy elements: Effect" (the value is case sensitive).
    assert.deepEqual(at("policy-invalid-effect"), [[7, 17, "/Statement/0/Effect"]]);
    assert.match(find(r.diagnostics, "policy-invalid-effect").hint ?? "", /"Allow"/);
    assert.deepEqual(at("policy-invalid-type"), [
      [8, 34, "/Statement/0/Action/1"],
      [16, 5, "/Statement/2"],
    ]);
    assert.deepEqual(at("policy-action-and-notaction"), [[9, 7, "/Statement/0/NotAction"]]);
    assert.deepEqual(at("policy-invalid-resource"), [[10, 19, "/Statement/0/Resource"]]);
    assert.deepEqual(at("policy-principal-not-allowed"), [[11, 7, "/Statement/0/Principal"]]);
    assert.deepEqual(at("policy-unknown-condition-operator"), [[12, 22, "/Statement/0/Condition/stringEquals"]]);
    assert.deepEqual(at("policy-invalid-action"), [[15, 35, "/Statement/1/Action"]]);
    assert.deepEqual(at("policy-missing-effect"), [[17, 5, "/Statement/3"]]);
    assert.deepEqual(at("policy-duplicate-sid"), [[17, 14, "/Statement/3/Sid"]]);
    for (const d of r.diagnostics) assert.equal(d.file, "broken.json");
  });

  test("malformed JSON is one diagnostic with the location, and no document", () => {
    const r = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', {
      file: "x.json",
    });
    assert.equal(r.document, undefined);
    assert.deepEqual(codes(r.diagnostics), ["policy-json-syntax"]);
    assert.deepEqual([r.diagnostics[0].line, r.diagnostics[0].column], [4, 24]);
  });

  test("never throws on any JSON value (property)", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom("identity", "trust", "resource", "scp", "rcp", "boundary", "session") as fc.Arbitrary<
          "identity" | "trust"
        >,
        (v, kind) => {
          const r = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: v }), { kind });
          for (const d of r.diagnostics) assert.equal(typeof d.message, "string");
        },
      ),
      { numRuns: 300 },
    );
  });

  test("missing Statement, Effect, Action and Resource", () => {
    assert.deepEqual(codes(parsePolicy('{"Version": "2012-10-17"}').diagnostics), ["policy-missing-statement"]);
    assert.deepEqual(codes(parsePolicy('{"Version": "2012-10-17", "Statement": [{}]}').diagnostics), [
      "policy-missing-action",
      "policy-missing-effect",
      "policy-missing-resource",
    ]);
  });

  test("an ARN with an empty resource part is a warning (IAM accepts it; it matches nothing), not an error", () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:List*",' +
      '"Resource":["arn:aws:organizations::*:","arn:aws:s3"]}]}';
    const r = parsePolicy(text);
    const byCode = Object.fromEntries(r.diagnostics.map((d) => [d.code, d]));
    assert.equal(byCode["policy-empty-resource-part"]?.severity, "warning");
    assert.equal(byCode["policy-empty-resource-part"]?.path, "/Statement/0/Resource/0");
    assert.equal(byCode["policy-invalid-resource"]?.severity, "error");
    assert.equal(byCode["policy-invalid-resource"]?.path, "/Statement/0/Resource/1");
  });

  test("a missing Version and empty lists parse without a word (the rules report them); a wrong Version is an error", () => {
    const r = parsePolicy('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}');
    assert.ok(r.document);
    assert.deepEqual(r.diagnostics, []);
    const empty = parsePolicy(
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*", "Condition": {"StringEquals": {}}}]}',
    );
    assert.ok(empty.document);
    assert.deepEqual(empty.diagnostics, []);
    const bad = parsePolicy('{"Version": "2012-10-18", "Statement": []}');
    assert.equal(find(bad.diagnostics, "policy-invalid-version").line, 1);
  });

  test("kinds: trust and resource policies need a Principal; identity policies must not have one", () => {
    const stmt = (s: object) => JSON.stringify({ Version: "2012-10-17", Statement: [s] });
    const trust = stmt({
      Effect: "Allow",
      Principal: { Service: "sagemaker.amazonaws.com" },
      Action: "sts:AssumeRole",
    });
    assert.deepEqual(parsePolicy(trust, { kind: "trust" }).diagnostics, []);
    assert.deepEqual(parsePolicy(trust, { kind: "trust" }).document?.Statement[0].Principal, {
      Service: ["sagemaker.amazonaws.com"],
    });
    // AWS: IAM User Guide, "IAM JSON policy elements: Principal".
    assert.deepEqual(codes(parsePolicy(trust, { kind: "identity" }).diagnostics), [
      "policy-missing-resource",
      "policy-principal-not-allowed",
    ]);
    assert.equal(
      find(parsePolicy(trust, { kind: "identity" }).diagnostics, "policy-principal-not-allowed").message,
      "an identity policy cannot name a principal: it applies to the identity it is attached to",
    );
    const noPrincipal = stmt({ Effect: "Allow", Action: "sts:AssumeRole" });
    assert.deepEqual(codes(parsePolicy(noPrincipal, { kind: "trust" }).diagnostics), ["policy-missing-principal"]);
    assert.equal(
      find(parsePolicy(noPrincipal, { kind: "trust" }).diagnostics, "policy-missing-principal").message,
      'a statement in a role trust policy must have a "Principal"',
    );
    const withResource = stmt({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" });
    assert.deepEqual(codes(parsePolicy(withResource, { kind: "trust" }).diagnostics), ["policy-resource-not-allowed"]);
    const bucket = stmt({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
    });
    assert.deepEqual(parsePolicy(bucket, { kind: "resource" }).diagnostics, []);
    // AWS: AWS Organizations User Guide, "RCP syntax" (Principal must be "*").
    const rcp = stmt({ Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*" });
    assert.deepEqual(codes(parsePolicy(rcp, { kind: "rcp" }).diagnostics), ["policy-invalid-principal"]);
  });

  test("principal values: strings other than * and unknown types are reported with a hint", () => {
    const stmt = (p: unknown) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: p, Action: "s3:*", Resource: "*" }],
      });
    const arn = parsePolicy(stmt("arn:aws:iam::111122223333:root"), { kind: "resource" });
    assert.match(find(arn.diagnostics, "policy-invalid-principal").hint ?? "", /"AWS"/);
    const typo = parsePolicy(stmt({ aws: "111122223333" }), { kind: "resource" });
    assert.match(find(typo.diagnostics, "policy-invalid-principal").hint ?? "", /did you mean "AWS"/);
  });

  test('principal values: a wildcard inside a name or ARN is an error, "*" alone is not', () => {
    // AWS: IAM User Guide, "AWS JSON policy elements: Principal" (you cannot use a wildcard to
    // match part of a principal name or ARN; IAM answers "Invalid principal in policy"). The engine
    // names principals exactly, so such a Deny would silently apply to no one.
    const stmt = (p: unknown, el = "Principal") =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", [el]: p, Action: "s3:*", Resource: "*" }],
      });
    for (const p of [
      { AWS: "arn:aws:iam::111122223333:user/*" },
      { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::*:root"] },
      { AWS: "arn:aws:iam::111122223333:role/ml-?" },
      { Service: "*.amazonaws.com" },
    ]) {
      const r = parsePolicy(stmt(p), { kind: "resource" });
      assert.deepEqual(codes(r.diagnostics), ["policy-invalid-principal"], JSON.stringify(p));
      assert.equal(r.document, undefined);
    }
    const list = parsePolicy(stmt({ AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::*:root"] }), {
      kind: "resource",
    });
    assert.equal(find(list.diagnostics, "policy-invalid-principal").path, "/Statement/0/Principal/AWS/1");
    const not = parsePolicy(stmt({ AWS: "arn:aws:iam::111122223333:user/*" }, "NotPrincipal"), { kind: "resource" });
    assert.deepEqual(codes(not.diagnostics), ["policy-invalid-principal"]);
    for (const p of ["*", { AWS: "*" }, { AWS: ["*", "111122223333"] }, { Service: "sagemaker.amazonaws.com" }])
      assert.deepEqual(parsePolicy(stmt(p), { kind: "resource" }).diagnostics, [], JSON.stringify(p));
  });

  test("condition operators: qualifiers and IfExists are known, Null has no IfExists, values must be scalars", () => {
    const cond = (c: unknown) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*", Condition: c }],
      });
    const ok = parsePolicy(
      cond({ "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a*"] }, Null: { "aws:MultiFactorAuthAge": false } }),
    );
    assert.deepEqual(ok.diagnostics, []);
    assert.deepEqual(codes(parsePolicy(cond({ NullIfExists: { "aws:x": "true" } })).diagnostics), [
      "policy-unknown-condition-operator",
    ]);
    assert.deepEqual(codes(parsePolicy(cond({ "ForSomeValues:StringLike": { "aws:x": "a" } })).diagnostics), [
      "policy-unknown-condition-operator",
    ]);
    assert.deepEqual(codes(parsePolicy(cond({ StringEquals: { "aws:x": { nested: 1 } } })).diagnostics), [
      "policy-invalid-condition-value",
    ]);
    assert.deepEqual(codes(parsePolicy(cond({ StringEquals: { "aws:x": null } })).diagnostics), [
      "policy-invalid-condition-value",
    ]);
  });
});

describe("characters IAM accepts", () => {
  // AWS: IAM API Reference, CreatePolicy (PolicyDocument) and CreateRole (AssumeRolePolicyDocument):
  // "The regex pattern used to validate this parameter" allows tab, line feed, carriage return and
  // \u0020 through \u00FF; STS API Reference, AssumeRole (Policy), says the same of session policies.
  const text = [
    "{",
    '  "Version": "2012-10-17",',
    '  "Statement": [{',
    '    "Effect": "Allow",',
    '    "Action": "s3:GetObject",',
    '    "Resource": "arn:aws:s3:::data/caf\u00e9/*",',
    '    "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["data\u2014science", "ml"]}}',
    "  }]",
    "}",
  ].join("\n");

  test("a character above U+00FF is an error at the string that holds it; Latin-1 is fine", () => {
    const r = parsePolicy(text, { file: "p.json" });
    assert.equal(r.document, undefined);
    const d = find(r.diagnostics, "policy-invalid-character");
    assert.deepEqual(
      [d.severity, d.file, d.line, d.column, d.path],
      ["error", "p.json", 7, 62, "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team/0"],
    );
    assert.match(d.message, /"data\u2014science" contains "\u2014" \(U\+2014\): an identity policy may contain only/);
    assert.equal(r.diagnostics.length, 1); // é (U+00E9) is allowed
    const fixed = parsePolicy(text.replace("\u2014", "-"), { file: "p.json" });
    assert.deepEqual(fixed.diagnostics, []);
  });

  test("escaped in the JSON, in a key, or in a trust, boundary or session policy: the same", () => {
    const escaped = parsePolicy(text.replace("\u2014", "\\u2014"));
    assert.equal(find(escaped.diagnostics, "policy-invalid-character").line, 7);
    const key = parsePolicy(text.replace("PrincipalTag/team", "PrincipalTag/t\u0113am"));
    const keyDiag = key.diagnostics.find((x) => x.path?.endsWith("t\u0113am"));
    assert.ok(keyDiag);
    assert.deepEqual([keyDiag.line, keyDiag.column], [7, 36]); // the key itself
    for (const kind of ["boundary", "session"] as const) {
      assert.ok(parsePolicy(text, { kind }).diagnostics.some((x) => x.code === "policy-invalid-character"));
    }
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:role/\u{1F600}" },
        Action: "sts:AssumeRole",
      },
    });
    const t = find(parsePolicy(trust, { kind: "trust" }).diagnostics, "policy-invalid-character");
    assert.match(t.message, /\(U\+1F600\): a role trust policy/);
    // Other services' resource policies and SCPs have their own rules: not claimed here.
    const resource = text.replace('"Effect": "Allow",', '"Effect": "Allow", "Principal": "*",');
    assert.deepEqual(parsePolicy(resource, { kind: "resource" }).diagnostics, []);
  });

  test("normalizePolicy checks a value without text too, at any depth, without throwing", () => {
    const r = normalizePolicy({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/\u2603" },
    });
    assert.deepEqual(
      r.diagnostics.map((x) => [x.code, x.path]),
      [["policy-invalid-character", "/Statement/Resource"]],
    );
    let deep: unknown = "\u2603";
    for (let i = 0; i < 100000; i++) deep = [deep];
    const d = normalizePolicy({ Version: "2012-10-17", Statement: [], Id: deep });
    assert.ok(d.diagnostics.some((x) => x.code === "policy-invalid-character"));
  });
});

describe("normalizePolicy", () => {
  test("validates a policy embedded in a bigger file, with locations relative to the whole file", () => {
    const text = `{
  "policies": [
    { "name": "ok", "document": { "Version": "2012-10-17", "Statement": [] } },
    {
      "name": "bad",
      "document": {
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Permit", "Action": "*", "Resource": "*" }]
      }
    }
  ]
}`;
    const file = parseJsonWithPositions(text, "set.json");
    const root = file.value as { policies: Array<{ document: unknown }> };
    const r = normalizePolicy(root.policies[1].document, {
      file: "set.json",
      sourceMap: file.sourceMap,
      basePath: "/policies/1/document",
    });
    assert.equal(r.document, undefined);
    const d = find(r.diagnostics, "policy-invalid-effect");
    assert.deepEqual(
      [d.file, d.line, d.column, d.path],
      ["set.json", 8, 35, "/policies/1/document/Statement/0/Effect"],
    );
  });

  test("works without a source map (a Pulumi input), with paths but no lines", () => {
    const r = normalizePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: 1, Resource: "*" }] });
    const d = find(r.diagnostics, "policy-invalid-type");
    assert.equal(d.path, "/Statement/0/Action");
    assert.equal(d.line, undefined);
  });

  test("a value that is not an object", () => {
    assert.deepEqual(codes(normalizePolicy([]).diagnostics), ["policy-not-an-object"]);
    assert.deepEqual(codes(normalizePolicy("x").diagnostics), ["policy-not-an-object"]);
  });
});
