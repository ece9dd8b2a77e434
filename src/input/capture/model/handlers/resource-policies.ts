import type { Statement } from "../../../../policy/types.js";
import { type CapturedResource, type ModelDraft, str } from "../draft.js";
import type { CaptureHandler } from "./types.js";

/**
 * Resource-based policies: a policy resource naming its target (`BucketPolicy`, `KeyPolicy`,
 * `QueuePolicy`, `TopicPolicy`, `RepositoryPolicy`, `SecretPolicy`), the `policy` input of the
 * resource itself (`Key`, `Queue`, `Topic`, `Secret`, `Bucket`), and Lambda `Permission`s, each a
 * statement of the function's policy. Statements for one resource are merged into one policy.
 */
type Target = (r: CapturedResource, d: ModelDraft) => string | undefined;

const region = (d: ModelDraft) => d.region ?? "us-east-1";

/** The ARN of the program's resource of `type` whose `key` (or id) is `value`, else built by `fallback`. */
function arnOfResource(d: ModelDraft, type: string, keys: string[], value: string, fallback: () => string): string {
  const found = d.ofType(type).find((x) => keys.some((k) => x.props[k] === value) || x.name === value);
  return str(found?.props.arn) ?? fallback();
}

const TARGETS: Record<string, [property: string, target: Target]> = {
  "aws:s3/bucketPolicy:BucketPolicy": ["bucket", (r, d) => bucketArn(d, str(r.props.bucket))],
  "aws:kms/keyPolicy:KeyPolicy": [
    "keyId",
    (r, d) => {
      const key = str(r.props.keyId);
      if (!key) return undefined;
      if (key.startsWith("arn:")) return key;
      return arnOfResource(
        d,
        "aws:kms/key:Key",
        ["keyId", "id"],
        key,
        () => `arn:${d.partition}:kms:${region(d)}:${d.account}:key/${key}`,
      );
    },
  ],
  "aws:sqs/queuePolicy:QueuePolicy": [
    "queueUrl",
    (r, d) => {
      const m = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/(.+)$/.exec(str(r.props.queueUrl) ?? "");
      return m ? `arn:${d.partition}:sqs:${m[1]}:${m[2]}:${m[3]}` : undefined;
    },
  ],
  "aws:sns/topicPolicy:TopicPolicy": ["arn", (r) => str(r.props.arn)],
  "aws:ecr/repositoryPolicy:RepositoryPolicy": [
    "repository",
    (r, d) => {
      const name = str(r.props.repository);
      return name ? `arn:${d.partition}:ecr:${region(d)}:${d.account}:repository/${name}` : undefined;
    },
  ],
  "aws:secretsmanager/secretPolicy:SecretPolicy": ["secretArn", (r) => str(r.props.secretArn)],
};

/** Resources whose own `policy` input is their resource policy. */
const SELF = new Set([
  "aws:kms/key:Key",
  "aws:sqs/queue:Queue",
  "aws:sns/topic:Topic",
  "aws:secretsmanager/secret:Secret",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
]);

function bucketArn(d: ModelDraft, bucket: string | undefined): string | undefined {
  return bucket ? `arn:${d.partition}:s3:::${bucket}` : undefined;
}

export const resourcePolicyHandler: CaptureHandler = {
  types: [...Object.keys(TARGETS), ...SELF],
  phase: 5,
  handle(r, d) {
    if (SELF.has(r.type)) {
      if (r.props.policy === undefined || r.props.policy === "") return;
      const arn = r.type.startsWith("aws:s3/") ? bucketArn(d, str(r.props.bucket)) : str(r.props.arn);
      if (!arn) {
        d.unknown(r, "arn", "the resource's ARN is not known, so its policy cannot be placed");
        return;
      }
      d.addResourceStatements(arn, r.name, d.readDocument(r, "policy", "resource"));
      return;
    }
    const [property, target] = TARGETS[r.type]!;
    const arn = target(r, d);
    if (!arn) {
      d.unknown(r, property, "the resource the policy is attached to is not known");
      return;
    }
    const raw =
      r.type === "aws:ecr/repositoryPolicy:RepositoryPolicy" ? implicitResource(r.props.policy, arn) : r.props.policy;
    d.addResourceStatements(arn, r.name, d.readDocument(r, "policy", "resource", true, raw));
  },
};

/**
 * An ECR repository policy's statements name no Resource: it is the repository (Amazon ECR User
 * Guide, "Private repository policies"). The element is added so the policy reads as IAM evaluates it.
 */
function implicitResource(policy: unknown, arn: string): unknown {
  let doc = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return policy;
    }
  }
  if (typeof doc !== "object" || doc === null) return policy;
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  const fixed = list.map((s) =>
    typeof s === "object" && s !== null && !("Resource" in s) && !("NotResource" in s) ? { ...s, Resource: arn } : s,
  );
  return { ...(doc as object), Statement: fixed };
}

/**
 * `aws.lambda.Permission`: one statement of the function's resource policy, as Lambda's
 * AddPermission writes it (Lambda Developer Guide, "Viewing resource-based IAM policies in Lambda").
 */
export const lambdaPermissionHandler: CaptureHandler = {
  types: ["aws:lambda/permission:Permission"],
  phase: 5,
  handle(r, d) {
    const fn = str(r.props.function);
    const action = str(r.props.action);
    const principal = str(r.props.principal);
    if (!fn || !action || !principal) {
      const missing = !fn ? "function" : !action ? "action" : "principal";
      const reason = d.unknown(r, missing, "the permission's target or grantee is not known");
      if (fn) d.addResourceStatements(functionArn(d, fn, r), r.name, { unknown: { whole: true, reasons: [reason] } });
      return;
    }
    const arn = functionArn(d, fn, r);
    const grantee = /^(\d{12}|\*|arn:)/.test(principal) ? { AWS: [principal] } : { Service: [principal] };
    const condition: Record<string, Record<string, string[]>> = {};
    const add = (op: string, key: string, v: unknown) => {
      const value = str(v);
      if (value) condition[op] = { ...(condition[op] ?? {}), [key]: [value] };
    };
    add("ArnLike", "AWS:SourceArn", r.props.sourceArn);
    add("StringEquals", "AWS:SourceAccount", r.props.sourceAccount);
    add("StringEquals", "aws:PrincipalOrgID", r.props.principalOrgId);
    add("StringEquals", "lambda:FunctionUrlAuthType", r.props.functionUrlAuthType);
    add("StringEquals", "lambda:EventSourceToken", r.props.eventSourceToken);
    const statement: Statement = {
      Sid: str(r.props.statementId) ?? r.name,
      Effect: "Allow",
      Principal: principal === "*" ? "*" : grantee,
      Action: [action],
      Resource: [arn],
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    d.addResourceStatements(arn, r.name, { document: { Version: "2012-10-17", Statement: [statement] } });
  },
};

/** A function given by name, ARN or partial ARN, qualified by `qualifier`. */
function functionArn(d: ModelDraft, fn: string, r: CapturedResource): string {
  const base = fn.startsWith("arn:")
    ? fn
    : arnOfResource(
        d,
        "aws:lambda/function:Function",
        ["name"],
        fn,
        () => `arn:${d.partition}:lambda:${region(d)}:${d.account}:function:${fn}`,
      );
  const qualifier = str(r.props.qualifier);
  return qualifier ? `${base}:${qualifier}` : base;
}
