// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
/**
 * The wildcard module on patterns and subjects of any shape (the brute-force comparison lives in
 * test/policy/wildcard.test.ts): nothing throws, and the three answers agree with each other.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ACTION_PATTERN,
  compileWildcard,
  covers,
  matches,
  overlaps,
  RESOURCE_PATTERN,
} from "../../../src/policy/wildcard.js";
import { type FuzzTarget, MAX_INPUT_BYTES } from "./harness.js";

const piece = fc.oneof(
  fc.constantFrom(
    "*",
    "?",
    "a",
    "b",
    ":",
    "/",
    "arn:",
    "arn:aws:s3:::",
    "${aws:username}",
    "${*}",
    "${",
    "}",
    "'",
    ",",
  ),
  fc.string({ maxLength: 3 }),
);
const text = (max: number) => fc.array(piece, { maxLength: max }).map((xs) => xs.join(""));
const long = fc
  .tuple(
    fc.constantFrom("a*", "a?", "*a", "ab", "?*", ":*"),
    fc.integer({ min: 1, max: 100_000 }),
    fc.constantFrom("", "b", "*"),
  )
  .map(([unit, n, end]) => unit.repeat(n) + end);

interface Case {
  a: string;
  b: string;
  subject: string;
  options: "action" | "resource" | "plain";
}

export function wildcardTarget(opts: { large: boolean }): FuzzTarget<Case> {
  const pattern = opts.large ? fc.oneof(text(30), long) : text(30);
  return {
    name: "wildcard matches/covers/overlaps",
    arbitrary: fc.record({
      a: pattern,
      b: pattern,
      subject: opts.large ? fc.oneof(text(40), long) : text(40),
      options: fc.constantFrom("action", "resource", "plain"),
    }),
    size: (c) => Math.min(MAX_INPUT_BYTES, c.a.length + c.b.length + c.subject.length),
    run({ a, b, subject, options }) {
      const o = options === "action" ? ACTION_PATTERN : options === "resource" ? RESOURCE_PATTERN : {};
      // Compiled once, as callers do.
      const wa = compileWildcard(a, o);
      const wb = compileWildcard(b, o);
      const m = matches(wa, subject);
      const ab = covers(wa, wb);
      const ov = overlaps(wa, wb);
      if (ab) assert.equal(ov, true, "covers implies overlaps");
      assert.equal(overlaps(wb, wa), ov, "overlaps is symmetric");
      // A pattern covers itself; a literal subject is covered exactly when it matches.
      assert.equal(covers(wa, wa), true);
      if (!/[*?$]/.test(subject) && options === "plain") assert.equal(covers(wa, subject, o), m);
      wa.requiredVariables();
    },
  };
}
