// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  ACTION_PATTERN,
  compileWildcard,
  covers,
  matches,
  overlaps,
  RESOURCE_PATTERN,
  type VariableSource,
  wildcardFromUnits,
} from "../../src/policy/wildcard.js";

// AWS: IAM User Guide, "IAM JSON policy elements: Action" / "...: Resource": `*` matches any run of
// characters (possibly empty), `?` exactly one; actions compare case-insensitively, ARNs not.

/** The reference matcher: dynamic programming over (pattern prefix, subject prefix), no shortcuts. */
function refMatch(p: string, s: string): boolean {
  let prev = new Array<boolean>(s.length + 1).fill(false);
  prev[0] = true;
  for (const c of p) {
    const cur = new Array<boolean>(s.length + 1).fill(false);
    if (c === "*") cur[0] = prev[0];
    for (let j = 1; j <= s.length; j++) {
      cur[j] = c === "*" ? prev[j] || cur[j - 1] : prev[j - 1] && (c === "?" || c === s[j - 1]);
    }
    prev = cur;
  }
  return prev[s.length];
}

/** Every string over `alphabet` of length up to `max`. */
function allStrings(alphabet: string, max: number): string[] {
  const out = [""];
  let level = [""];
  for (let l = 1; l <= max; l++) {
    level = level.flatMap((x) => [...alphabet].map((c) => x + c));
    out.push(...level);
  }
  return out;
}

const nonStar = (p: string) => p.replaceAll("*", "").length;

/** A counterexample to L(b) ⊆ L(a) among all strings over {a, b, z} of at most `max` characters. */
function counterexample(a: string, b: string, max: number): string | undefined {
  return allStrings("abz", max).find((s) => refMatch(b, s) && !refMatch(a, s));
}

/**
 * Inclusion decided by trying b's strings of one family: each character b takes with `?` is z (a
 * character neither pattern names) and each star of b takes a run of z of 0 to nonStar(a) + 1
 * characters. Enough: a string of b that a rejects stays rejected when each character b took with
 * a wildcard becomes z (a takes z only with a wildcard, which takes anything); and a run a star of
 * b took that is longer than nonStar(a) + 1 can lose a character without changing a's answer
 * (a star of a takes at least one of its characters). The test below checks this family against
 * plain enumeration of all short strings as well.
 */
function refCovers(a: string, b: string): boolean {
  const pieces = b.replace(/\*+/g, "*").split("*");
  const runs = new Array<number>(pieces.length - 1).fill(0);
  const longest = nonStar(a) + 1;
  for (;;) {
    let s = pieces[0].replaceAll("?", "z");
    runs.forEach((n, i) => {
      s += "z".repeat(n) + pieces[i + 1].replaceAll("?", "z");
    });
    if (!refMatch(a, s)) return false;
    let i = 0;
    while (i < runs.length && runs[i] === longest) runs[i++] = 0;
    if (i === runs.length) return true;
    runs[i]++;
  }
}

/**
 * Brute-force overlap on every string up to nonStar(a) + nonStar(b) characters. Enough: a pattern
 * without a star has only strings of its own length; two patterns with stars that share a string
 * share one made of the longer first segment, both middles and the longer last segment.
 */
function refOverlaps(a: string, b: string): boolean {
  for (const s of allStrings("abz", nonStar(a) + nonStar(b))) if (refMatch(a, s) && refMatch(b, s)) return true;
  return false;
}

const pattern = (max: number) =>
  fc.array(fc.constantFrom("a", "b", "?", "*"), { maxLength: max }).map((xs) => xs.join(""));
const subject = (max: number) => fc.array(fc.constantFrom("a", "b"), { maxLength: max }).map((xs) => xs.join(""));
/** A subject and a pattern made from it (some characters as `?`, some runs as `*`), so matches are common. */
const derived = fc
  .tuple(subject(40), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.boolean()), { maxLength: 6 }))
  .map(([s, edits]) => {
    let p = s;
    for (const [at, len, star] of edits) {
      const i = at % (p.length + 1);
      p = star ? `${p.slice(0, i)}*${p.slice(i + len)}` : i < p.length ? `${p.slice(0, i)}?${p.slice(i + 1)}` : p;
    }
    return p;
  });

