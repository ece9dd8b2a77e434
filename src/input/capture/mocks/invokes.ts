import { createHash } from "node:crypto";
import { managedPolicy } from "../../../catalog/managed-policies.js";
import { unknownMark } from "../../../model/unknown-mark.js";
import { policyDocumentInvoke } from "../policy-document-invoke.js";

/**
 * What common AWS data sources return, computed offline for a synthetic account, so a program that
 * reads its account, region, organization or an AMI runs under mocks as under `pulumi preview`.
 * Each answer has the shape the provider documents; the values are those of the capture's account
 * and region. A value no offline run can know (a parameter's value, a customer managed policy's
 * document) is an unknown mark (`./unknown-mark.ts`), never a guess: documents that contain one
 * are reported as unknown.
 */
export interface InvokeContext {
  account: string;
  region: string;
  partition?: string;
  /** The session capture pretends to run as: a role assumed by a deployment pipeline. */
  roleName?: string;
}

type Json = Record<string, unknown>;

const hex = (seed: string, n: number) => createHash("sha1").update(seed).digest("hex").slice(0, n);
const upper = (seed: string, n: number) => hex(seed, n).toUpperCase();
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The organization capture pretends the account belongs to (its management account). */
export function organizationOf(ctx: InvokeContext) {
  const partition = ctx.partition ?? "aws";
  const id = `o-${hex(`org ${ctx.account}`, 10)}`;
  const rootId = `r-${hex(`root ${ctx.account}`, 4)}`;
  return { id, rootId, arn: `arn:${partition}:organizations::${ctx.account}:organization/${id}` };
}

/** The account's one IAM Identity Center instance (as an organization's management account has). */
export function identityCenterOf(ctx: InvokeContext) {
  const partition = ctx.partition ?? "aws";
  return {
    instanceArn: `arn:${partition}:sso:::instance/ssoins-${hex(`sso ${ctx.account}`, 16)}`,
    identityStoreId: `d-${hex(`store ${ctx.account}`, 10)}`,
  };
}

