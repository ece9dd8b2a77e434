import { getCatalog } from "../../catalog/index.js";

/**
 * The IAM action a CloudTrail event needed. Mostly `<service prefix>:<eventName>`, where the prefix
 * is the first label of `eventSource` (`s3.amazonaws.com` → `s3`), with the exceptions below; each
 * result is checked against the action catalog, and an event whose action cannot be told
 * (`ConsoleLogin`, `GetCallerIdentity`, which need no permission, or a service ai-iam does not
 * know) maps to nothing and is counted as unmapped rather than guessed.
 * AWS: CloudTrail User Guide, "CloudTrail record contents" (eventSource, eventName); the Service
 * Authorization Reference for each service's actions.
 */

/** eventSource labels whose IAM service prefix differs. */
const SOURCE_PREFIX: Record<string, string> = {
  monitoring: "cloudwatch",
  "runtime.sagemaker": "sagemaker",
  "api.sagemaker": "sagemaker",
  "featurestore-runtime.sagemaker": "sagemaker",
  "bedrock-runtime": "bedrock",
  "bedrock-agent": "bedrock",
  "bedrock-agent-runtime": "bedrock",
  email: "ses",
  tagging: "tag",
  "api.ecr": "ecr",
  "api.pricing": "pricing",
  "data.iot": "iot",
  "execute-api": "execute-api",
  "sso-directory": "sso-directory",
  identitystore: "identitystore",
  elasticfilesystem: "elasticfilesystem",
  "streams.dynamodb": "dynamodb",
  lakeformation: "lakeformation",
  health: "health",
  "cloudtrail-data": "cloudtrail-data",
};

/**
 * Events whose name is not the action they are authorized as. AWS: Amazon S3 User Guide,
 * "Amazon S3 CloudTrail events" and "Required permissions for Amazon S3 API operations"; Amazon
 * Bedrock User Guide, "Converse API" (Converse needs bedrock:InvokeModel).
 */
const EVENT_ACTION: Record<string, string | null> = {
  "s3:ListObjects": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:HeadBucket": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:ListObjectVersions": "s3:ListBucketVersions",
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:CreateMultipartUpload": "s3:PutObject",
  "s3:UploadPart": "s3:PutObject",
  "s3:UploadPartCopy": "s3:PutObject",
  "s3:CompleteMultipartUpload": "s3:PutObject",
  "s3:CopyObject": "s3:PutObject",
  "s3:DeleteObjects": "s3:DeleteObject",
  "s3:SelectObjectContent": "s3:GetObject",
  "s3:RestoreObject": "s3:RestoreObject",
  "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
  "s3:PutBucketEncryption": "s3:PutEncryptionConfiguration",
  "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
  "s3:PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
  "bedrock:Converse": "bedrock:InvokeModel",
  "bedrock:ConverseStream": "bedrock:InvokeModelWithResponseStream",
  "lambda:Invoke": "lambda:InvokeFunction",
  "sagemaker:InvokeEndpointAsync": "sagemaker:InvokeEndpointAsync",
  // No permission is needed for these.
  "sts:GetCallerIdentity": null,
  "signin:ConsoleLogin": null,
  "signin:CheckMfa": null,
  "signin:SwitchRole": null,
  "signin:ExitRole": null,
  "signin:RenewRole": null,
  "sts:AssumeRoleWithSAML": null,
  "sts:AssumeRoleWithWebIdentity": null,
};

/** eventSource → eventName → action (no key is built per record: this runs for every record). */
const cache = new Map<string, Map<string, string | null>>();
let cached = 0;

/** `s3.amazonaws.com` + `GetObject` → `s3:GetObject` (the catalog's spelling), or undefined. */
export function eventAction(eventSource: string, eventName: string): string | undefined {
  let names = cache.get(eventSource);
  if (names === undefined) {
    names = new Map();
    cache.set(eventSource, names);
  }
  let hit = names.get(eventName);
  if (hit === undefined) {
    hit = resolve(eventSource, eventName);
    if (cached > 100_000) {
      cache.clear();
      cached = 0;
      names = new Map();
      cache.set(eventSource, names);
    }
    names.set(eventName, hit);
    cached++;
  }
  return hit ?? undefined;
}

function resolve(eventSource: string, eventName: string): string | null {
  const label = eventSource.replace(/\.amazonaws\.com(\.cn)?$/, "");
  const prefix = SOURCE_PREFIX[label] ?? label.split(".")[0];
  // Lambda's management events carry the API version: `CreateFunction20150331`, `UpdateFunctionCode20150331v2`.
  const name = prefix === "lambda" ? eventName.replace(/\d{8}(v\d+)?$/, "") : eventName;
  const written = `${prefix}:${name}`;
  const mapped = Object.hasOwn(EVENT_ACTION, written) ? EVENT_ACTION[written] : written;
  if (mapped === null) return null;
  const info = getCatalog().action(mapped);
  return info ? info.key : null;
}