describe("matches", () => {
  test("agrees with the reference (property)", () => {
    fc.assert(
      fc.property(fc.oneof(pattern(12), derived), subject(40), (p, s) => {
        assert.equal(matches(p, s), refMatch(p, s), `${p} vs ${s}`);
      }),
      { numRuns: 3000 },
    );
  });

  test("agrees with the reference on patterns made from the subject (property)", () => {
    fc.assert(
      fc.property(
        subject(120),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.boolean()), { maxLength: 12 }),
        fc.nat({ max: 3 }),
        (s, edits, mutate) => {
          let p = s;
          for (const [at, len, star] of edits) {
            const i = at % (p.length + 1);
            p = star ? `${p.slice(0, i)}*${p.slice(i + len)}` : i < p.length ? `${p.slice(0, i)}?${p.slice(i + 1)}` : p;
          }
          // Sometimes flip a subject character so that the pattern may no longer match.
          const t = mutate === 0 && s.length > 0 ? `${s.slice(0, -1)}${s.endsWith("a") ? "b" : "a"}` : s;
          assert.equal(matches(p, t), refMatch(p, t), `${p} vs ${t}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("segments longer than one machine word, with and without ?", () => {
    const s = `${"ab".repeat(50)}x${"ab".repeat(40)}`;
    assert.equal(matches(`*${"ab".repeat(20)}x${"a?".repeat(20)}*`, s), true);
    assert.equal(matches(`*${"ab".repeat(20)}y${"a?".repeat(20)}*`, s), false);
    assert.equal(matches(`*${"ab".repeat(30)}x*`, s), true);
    assert.equal(matches(`*${"ab".repeat(51)}*`, s), false);
    assert.equal(matches(`*x${"a?".repeat(39)}ab`, s), true);
    assert.equal(matches(`*b${"a?".repeat(39)}ab`, s), false);
  });

  test("actions are case-insensitive, resources case-sensitive", () => {
    assert.equal(matches("s3:Get*", "S3:GETOBJECT", ACTION_PATTERN), true);
    assert.equal(matches("s3:get?bject", "s3:GetObject", ACTION_PATTERN), true);
    assert.equal(matches("S3:*Object", "s3:getobject", ACTION_PATTERN), true);
    assert.equal(matches("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", RESOURCE_PATTERN), false);
    assert.equal(matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/x", RESOURCE_PATTERN), true);
  });

  test("ARN mode: a wildcard in the first five parts never spans a colon", () => {
    // AWS: IAM User Guide, "Condition operators" — ARN condition operators: "each of the six
    // colon-delimited components of the ARN is checked separately and each can include wildcards".
    assert.equal(matches("arn:aws:*:*:123:thing", "arn:aws:s3:us:east:123:thing", RESOURCE_PATTERN), false);
    assert.equal(matches("arn:aws:*:*:123:thing", "arn:aws:s3:us-east-1:123:thing", RESOURCE_PATTERN), true);
    assert.equal(matches("arn:aws:*:*:123:thing", "arn:aws:s3:us:east:123:thing"), true, "whole-string reading");
    assert.equal(
      matches("arn:aws:*:*:*:a:b", "arn:aws:s3:r:1:a:b", RESOURCE_PATTERN),
      true,
      "the resource keeps its colons",
    );
    assert.equal(matches("arn:aws:s?:::b", "arn:aws:s3:::b", RESOURCE_PATTERN), true);
    assert.equal(matches("arn:aws:s3:::b", "arn:aws:s3:::b", RESOURCE_PATTERN), true);
  });

  test("policy variables: request values, defaults, escapes; an unresolvable one matches nothing", () => {
    const vars = (values: Record<string, string>): VariableSource => ({
      variable: (lower) => values[lower],
    });
    const p = compileWildcard("home/${aws:username}/${aws:PrincipalTag/x, 'it''s'}/${*}${?}${$}", {
      variables: true,
    });
    assert.equal(p.test("home/alice/it's/*?$", vars({ "aws:username": "alice" })), true);
    assert.equal(p.test("home/alice/v/*?$", vars({ "aws:username": "alice", "aws:principaltag/x": "v" })), true);
    assert.equal(p.test("home/bob/it's/*?$", vars({ "aws:username": "alice" })), false);
    assert.equal(p.test("home/alice/it's/x?$", vars({ "aws:username": "alice" })), false, "${*} is a literal *");
    assert.equal(p.test("home//it's/*?$", vars({})), false, "no value and no default");
    // A substituted value is literal text: its * matches only a *.
    assert.equal(p.test("home/alice/it's/*?$", vars({ "aws:username": "*" })), false);
    assert.equal(p.test("home/*/it's/*?$", vars({ "aws:username": "*" })), true);
    assert.deepEqual(p.requiredVariables(), [{ lower: "aws:username", key: "aws:username" }]);
    // Without variables, or malformed, `${` is text.
    assert.equal(matches("a${x}", "a${x}"), true);
    assert.equal(matches("x${foo", "x${foo", { variables: true }), true);
    assert.equal(matches("${a b}", "${a b}", { variables: true }), true);
  });

  test("StringEquals-style literal patterns: * and ? are characters", () => {
    assert.equal(matches("a*b?", "a*b?", { wildcards: false }), true);
    assert.equal(matches("a*b?", "axbc", { wildcards: false }), false);
    assert.equal(matches("A*", "a*", { wildcards: false, ignoreCase: true }), true);
  });

  test("the issue's adversarial patterns answer at once, and right", () => {
    const bomb = `a.${"a*".repeat(14)}b`;
    const as = `a.${"a".repeat(40)}`;
    assert.equal(matches(bomb, as), false);
    assert.equal(matches(bomb, `${as}b`), true);
    assert.equal(covers(bomb, as), false);
    assert.equal(covers(as, bomb), false);
    assert.equal(covers(`a.${"a*".repeat(14)}*`, as), true);
    assert.equal(overlaps(bomb, as), false);
    assert.equal(overlaps(bomb, `${as}b`), true);
    const action = `s3:${"a".repeat(40)}`;
    assert.equal(matches(`s3:${"a*".repeat(20)}b`, action, ACTION_PATTERN), false);
    assert.equal(matches(`s3:${"*a".repeat(20)}`, action, ACTION_PATTERN), true);
    // Quadratic-time shapes for backtracking matchers, at a size where they would take minutes.
    const long = "a".repeat(200_000);
    assert.equal(matches(`*${"a".repeat(1000)}b*`, long), false);
    assert.equal(matches(`*${"a?".repeat(500)}b*`, long), false);
    assert.equal(matches(`${"*a".repeat(5000)}*b`, long), false);
  });
});

describe("covers", () => {
  test("agrees with the reference (property)", () => {
    fc.assert(
      fc.property(pattern(8), pattern(8), (a, b) => {
        assert.equal(covers(a, b), refCovers(a, b), `${a} ⊇ ${b}`);
      }),
      { numRuns: 3000 },
    );
  });

  test("the reference agrees with enumeration of all short strings (property)", () => {
    fc.assert(
      fc.property(pattern(4), pattern(4), (a, b) => {
        const short = counterexample(a, b, 7);
        // A counterexample among short strings refutes; none there and the family must find none either
        // when every counterexample the family tries is that short.
        if (short !== undefined) assert.equal(refCovers(a, b), false, `${a} ⊇ ${b}: ${short}`);
        else if (nonStar(b) + (b.split("*").length - 1) * (nonStar(a) + 1) <= 7) assert.equal(refCovers(a, b), true);
      }),
      { numRuns: 400 },
    );
  });

  test("the subtle cases: ? of b under * of a, and ? beside a star", () => {
    assert.equal(covers("*", "?"), true);
    assert.equal(covers("?*", "*?"), true);
    assert.equal(covers("??*", "a*b"), true, "a*b has at least two characters");
    assert.equal(covers("??*", "a*"), false);
    assert.equal(covers("a?", "a*"), false);
    assert.equal(covers("a*", "a?"), true);
    assert.equal(covers("*a*", "?a?"), true);
    assert.equal(covers("*?b", "a*b"), true);
    assert.equal(covers("*ab*", "*a*b*"), false);
  });

  test("ARN mode", () => {
    const o = RESOURCE_PATTERN;
    assert.equal(covers("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/secret/*", o), true);
    assert.equal(covers("arn:aws:*:*:*:x*", "arn:aws:s3:::x1", o), true);
    assert.equal(covers("arn:aws:*:*:*:*", "arn:*", o), false, "arn:* matches arn:x, which has no five colons");
    assert.equal(covers("arn:*", "arn:aws:*:*:*:*", o), true);
    assert.equal(covers("*", "arn:aws:s?:::b", o), true);
    // A variable stands for any value.
    assert.equal(covers("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x", o), true);
    assert.equal(covers("arn:aws:s3:::b/alice/*", "arn:aws:s3:::b/${aws:username}/*", o), false);
  });

  test("patterns built from units are refused", () => {
    assert.throws(() => covers(wildcardFromUnits([{ kind: "run", except: "/" }]), "a"));
  });
});

describe("overlaps", () => {
  test("agrees with brute force (property)", () => {
    fc.assert(
      fc.property(pattern(5), pattern(5), (a, b) => {
        assert.equal(overlaps(a, b), refOverlaps(a, b), `${a} ∩ ${b}`);
      }),
      { numRuns: 1500 },
    );
  });

  test("is symmetric, and implied by covers (property)", () => {
    fc.assert(
      fc.property(fc.oneof(pattern(10), derived), fc.oneof(pattern(10), derived), (a, b) => {
        assert.equal(overlaps(a, b), overlaps(b, a));
        if (covers(a, b)) assert.equal(overlaps(a, b), true);
      }),
      { numRuns: 1000 },
    );
  });

  test("examples", () => {
    assert.equal(overlaps("arn:aws:s3:::bucket/a*", "arn:aws:s3:::bucket/*b"), true);
    assert.equal(overlaps("arn:aws:s3:::bucket/a*", "arn:aws:s3:::bucket/b*"), false);
    assert.equal(overlaps("arn:aws:s3:::bucket/a?c", "arn:aws:s3:::bucket/*c"), true);
    assert.equal(overlaps("arn:aws:s3:::bucket/a?c", "arn:aws:s3:::bucket/ab"), false);
    assert.equal(overlaps("a*b*c", "*x*"), true);
  });

  test("ARN mode: part-wise, and a part-wise pattern against a whole-string one", () => {
    const o = RESOURCE_PATTERN;
    assert.equal(overlaps("arn:aws:*:*:1:x", "arn:aws:s3:r:1:*", o), true);
    assert.equal(overlaps("arn:aws:*:*:1:x", "arn:aws:s3:r:2:*", o), false);
    // `*x:y:z` can only meet the part-wise pattern with the colons where its parts are.
    assert.equal(overlaps("arn:a?s:s3:r:1:q", "*:s3:r:1:q", o), true);
    assert.equal(overlaps("arn:a?s:s3:r:1:q", "arn:a:b:s3:r:1:q*", o), false);
    assert.equal(overlaps("arn:a?s:s3:r:1:q", "arn:aws*", o), true);
  });

  test("units with excluded characters (the catalog's ARN formats)", () => {
    // `arn:${Partition}:s3:::${BucketName}`: the bucket name never holds a slash.
    const bucket = wildcardFromUnits([
      { kind: "literal", text: "arn:" },
      { kind: "one", except: ":" },
      { kind: "run", except: ":" },
      { kind: "literal", text: ":s3:::" },
      { kind: "one", except: "/" },
      { kind: "run", except: "/" },
    ]);
    assert.equal(overlaps(bucket, "arn:aws:s3:::b*"), true);
    assert.equal(overlaps(bucket, "arn:aws:s3:::b/*"), false);
    assert.equal(overlaps(bucket, "arn:aws:s3:::*/*"), false);
    assert.equal(overlaps(bucket, "arn:aws:s3:::"), false);
    assert.equal(overlaps(bucket, "*"), true);
    assert.equal(bucket.test("arn:aws:s3:::b"), true);
    assert.equal(bucket.test("arn:aws:s3:::b/k"), false);
  });
});

describe("overlaps with character classes", () => {
  /** Every string over `alphabet` up to `max` characters that `unitsPattern` and `p` both match. */
  const refUnitsOverlap = (w: ReturnType<typeof wildcardFromUnits>, p: string, max: number) =>
    allStrings("a/z", max).some((s) => w.test(s) && refMatch(p, s));
  const unit = fc.oneof(
    fc.constantFrom("a", "/", "a/").map((text) => ({ kind: "literal" as const, text })),
    fc.constantFrom(undefined, "/", "a", "a/").map((except) => ({ kind: "one" as const, except })),
    fc.constantFrom(undefined, "/", "a", "a/").map((except) => ({ kind: "run" as const, except })),
  );
  // Small enough that every string of up to (steps of both) characters can be tried: at most 3^9.
  const slashPattern = fc.array(fc.constantFrom("a", "/", "?", "*"), { maxLength: 3 }).map((xs) => xs.join(""));

  test("agrees with brute force, whichever side is longer (property)", () => {
    // A shared string, when there is one, needs at most one character per step of either pattern.
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 3 }), slashPattern, (units, p) => {
        const w = wildcardFromUnits(units);
        const steps = units.reduce((n, u) => n + (u.kind === "literal" ? u.text.length : 1), 0) + p.length;
        const want = refUnitsOverlap(w, p, steps);
        assert.equal(overlaps(w, p), want, `${JSON.stringify(units)} ∩ ${p}`);
        assert.equal(overlaps(p, w), want, `${p} ∩ ${JSON.stringify(units)}`);
      }),
      { numRuns: 400 },
    );
  });

  test("more than 32 steps on the short side: the carries cross machine words", () => {
    const literal = (text: string) => ({ kind: "literal" as const, text });
    const run = (except?: string) => ({ kind: "run" as const, except });
    const one = (except?: string) => ({ kind: "one" as const, except });
    // 70 single steps then a run that never holds "/", against patterns of every length around it.
    const w = wildcardFromUnits([literal("x".repeat(30)), one("/"), literal("y".repeat(39)), run("/"), literal("!")]);
    assert.equal(overlaps(w, `${"x".repeat(30)}*${"y".repeat(39)}ab!`), true);
    assert.equal(overlaps(w, `${"x".repeat(30)}/${"y".repeat(39)}ab!`), false);
    assert.equal(overlaps(w, `${"x".repeat(30)}*${"y".repeat(39)}a/b!`), false);
    assert.equal(overlaps(w, `*${"y".repeat(40)}*`), true);
    assert.equal(overlaps(w, `${"x".repeat(31)}${"y".repeat(38)}*`), true); // the one step takes an x
    assert.equal(overlaps(w, `${"x".repeat(29)}${"y".repeat(41)}*`), false);
    assert.equal(overlaps(w, `x*${"a".repeat(2000)}*!`), true);
    assert.equal(overlaps(w, `x*${"a".repeat(2000)}/*!`), false);
  });
});

describe("ARN patterns with plain text in the first five parts", () => {
  // Part-wise matching (IAM User Guide, "IAM JSON policy elements: Resource"): with the first five
  // parts written out, a pattern's strings are those parts and then the resource part's strings,
  // so covers and overlaps reduce to equal prefixes and the resource parts compared as patterns.
  const prefix = fc.constantFrom("arn:aws:s3:::", "arn:aws:s3::1:", "arn:aws:iam::1:", "arn:aws:s3:r:1:");
  // The references enumerate strings over a, b and z: resource parts use those letters.
  // (at most 4 characters each: the overlap reference tries every string up to the sum of both)
  const resource = fc.array(fc.constantFrom("a", "b", "?", "*"), { maxLength: 4 }).map((xs) => xs.join(""));
  test("covers and overlaps agree with the resource parts compared on their own (property)", () => {
    fc.assert(
      fc.property(prefix, resource, prefix, resource, (pa, ra, pb, rb) => {
        const a = pa + ra;
        const b = pb + rb;
        assert.equal(covers(a, b, RESOURCE_PATTERN), pa === pb && refCovers(ra, rb), `${a} ⊇ ${b}`);
        assert.equal(overlaps(a, b, RESOURCE_PATTERN), pa === pb && refOverlaps(ra, rb), `${a} ∩ ${b}`);
      }),
      { numRuns: 600 },
    );
  });
});
