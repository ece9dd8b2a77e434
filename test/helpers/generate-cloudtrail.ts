import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { GeneratedAccount, GeneratedPrincipal } from "./generate-account.js";
import { Random } from "./random.js";

/**
 * CloudTrail records for a generated account, deterministic from a seed, in the shapes CloudTrail
 * writes (CloudTrail User Guide, "CloudTrail record contents", "userIdentity element"): IAM users
 * with access keys, assumed-role sessions (`sessionContext.sessionIssuer`), Identity Center
 * sessions (`AWSReservedSSO_...` roles, the person's name as session name), service-role sessions
 * (SageMaker jobs, Lambda functions), calls by AWS services (`AWSService`), callers from other
 * accounts, S3 data events (object-level, with `resources`), management events, and errors —
 * `AccessDenied` for what a principal is not granted, and others (`NoSuchKey`) that still mean
 * the call was authorized.
 */
export interface GenerateTrailOptions {
  seed?: number;
  records: number;
  /** First day (UTC), default 2024-05-01. */
  start?: string;
  days?: number;
  /** Share of calls denied (default 0.03). */
  denied?: number;
}

/** Requests that principals try and are not granted (what AccessDenied records show). */
const DENIED_TRIES: Array<{ source: string; name: string; resource?: (a: GeneratedAccount) => string }> = [
  { source: "iam.amazonaws.com", name: "CreateUser" },
  { source: "iam.amazonaws.com", name: "AttachRolePolicy" },
  {
    source: "s3.amazonaws.com",
    name: "GetObject",
    resource: (a) => `arn:aws:s3:::${a.datasetsBucket}/restricted/payroll.csv`,
  },
  { source: "kms.amazonaws.com", name: "ScheduleKeyDeletion" },
  { source: "organizations.amazonaws.com", name: "LeaveOrganization" },
];

const EVENT_NAME: Record<string, string> = {
  "s3:ListBucket": "ListObjects",
  "s3:ListAllMyBuckets": "ListBuckets",
  "lambda:InvokeFunction": "Invoke",
};

const SOURCE: Record<string, string> = { cloudwatch: "monitoring.amazonaws.com" };

function eventFor(action: string): { source: string; name: string } {
  const [svc, name] = action.split(":");
  return { source: SOURCE[svc] ?? `${svc}.amazonaws.com`, name: EVENT_NAME[action] ?? name };
}

const PEOPLE = ["alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi"];

export function generateCloudTrail(
  account: GeneratedAccount,
  opts: GenerateTrailOptions,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  generateCloudTrailStream(account, opts, (r) => out.push(r));
  return out;
}

