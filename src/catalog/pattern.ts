/**
 * The catalog's side of wildcard matching: action patterns as IAM matches the Action element, and
 * whether an ARN pattern from a policy can match some ARN of a resource type's format. The matching
 * itself is the one wildcard module's (src/policy/wildcard.ts).
 */
import {
  ACTION_PATTERN,
  matches,
  overlaps,
  type Wildcard,
  type WildcardUnit,
  wildcardFromUnits,
} from "../policy/wildcard.js";

/** Whether an action key (`s3:GetObject`) matches a pattern as IAM matches the Action element. */
export function actionMatches(pattern: string, action: string): boolean {
  return pattern === "*" || matches(pattern, action, ACTION_PATTERN);
}

/**
 * An ARN format as a pattern: each `${Var}` is one or more characters, never the delimiter that
 * follows it in the format (`${BucketName}/` holds no `/`, `${Partition}:` no `:`). The last
 * variable may hold anything (`role/${RoleNameWithPath}`, `${BucketName}/${ObjectName}` and
 * `repository/${RepositoryName}` carry slashes), except when it is the whole resource part
 * (`arn:${Partition}:s3:::${BucketName}`, `...:sqs:${Region}:${Account}:${QueueName}`): such a
 * name holds no `/`, so `arn:aws:s3:::bucket/*` is an object, never a bucket.
 */
function formatPattern(format: string): Wildcard {
  const units: WildcardUnit[] = [];
  let colons = 0;
  let resourceStart = -1;
  let literal = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === "$" && format[i + 1] === "{") {
      const end = format.indexOf("}", i + 2);
      if (end > 0) {
        const next = format[end + 1];
        let except = next === undefined || next === "$" ? undefined : next;
        if (next === undefined && i === resourceStart) except = "/";
        if (literal) units.push({ kind: "literal", text: literal });
        literal = "";
        units.push({ kind: "one", except }, { kind: "run", except });
        i = end;
        continue;
      }
    }
    if (c === ":" && ++colons === 5) resourceStart = i + 1;
    literal += c;
  }
  if (literal) units.push({ kind: "literal", text: literal });
  return wildcardFromUnits(units, format);
}

// Formats come from the catalog (a few thousand at most): compiled once each.
const formats = new Map<string, Wildcard>();

/**
 * Whether an ARN or ARN pattern from a policy (`*`, `?`, `${aws:username}` — a variable may be
 * anything) can match some ARN of the given format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
 * Case-sensitive, as IAM compares ARNs. `"*"` matches every format.
 */
export function arnPatternMatchesFormat(pattern: string, format: string): boolean {
  if (pattern === "*") return true;
  let f = formats.get(format);
  if (!f) {
    f = formatPattern(format);
    formats.set(format, f);
  }
  return overlaps(pattern, f, { variables: true });
}
