import { createHash } from "node:crypto";
import { identityCenterOf, secretArn, ssmParameterArn, uuidOf } from "./invokes.js";

/**
 * The state AWS would return for a new resource: its id and the attributes programs reference in
 * policies (`arn`, `name`, `id`, `url`), in each service's documented ARN format, so that a policy
 * built from `bucket.arn` or `queue.arn` is captured with the value it will have. Physical names
 * follow Pulumi's auto-naming (the logical name and a suffix) unless the program names the
 * resource. A type this table does not know returns its inputs only: under `pulumi preview`
 * semantics everything else stays unknown and is reported, never guessed.
 */
export interface StateContext {
  account: string;
  region: string;
  partition?: string;
}

export interface MockedState {
  id: string;
  state: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;

const hex = (seed: string, n: number) => createHash("sha1").update(seed).digest("hex").slice(0, n);

/** Seven hex characters, stable for a given logical name, like Pulumi's auto-naming suffix. */
export function autoNameSuffix(name: string): string {
  return hex(name, 7);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The resource's physical name: the program's `name` (or `namePrefix` + suffix), else auto-named. */
function physicalName(name: string, inputs: Inputs, key = "name"): string {
  const given = str(inputs[key]);
  if (given) return given;
  const prefix = str(inputs[`${key}Prefix`]);
  if (prefix) return `${prefix}${hex(`${name} prefix`, 26)}`;
  return `${name}-${autoNameSuffix(name)}`;
}

type StateFn = (name: string, inputs: Inputs, ctx: Required<StateContext>) => MockedState;

/** `arn:<partition>:<service>:<region>:<account>:<rest>`, named with `name` as id. */
const named =
  (
    service: string,
    rest: (physical: string, ctx: Required<StateContext>) => string,
    opts: { global?: boolean; key?: string } = {},
  ): StateFn =>
  (name, inputs, ctx) => {
    const physical = physicalName(name, inputs, opts.key);
    const region = opts.global ? "" : ctx.region;
    const arn = `arn:${ctx.partition}:${service}:${region}:${ctx.account}:${rest(physical, ctx)}`;
    return { id: physical, state: { ...inputs, [opts.key ?? "name"]: physical, arn } };
  };

/** An IAM entity (user, group, role, policy, instance profile): pathed, with a unique id. */
const iam =
  (kind: string, idPrefix?: string, idIsArn = false): StateFn =>
  (name, inputs, ctx) => {
    const physical = physicalName(name, inputs);
    const path = str(inputs.path) ?? "/";
    const arn = `arn:${ctx.partition}:iam::${ctx.account}:${kind}${path}${physical}`;
    const uniqueId = idPrefix ? `${idPrefix}${hex(`${ctx.account} ${kind} ${physical}`, 17).toUpperCase()}` : undefined;
    const idKey = kind === "role" || kind === "user" ? "uniqueId" : kind === "policy" ? "policyId" : "uniqueId";
    return {
      id: idIsArn ? arn : physical,
      state: { ...inputs, name: physical, path, arn, ...(uniqueId ? { [idKey]: uniqueId } : {}) },
    };
  };

const STATES: Record<string, StateFn> = {
  "aws:iam/user:User": iam("user", "AIDA"),
  "aws:iam/group:Group": iam("group", "AGPA"),
  "aws:iam/role:Role": iam("role", "AROA"),
  "aws:iam/policy:Policy": iam("policy", "ANPA", true),
  "aws:iam/instanceProfile:InstanceProfile": iam("instance-profile", "AIPA"),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs, ctx) => {
    const host = (str(inputs.url) ?? "").replace(/^https:\/\//, "");
    const arn = `arn:${ctx.partition}:iam::${ctx.account}:oidc-provider/${host}`;
    return { id: arn, state: { ...inputs, arn } };
  },
  "aws:iam/samlProvider:SamlProvider": (name, inputs, ctx) => {
    const physical = physicalName(name, inputs);
    const arn = `arn:${ctx.partition}:iam::${ctx.account}:saml-provider/${physical}`;
    return { id: arn, state: { ...inputs, name: physical, arn } };
  },
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": (_name, inputs, ctx) => {
    const service = str(inputs.awsServiceName) ?? "";
    const roleName = `AWSServiceRoleFor${service.split(".")[0]!.replace(/^./, (c) => c.toUpperCase())}${str(inputs.customSuffix) ? `_${inputs.customSuffix}` : ""}`;
    const path = `/aws-service-role/${service}/`;
    const arn = `arn:${ctx.partition}:iam::${ctx.account}:role${path}${roleName}`;
    return { id: arn, state: { ...inputs, name: roleName, path, arn } };
  },
  "aws:iam/accessKey:AccessKey": (name, inputs) => {
    const id = `AKIA${hex(`key ${name}`, 16).toUpperCase()}`;
    return { id, state: { ...inputs, status: "Active" } };
  },
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketV2:BucketV2": bucket,
  "aws:kms/key:Key": (name, inputs, ctx) => {
    const keyId = uuidOf(`key ${name}`);
    return {
      id: keyId,
      state: { ...inputs, keyId, arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${keyId}` },
    };
  },
  "aws:kms/alias:Alias": named("kms", (n) => n, { key: "name" }),
  "aws:sqs/queue:Queue": (name, inputs, ctx) => {
    const queue = physicalName(name, inputs) + (inputs.fifoQueue === true && !str(inputs.name) ? ".fifo" : "");
    const url = `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${queue}`;
    return {
      id: url,
      state: { ...inputs, name: queue, url, arn: `arn:${ctx.partition}:sqs:${ctx.region}:${ctx.account}:${queue}` },
    };
  },
  "aws:sns/topic:Topic": named("sns", (n) => n),
  "aws:dynamodb/table:Table": (name, inputs, ctx) => {
    const r = named("dynamodb", (n) => `table/${n}`)(name, inputs, ctx);
    return {
      ...r,
      state: { ...r.state, streamArn: `${r.state.arn}/stream/2024-01-01T00:00:00.000` },
    };
  },
  "aws:lambda/function:Function": (name, inputs, ctx) => {
    const r = named("lambda", (n) => `function:${n}`)(name, inputs, ctx);
    return {
      ...r,
      state: {
        ...r.state,
        invokeArn: `arn:${ctx.partition}:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${r.state.arn}/invocations`,
        qualifiedArn: `${r.state.arn}:$LATEST`,
        version: "$LATEST",
      },
    };
  },
  "aws:lambda/layerVersion:LayerVersion": named("lambda", (n) => `layer:${n}:1`, { key: "layerName" }),
  "aws:ecr/repository:Repository": (name, inputs, ctx) => {
    const r = named("ecr", (n) => `repository/${n}`)(name, inputs, ctx);
    return {
      ...r,
      state: {
        ...r.state,
        registryId: ctx.account,
        repositoryUrl: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${r.id}`,
      },
    };
  },
  "aws:cloudwatch/logGroup:LogGroup": named("logs", (n) => `log-group:${n}`),
  "aws:cloudwatch/eventRule:EventRule": named("events", (n) => `rule/${n}`),
  "aws:cloudwatch/eventBus:EventBus": named("events", (n) => `event-bus/${n}`),
  "aws:sfn/stateMachine:StateMachine": (name, inputs, ctx) => {
    const r = named("states", (n) => `stateMachine:${n}`)(name, inputs, ctx);
    return { id: String(r.state.arn), state: r.state };
  },
  "aws:sfn/activity:Activity": (name, inputs, ctx) => {
    const r = named("states", (n) => `activity:${n}`)(name, inputs, ctx);
    return { id: String(r.state.arn), state: r.state };
  },
  "aws:ssm/parameter:Parameter": (name, inputs, ctx) => {
    const physical = physicalName(name, inputs);
    return {
      id: physical,
      state: { ...inputs, name: physical, arn: ssmParameterArn(ctx.partition, ctx.region, ctx.account, physical) },
    };
  },
  "aws:secretsmanager/secret:Secret": (name, inputs, ctx) => {
    const physical = physicalName(name, inputs);
    const arn = secretArn(ctx.partition, ctx.region, ctx.account, physical);
    return { id: arn, state: { ...inputs, name: physical, arn } };
  },
  "aws:kinesis/stream:Stream": named("kinesis", (n) => `stream/${n}`),
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": named("firehose", (n) => `deliverystream/${n}`),
  "aws:ecs/cluster:Cluster": (name, inputs, ctx) => {
    const r = named("ecs", (n) => `cluster/${n}`)(name, inputs, ctx);
    return { id: String(r.state.arn), state: r.state };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (name, inputs, ctx) => {
    const family = str(inputs.family) ?? `${name}-${autoNameSuffix(name)}`;
    const arn = `arn:${ctx.partition}:ecs:${ctx.region}:${ctx.account}:task-definition/${family}:1`;
    return { id: family, state: { ...inputs, family, arn, arnWithoutRevision: arn.slice(0, -2), revision: 1 } };
  },
  "aws:eks/cluster:Cluster": (name, inputs, ctx) => {
    const r = named("eks", (n) => `cluster/${n}`)(name, inputs, ctx);
    const issuer = `https://oidc.eks.${ctx.region}.amazonaws.com/id/${hex(`oidc ${r.id}`, 32).toUpperCase()}`;
    return {
      ...r,
      state: {
        ...r.state,
        identities: [{ oidcs: [{ issuer }] }],
        endpoint: `https://${hex(r.id, 32).toUpperCase()}.gr7.${ctx.region}.eks.amazonaws.com`,
      },
    };
  },
  "aws:cloudfront/distribution:Distribution": (name, _inputs, ctx) => {
    const id = `E${hex(`distribution ${name}`, 13).toUpperCase()}`;
    return {
      id,
      state: {
        ..._inputs,
        arn: `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${id}`,
        domainName: `d${hex(name, 13)}.cloudfront.net`,
        hostedZoneId: "Z2FDTNDATAQYW2",
      },
    };
  },
  "aws:cloudfront/originAccessControl:OriginAccessControl": (name, inputs) => ({
    id: `E${hex(`oac ${name}`, 13).toUpperCase()}`,
    state: { ...inputs },
  }),
  "aws:athena/workgroup:Workgroup": named("athena", (n) => `workgroup/${n}`),
  "aws:glue/catalogDatabase:CatalogDatabase": (name, inputs, ctx) => {
    const r = named("glue", (n) => `database/${n}`)(name, inputs, ctx);
    return { id: `${ctx.account}:${r.id}`, state: r.state };
  },
  "aws:glue/crawler:Crawler": named("glue", (n) => `crawler/${n}`),
  "aws:glue/job:Job": named("glue", (n) => `job/${n}`),
  "aws:appsync/graphQLApi:GraphQLApi": (name, inputs, ctx) => {
    const id = hex(`appsync ${name}`, 26);
    return {
      id,
      state: {
        ...inputs,
        name: str(inputs.name) ?? name,
        arn: `arn:${ctx.partition}:appsync:${ctx.region}:${ctx.account}:apis/${id}`,
        uris: { GRAPHQL: `https://${id}.appsync-api.${ctx.region}.amazonaws.com/graphql` },
      },
    };
  },
  "aws:sagemaker/notebookInstance:NotebookInstance": named("sagemaker", (n) => `notebook-instance/${n.toLowerCase()}`),
  "aws:sagemaker/domain:Domain": (name, inputs, ctx) => {
    const id = `d-${hex(`domain ${name}`, 12)}`;
    return {
      id,
      state: { ...inputs, arn: `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:domain/${id}` },
    };
  },
  "aws:sagemaker/model:Model": named("sagemaker", (n) => `model/${n.toLowerCase()}`),
  "aws:sagemaker/endpoint:Endpoint": named("sagemaker", (n) => `endpoint/${n.toLowerCase()}`),
  "aws:batch/computeEnvironment:ComputeEnvironment": (name, inputs, ctx) => {
    const physical = physicalName(name, inputs, "computeEnvironmentName");
    const arn = `arn:${ctx.partition}:batch:${ctx.region}:${ctx.account}:compute-environment/${physical}`;
    return { id: arn, state: { ...inputs, name: physical, computeEnvironmentName: physical, arn } };
  },
  "aws:batch/jobQueue:JobQueue": (name, inputs, ctx) => {
    const r = named("batch", (n) => `job-queue/${n}`)(name, inputs, ctx);
    return { id: String(r.state.arn), state: r.state };
  },
  "aws:batch/jobDefinition:JobDefinition": (name, inputs, ctx) => {
    const r = named("batch", (n) => `job-definition/${n}:1`)(name, inputs, ctx);
    return { id: String(r.state.arn), state: { ...r.state, revision: 1 } };
  },
  "aws:redshift/cluster:Cluster": named("redshift", (n) => `cluster:${n}`, { key: "clusterIdentifier" }),
  "aws:ec2/securityGroup:SecurityGroup": (name, inputs, ctx) => {
    const id = `sg-${hex(`sg ${name}`, 17)}`;
    return {
      id,
      state: {
        ...inputs,
        name: physicalName(name, inputs),
        arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:security-group/${id}`,
      },
    };
  },
  "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs, ctx) => {
    const id = `lt-${hex(`lt ${name}`, 17)}`;
    return {
      id,
      state: {
        ...inputs,
        name: physicalName(name, inputs),
        latestVersion: 1,
        arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:launch-template/${id}`,
      },
    };
  },
  "aws:ec2/instance:Instance": (name, inputs, ctx) => {
    const id = `i-${hex(`instance ${name}`, 17)}`;
    return { id, state: { ...inputs, arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:instance/${id}` } };
  },
  "aws:ec2/vpc:Vpc": (name, inputs, ctx) => {
    const id = `vpc-${hex(`vpc ${name}`, 17)}`;
    return { id, state: { ...inputs, arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:vpc/${id}` } };
  },
  "aws:ec2/subnet:Subnet": (name, inputs, ctx) => {
    const id = `subnet-${hex(`subnet ${name}`, 17)}`;
    return { id, state: { ...inputs, arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:subnet/${id}` } };
  },
  "aws:apigateway/restApi:RestApi": (name, inputs, ctx) => {
    const id = hex(`api ${name}`, 10);
    return {
      id,
      state: {
        ...inputs,
        name: physicalName(name, inputs),
        rootResourceId: hex(`root ${name}`, 10),
        executionArn: `arn:${ctx.partition}:execute-api:${ctx.region}:${ctx.account}:${id}`,
        arn: `arn:${ctx.partition}:apigateway:${ctx.region}::/restapis/${id}`,
      },
    };
  },
  "aws:apigatewayv2/api:Api": (name, inputs, ctx) => {
    const id = hex(`apiv2 ${name}`, 10);
    return {
      id,
      state: {
        ...inputs,
        executionArn: `arn:${ctx.partition}:execute-api:${ctx.region}:${ctx.account}:${id}`,
        arn: `arn:${ctx.partition}:apigateway:${ctx.region}::/apis/${id}`,
        apiEndpoint: `https://${id}.execute-api.${ctx.region}.amazonaws.com`,
      },
    };
  },
  "aws:cognito/userPool:UserPool": (name, inputs, ctx) => {
    const id = `${ctx.region}_${hex(`pool ${name}`, 9)}`;
    return {
      id,
      state: {
        ...inputs,
        name: physicalName(name, inputs),
        arn: `arn:${ctx.partition}:cognito-idp:${ctx.region}:${ctx.account}:userpool/${id}`,
      },
    };
  },
  "aws:ssoadmin/permissionSet:PermissionSet": (name, inputs, ctx) => {
    const instance = str(inputs.instanceArn) ?? identityCenterOf(ctx).instanceArn;
    const physical = physicalName(name, inputs);
    const arn = `${instance.replace(":instance/", ":permissionSet/")}/ps-${hex(`ps ${physical}`, 16)}`;
    return { id: `${arn},${instance}`, state: { ...inputs, name: physical, arn } };
  },
  "aws:identitystore/group:Group": (name, inputs) => {
    const groupId = uuidOf(`group ${name}`);
    return { id: `${inputs.identityStoreId}/${groupId}`, state: { ...inputs, groupId } };
  },
  "aws:identitystore/user:User": (name, inputs) => {
    const userId = uuidOf(`user ${name}`);
    return { id: `${inputs.identityStoreId}/${userId}`, state: { ...inputs, userId } };
  },
  "aws:organizations/policy:Policy": (name, inputs, ctx) => {
    const id = `p-${hex(`scp ${name}`, 8)}`;
    return {
      id,
      state: {
        ...inputs,
        arn: `arn:${ctx.partition}:organizations::${ctx.account}:policy/o-${hex(`org ${ctx.account}`, 10)}/service_control_policy/${id}`,
      },
    };
  },
  "aws:organizations/organizationalUnit:OrganizationalUnit": (name, inputs, ctx) => {
    const id = `ou-${hex(`root ${ctx.account}`, 4)}-${hex(`ou ${name}`, 8)}`;
    return {
      id,
      state: {
        ...inputs,
        arn: `arn:${ctx.partition}:organizations::${ctx.account}:ou/o-${hex(`org ${ctx.account}`, 10)}/${id}`,
      },
    };
  },
  "aws:organizations/account:Account": (name, inputs, ctx) => {
    const id = String(100000000000 + (Number.parseInt(hex(`account ${name}`, 8), 16) % 899999999999));
    return {
      id,
      state: {
        ...inputs,
        arn: `arn:${ctx.partition}:organizations::${ctx.account}:account/o-${hex(`org ${ctx.account}`, 10)}/${id}`,
      },
    };
  },
};

function bucket(name: string, inputs: Inputs, ctx: Required<StateContext>): MockedState {
  const given = str(inputs.bucket);
  const prefix = str(inputs.bucketPrefix);
  const b =
    given ?? (prefix ? `${prefix}${hex(`${name} prefix`, 26)}` : `${name}-${autoNameSuffix(name)}`.toLowerCase());
  return {
    id: b,
    state: {
      ...inputs,
      bucket: b,
      arn: `arn:${ctx.partition}:s3:::${b}`,
      bucketDomainName: `${b}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${b}.s3.${ctx.region}.amazonaws.com`,
      region: ctx.region,
    },
  };
}

/** Types whose state this table synthesizes. */
export function hasMockedState(type: string): boolean {
  return type in STATES;
}

/** The id and state AWS would return for a new resource of `type` named `name` with `inputs`. */
export function resourceState(type: string, name: string, inputs: Inputs, ctx: StateContext): MockedState {
  const fn = Object.hasOwn(STATES, type) ? STATES[type] : undefined;
  const full = { account: ctx.account, region: ctx.region, partition: ctx.partition ?? "aws" };
  if (fn) return fn(name, inputs, full);
  // Unknown type: an id, the inputs, and nothing made up (the rest stays unknown in preview).
  return { id: `${name}-${autoNameSuffix(name)}`, state: { ...inputs } };
}