/** The same records, one at a time (for benchmarks that write millions). */
export function generateCloudTrailStream(
  account: GeneratedAccount,
  opts: GenerateTrailOptions,
  onRecord: (record: Record<string, unknown>) => void,
): void {
  const rng = new Random(opts.seed ?? 1);
  const start = Date.parse(`${opts.start ?? "2024-05-01"}T00:00:00Z`);
  const span = (opts.days ?? 30) * 86_400_000;
  const deniedShare = opts.denied ?? 0.03;
  const acct = account.account;
  const active = account.principals.filter((p) => p.uses.length > 0);
  const step = span / Math.max(1, opts.records);
  for (let i = 0; i < opts.records; i++) {
    const time = new Date(start + Math.floor(i * step)).toISOString().replace(/\.\d{3}Z$/, "Z");
    const roll = rng.next();
    const region = rng.chance(0.9) ? "us-east-1" : "us-west-2";
    const base = {
      eventVersion: "1.09",
      eventTime: time,
      awsRegion: region,
      sourceIPAddress: `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`,
      userAgent: rng.pick([
        "aws-cli/2.15.30 Python/3.11.8",
        "Boto3/1.34.69 md/Botocore#1.34.69",
        "aws-sdk-java/2.25.11",
      ]),
      requestID: rng.hex(16).toUpperCase(),
      eventID: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
      eventType: "AwsApiCall",
      recipientAccountId: acct,
    };
    if (roll < 0.04) {
      // A call an AWS service makes on its own (no principal of the account).
      onRecord({
        ...base,
        userIdentity: {
          type: "AWSService",
          invokedBy: rng.pick(["sagemaker.amazonaws.com", "autoscaling.amazonaws.com", "cloudtrail.amazonaws.com"]),
        },
        eventSource: "kms.amazonaws.com",
        eventName: "Decrypt",
        readOnly: true,
        managementEvent: true,
        eventCategory: "Management",
        eventType: "AwsServiceEvent",
        resources: [{ accountId: acct, type: "AWS::KMS::Key", ARN: `arn:aws:kms:${region}:${acct}:key/${rng.hex(8)}` }],
      });
      continue;
    }
    if (roll < 0.05) {
      // A caller from an account that was not imported.
      onRecord({
        ...base,
        userIdentity: {
          type: "AWSAccount",
          principalId: `AIDA${rng.hex(12).toUpperCase()}`,
          accountId: "444455556666",
        },
        eventSource: "s3.amazonaws.com",
        eventName: "GetObject",
        requestParameters: { bucketName: `${account.organization}-artifacts`, key: "shared/model.tar.gz" },
        resources: [
          { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${account.organization}-artifacts/shared/model.tar.gz` },
        ],
        readOnly: true,
        managementEvent: false,
        eventCategory: "Data",
      });
      continue;
    }
    const p = active[Math.floor(rng.next() ** 1.5 * active.length)];
    const identity = identityOf(p, acct, rng);
    // Denied calls: what a principal tries beyond its grants (administrators are not denied these).
    if (rng.chance(deniedShare) && !p.name.includes("AdministratorAccess")) {
      const t = rng.pick(DENIED_TRIES);
      onRecord({
        ...base,
        userIdentity: identity,
        eventSource: t.source,
        eventName: t.name,
        errorCode: "AccessDenied",
        errorMessage: `User: ${identity.arn} is not authorized to perform: ${t.source.split(".")[0]}:${t.name}`,
        requestParameters: t.resource ? s3Params(t.resource(account)) : null,
        responseElements: null,
        readOnly: false,
        managementEvent: !t.resource,
        eventCategory: t.resource ? "Data" : "Management",
      });
      continue;
    }
    const use = rng.pick(p.uses);
    const { source, name } = eventFor(use.action);
    const record: Record<string, unknown> = { ...base, userIdentity: identity, eventSource: source, eventName: name };
    const n = rng.int(40);
    if (use.action.startsWith("s3:") && use.resource) {
      const key = use.resource.endsWith("/")
        ? `${use.resource}${rng.pick(["train", "eval", "raw"])}/part-${String(n).padStart(5, "0")}.parquet`
        : use.resource;
      Object.assign(record, {
        requestParameters: s3Params(key),
        resources: [
          { type: "AWS::S3::Object", ARN: key },
          { accountId: acct, type: "AWS::S3::Bucket", ARN: key.slice(0, key.indexOf("/", 13)) },
        ],
        readOnly: use.action === "s3:GetObject",
        managementEvent: false,
        eventCategory: "Data",
        additionalEventData: { bytesTransferredIn: 0, bytesTransferredOut: 1024 * (1 + n) },
      });
      if (rng.chance(0.01))
        Object.assign(record, { errorCode: "NoSuchKey", errorMessage: "The specified key does not exist." });
    } else if (use.resource && use.action.startsWith("sagemaker:")) {
      const resourceName = `${use.resource.slice(use.resource.lastIndexOf("/") + 1)}job-${n}`;
      const arn = `${use.resource}job-${n}`;
      Object.assign(record, {
        requestParameters: { [use.action.includes("Endpoint") ? "endpointName" : "trainingJobName"]: resourceName },
        responseElements: use.action.includes("Create") ? { trainingJobArn: arn } : null,
        resources: use.action.includes("Create") ? undefined : [{ type: "AWS::SageMaker::TrainingJob", ARN: arn }],
        readOnly: use.action.includes("Describe"),
        managementEvent: true,
        eventCategory: "Management",
      });
    } else {
      Object.assign(record, {
        requestParameters: null,
        responseElements: null,
        readOnly: /:(Get|List|Describe|Batch)/.test(use.action),
        managementEvent: true,
        eventCategory: "Management",
      });
    }
    onRecord(record);
  }
}

function s3Params(arn: string): Record<string, string> {
  const rest = arn.slice("arn:aws:s3:::".length);
  const slash = rest.indexOf("/");
  return slash < 0
    ? { bucketName: rest }
    : {
        bucketName: rest.slice(0, slash),
        key: rest.slice(slash + 1),
        Host: `${rest.slice(0, slash)}.s3.amazonaws.com`,
      };
}

function identityOf(p: GeneratedPrincipal, account: string, rng: Random): Record<string, unknown> {
  if (p.kind === "user") {
    return {
      type: "IAMUser",
      principalId: `AIDA${rng.hex(16).toUpperCase()}`,
      arn: p.arn,
      accountId: account,
      accessKeyId: `AKIA${rng.hex(16).toUpperCase()}`,
      userName: p.name,
    };
  }
  const session = p.sso
    ? `${rng.pick(PEOPLE)}@example.com`
    : p.service === "sagemaker.amazonaws.com"
      ? "SageMaker"
      : p.service
        ? `${p.name}-${rng.hex(6)}`
        : `GitHubActions-${rng.int(1000)}`;
  const roleId = `AROA${p.name.length.toString(16).toUpperCase().padStart(4, "0")}EXAMPLE${rng.int(10)}`;
  return {
    type: "AssumedRole",
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${p.name}/${session}`,
    accountId: account,
    accessKeyId: `ASIA${rng.hex(16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: { type: "Role", principalId: roleId, arn: p.arn, accountId: account, userName: p.name },
      attributes: { creationDate: "2024-05-01T00:00:00Z", mfaAuthenticated: p.sso ? "false" : "false" },
      ...(p.sso ? {} : {}),
    },
    ...(p.service && !p.sso ? { invokedBy: p.service } : {}),
  };
}

/**
 * Writes records as CloudTrail delivers them: gzip'd `{"Records": [...]}` files of `perFile`
 * records under `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/`. Returns the files.
 */
export function writeCloudTrailDelivery(
  dir: string,
  account: string,
  records: Array<Record<string, unknown>>,
  perFile = 500,
): string[] {
  const files: string[] = [];
  for (let i = 0; i < records.length; i += perFile) {
    const chunk = records.slice(i, i + perFile);
    const t = String(chunk[0].eventTime);
    const folder = join(
      dir,
      "AWSLogs",
      account,
      "CloudTrail",
      "us-east-1",
      t.slice(0, 4),
      t.slice(5, 7),
      t.slice(8, 10),
    );
    mkdirSync(folder, { recursive: true });
    const name = `${account}_CloudTrail_us-east-1_${t.replace(/[-:]/g, "").slice(0, 13)}Z_${String(i / perFile).padStart(6, "0")}.json.gz`;
    const file = join(folder, name);
    writeFileSync(file, gzipSync(JSON.stringify({ Records: chunk })));
    files.push(file);
  }
  return files;
}

/** Writes records as CloudTrail Lake / Athena export them: one JSON object per line. */
export function writeJsonLines(file: string, records: Array<Record<string, unknown>>, gzip = false): void {
  const text = `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
  writeFileSync(file, gzip ? gzipSync(text) : text);
}