/** The answer to the invoke `token` with `inputs`, or undefined when it is not one we model. */
export function invokeResult(token: string, inputs: Json, ctx: InvokeContext): Json | undefined {
  const partition = ctx.partition ?? "aws";
  const { account, region } = ctx;
  const role = ctx.roleName ?? "ai-iam-capture";
  const dnsSuffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: account,
        arn: `arn:${partition}:sts::${account}:assumed-role/${role}/ai-iam-capture`,
        userId: `AROA${upper(`${account} ${role}`, 17)}:ai-iam-capture`,
        id: account,
      };
    case "aws:index/getRegion:getRegion": {
      const name = str(inputs.region) ?? str(inputs.name) ?? region;
      return { name, region: name, id: name, description: name, endpoint: `ec2.${name}.${dnsSuffix}` };
    }
    case "aws:index/getPartition:getPartition":
      return { partition, id: partition, dnsSuffix, reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const exclude = new Set([...(asStrings(inputs.excludeNames) ?? []), ...(asStrings(inputs.excludeZoneIds) ?? [])]);
      const code = regionCode(region);
      const zones = ["a", "b", "c"]
        .map((s, i) => ({ name: `${region}${s}`, zoneId: `${code}-az${i + 1}` }))
        .filter((z) => !exclude.has(z.name) && !exclude.has(z.zoneId));
      return {
        id: region,
        names: zones.map((z) => z.name),
        zoneIds: zones.map((z) => z.zoneId),
        groupNames: zones.map(() => region),
        state: str(inputs.state),
        allAvailabilityZones: inputs.allAvailabilityZones,
      };
    }
    case "aws:index/getAvailabilityZone:getAvailabilityZone": {
      const name = str(inputs.name) ?? `${region}a`;
      return { name, region, zoneId: `${regionCode(region)}-az1`, state: "available", nameSuffix: name.slice(-1) };
    }
    case "aws:organizations/getOrganization:getOrganization": {
      const org = organizationOf(ctx);
      const accountArn = `arn:${partition}:organizations::${account}:account/${org.id}/${account}`;
      const email = `aws+${account}@example.com`;
      const member = { id: account, arn: accountArn, email, name: "management", status: "ACTIVE" };
      return {
        id: org.id,
        arn: org.arn,
        featureSet: "ALL",
        masterAccountId: account,
        masterAccountArn: accountArn,
        masterAccountEmail: email,
        masterAccountName: "management",
        accounts: [member],
        nonMasterAccounts: [],
        roots: [
          {
            id: org.rootId,
            arn: `arn:${partition}:organizations::${account}:root/${org.id}/${org.rootId}`,
            name: "Root",
            policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "ENABLED" }],
          },
        ],
        awsServiceAccessPrincipals: [],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
      };
    }
    case "aws:iam/getSessionContext:getSessionContext": {
      // AWS documents: for an assumed-role ARN the issuer is the role; any other ARN is its own issuer.
      const arn = str(inputs.arn) ?? "";
      const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/(.+)\/([^/]+)$/.exec(arn);
      if (!m) return { arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "", id: arn };
      const [, p, acct, path, session] = m;
      const name = path!.slice(path!.lastIndexOf("/") + 1);
      const rolePath = path!.includes("/") ? `/${path!.slice(0, path!.lastIndexOf("/") + 1)}` : "/";
      return {
        arn,
        issuerArn: `arn:${p}:iam::${acct}:role${rolePath}${name}`,
        issuerId: `AROA${upper(`${acct} ${name}`, 17)}`,
        issuerName: name,
        sessionName: session,
        id: arn,
      };
    }
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return policyDocumentInvoke(inputs);
    case "aws:iam/getPolicy:getPolicy": {
      const arn = str(inputs.arn) ?? (str(inputs.name) ? `arn:${partition}:iam::${account}:policy/${inputs.name}` : "");
      const aws = managedPolicy(arn);
      if (aws) {
        return {
          arn,
          name: aws.name,
          path: aws.path,
          policy: JSON.stringify(aws.document),
          policyId: `ANPA${upper(arn, 17)}`,
          attachmentCount: 0,
          description: "",
          tags: {},
          id: arn,
        };
      }
      // A customer managed policy outside the program: its document is not ours to know.
      return {
        arn,
        name: arn.slice(arn.lastIndexOf("/") + 1),
        path: "/",
        policy: unknownMark(`aws.iam.getPolicy(${arn}).policy`),
        id: arn,
      };
    }
    case "aws:iam/getRole:getRole": {
      const name = str(inputs.name) ?? "";
      return {
        name,
        id: name,
        arn: `arn:${partition}:iam::${account}:role/${name}`,
        path: "/",
        uniqueId: `AROA${upper(`${account} ${name}`, 17)}`,
        assumeRolePolicy: unknownMark(`aws.iam.getRole(${name}).assumeRolePolicy`),
      };
    }
    case "aws:ec2/getAmi:getAmi": {
      const filters = Array.isArray(inputs.filters) ? (inputs.filters as Json[]) : [];
      const pattern = asStrings(filters.find((f) => f.name === "name")?.values)?.[0];
      const owner = asStrings(inputs.owners)?.[0];
      const ownerId =
        owner === "amazon" || owner === undefined ? "137112412989" : /^\d{12}$/.test(owner) ? owner : "099720109477";
      const id = `ami-${hex(`${region} ${pattern ?? ""} ${owner ?? ""}`, 17)}`;
      const name = (pattern ?? "image-*").replace(/\*/g, "20240101").replace(/\?/g, "0");
      return {
        id,
        imageId: id,
        arn: `arn:${partition}:ec2:${region}::image/${id}`,
        name,
        ownerId,
        architecture: /arm64|aarch64/.test(name) ? "arm64" : "x86_64",
        rootDeviceName: "/dev/xvda",
        rootDeviceType: "ebs",
        virtualizationType: "hvm",
        state: "available",
        public: true,
        imageOwnerAlias: owner === "amazon" ? "amazon" : undefined,
        platform: "",
        tags: {},
      };
    }
    case "aws:ec2/getVpc:getVpc": {
      const id = str(inputs.id) ?? `vpc-${hex(`vpc ${region} ${inputs.default === true}`, 17)}`;
      return {
        id,
        arn: `arn:${partition}:ec2:${region}:${account}:vpc/${id}`,
        cidrBlock: "172.31.0.0/16",
        default: inputs.default === true,
        ownerId: account,
        state: "available",
        tags: {},
      };
    }
    case "aws:ec2/getSubnets:getSubnets":
      return { id: region, ids: ["a", "b", "c"].map((z) => `subnet-${hex(`subnet ${region} ${z}`, 17)}`) };
    case "aws:ec2/getSubnet:getSubnet": {
      const id = str(inputs.id) ?? `subnet-${hex(`subnet ${region} a`, 17)}`;
      return {
        id,
        arn: `arn:${partition}:ec2:${region}:${account}:subnet/${id}`,
        availabilityZone: `${region}a`,
        cidrBlock: "172.31.0.0/20",
        vpcId: `vpc-${hex(`vpc ${region} true`, 17)}`,
      };
    }
    case "aws:route53/getZone:getZone": {
      const name = (str(inputs.name) ?? "example.com").replace(/\.$/, "");
      const zoneId = str(inputs.zoneId) ?? `Z${upper(`zone ${name} ${inputs.privateZone === true}`, 20)}`;
      return {
        id: zoneId,
        zoneId,
        name,
        arn: `arn:${partition}:route53:::hostedzone/${zoneId}`,
        privateZone: inputs.privateZone === true,
        callerReference: hex(zoneId, 12),
        comment: "",
        nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"],
        primaryNameServer: "ns-1.awsdns-01.org",
        resourceRecordSetCount: 2,
        tags: {},
      };
    }
    case "aws:ssoadmin/getInstances:getInstances": {
      const ic = identityCenterOf(ctx);
      return { id: region, arns: [ic.instanceArn], identityStoreIds: [ic.identityStoreId] };
    }
    case "aws:ssm/getParameter:getParameter": {
      const name = str(inputs.name) ?? "";
      return {
        id: name,
        name,
        arn: ssmParameterArn(partition, region, account, name),
        type: "String",
        value: unknownMark(`aws.ssm.getParameter(${name}).value`),
        insecureValue: unknownMark(`aws.ssm.getParameter(${name}).insecureValue`),
        version: 1,
      };
    }
    case "aws:secretsmanager/getSecret:getSecret": {
      const name = str(inputs.name) ?? str(inputs.arn)?.split(":").pop() ?? "";
      const arn = str(inputs.arn) ?? secretArn(partition, region, account, name);
      return {
        id: arn,
        arn,
        name,
        description: "",
        policy: unknownMark(`aws.secretsmanager.getSecret(${name}).policy`),
        tags: {},
      };
    }
    case "aws:kms/getKey:getKey":
    case "aws:kms/getAlias:getAlias": {
      const keyId = str(inputs.keyId) ?? str(inputs.name) ?? "";
      const id = /^[0-9a-f-]{36}$/.test(keyId) ? keyId : uuidOf(`key ${keyId}`);
      return {
        id,
        keyId: id,
        arn: `arn:${partition}:kms:${region}:${account}:${token.endsWith("getAlias") ? keyId.replace(/^(?!alias\/)/, "alias/") : `key/${id}`}`,
        targetKeyId: id,
        targetKeyArn: `arn:${partition}:kms:${region}:${account}:key/${id}`,
        name: keyId,
      };
    }
    case "aws:s3/getBucket:getBucket":
    case "aws:s3/getBucketV2:getBucketV2": {
      const bucket = str(inputs.bucket) ?? "";
      return {
        id: bucket,
        bucket,
        arn: `arn:${partition}:s3:::${bucket}`,
        bucketDomainName: `${bucket}.s3.${dnsSuffix}`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.${dnsSuffix}`,
        region,
        hostedZoneId: "Z3BJ6K6RIION7M",
      };
    }
    case "aws:eks/getCluster:getCluster":
    case "aws:eks/getClusterAuth:getClusterAuth": {
      const name = str(inputs.name) ?? "";
      const oidc = `https://oidc.eks.${region}.${dnsSuffix}/id/${upper(`oidc ${name}`, 32)}`;
      return {
        id: name,
        name,
        arn: `arn:${partition}:eks:${region}:${account}:cluster/${name}`,
        endpoint: `https://${upper(name, 32)}.gr7.${region}.eks.${dnsSuffix}`,
        identities: [{ oidcs: [{ issuer: oidc }] }],
        roleArn: unknownMark(`aws.eks.getCluster(${name}).roleArn`),
        token: "k8s-aws-v1.offline",
      };
    }
    default:
      return undefined;
  }
}

function asStrings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`: how AWS prefixes zone ids. */
export function regionCode(region: string): string {
  const m = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
  if (!m) return region;
  const direction = m[2]!.replace(/north|south|east|west|central/g, (w) => w[0]!);
  return `${m[1]}${direction}${m[3]}`;
}

/** An SSM parameter's ARN: the name's leading slash is not doubled. */
export function ssmParameterArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`;
}

/** A Secrets Manager secret's ARN: the name and six random characters AWS appends. */
export function secretArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-${hex(`secret ${name}`, 6)}`;
}

export function uuidOf(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
