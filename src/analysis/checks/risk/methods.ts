/**
 * The privilege-escalation method catalog, as data.
 *
 * One entry per published method: the requests it needs (all of its steps; a step is done by any
 * one of its actions), which resource each request must reach, what the attacker gains, and where
 * the method is documented. The risk rules read this table; no rule names a method in code.
 *
 * Sources, cited by their own identifiers:
 * - `rhino`: Rhino Security Labs' method names ("AWS IAM Privilege Escalation – Methods and
 *   Mitigation", and the method table of Pacu's `iam__privesc_scan`);
 * - `pathfinding`: the ids of pathfinding.cloud (Datadog's catalog of AWS privilege escalation
 *   paths); variants that differ only by an optional helper action are folded into one method
 *   and all their ids are listed;
 * - `iamVulnerable`: the path names of Bishop Fox's IAM Vulnerable (vulnerable-by-design Terraform);
 * - `cloudgoat`: Rhino Security Labs' CloudGoat scenario names;
 * - `references`: other write-ups, for methods the catalogs above lack.
 *
 * The required permissions of each method are facts about AWS's APIs; the wording here is ours.
 */

/**
 * pathfinding.cloud's taxonomy: the attacker changes its own permissions (`self-escalation`),
 * takes over another principal (`principal-access`), creates compute that runs with a role it
 * passes (`new-passrole`), or takes over compute that already runs with a role
 * (`existing-passrole`).
 */
export type MethodCategory = "self-escalation" | "principal-access" | "new-passrole" | "existing-passrole";

/**
 * Which resource a step's request must reach for the method to work.
 *
 * - `self`: the caller's own user or role (a boundary it could remove);
 * - `usable-user`: the caller's own user, or a user whose credentials it can obtain;
 * - `usable-role`: the caller's own role, or a role it can assume;
 * - `usable-group`: a group the caller (or a usable user) belongs to;
 * - `usable-policy`: a customer managed policy attached to the caller or to a usable principal
 *   (AWS managed policies, `arn:aws:iam::aws:policy/...`, cannot be changed by anyone);
 * - `any-group`: any group, to join (a more privileged one);
 * - `other-user`: a user other than the caller, to act as;
 * - `any-role`: any role of the account, to make assumable;
 * - `assumable-role`: a role whose trust policy admits the caller;
 * - `passable-role`: an existing role that trusts the service it is passed to;
 * - `existing`: an existing resource that runs code with a role (an instance, function, stack,
 *   build project, notebook, ...);
 * - `others`: an existing resource that belongs to someone else (a Studio user profile): one the
 *   caller's statements name through its own policy variables (`user-profile/*\/${aws:username}`)
 *   is its own and no escalation;
 * - `new`: a resource the caller creates.
 */
export type TargetKind =
  | "self"
  | "usable-user"
  | "usable-role"
  | "usable-group"
  | "usable-policy"
  | "any-group"
  | "other-user"
  | "any-role"
  | "assumable-role"
  | "passable-role"
  | "existing"
  | "others"
  | "new";

/** What the attacker ends up with. */
export type Gain =
  /** Writes its own permissions: anything at all. */
  | "any-permission"
  /** Acts with the permissions of a role (passed, assumed or already attached to compute). */
  | "role-permissions"
  /** Acts as another IAM user. */
  | "user-permissions"
  /** Gets the permissions of a group. */
  | "group-permissions"
  /** Removes a guardrail (a permissions boundary) from itself. */
  | "removes-guardrail";

export interface MethodStep {
  /** Any one of these actions does the step (`service:Action`, as the Service Authorization Reference spells it). */
  anyOf: readonly string[];
  /**
   * The resource type the request names, `service:type` as the Service Authorization Reference
   * calls it (`iam:role`, `lambda:function`); absent when the action has no resource type.
   */
  resource?: string;
  target: TargetKind;
  /** Steps with the same `ref` must reach the same resource (the role passed and assumed, the project created and built). */
  ref?: string;
  /**
   * Request context the attacker sends (`iam:PassedToService` on a PassRole, the policy it
   * attaches as `iam:PolicyARN`). `${Partition}` is the caller's partition.
   */
  context?: Readonly<Record<string, string>>;
  /** Not needed, but widens the method's reach (e.g. `sts:AssumeRole` to use a role it modified). */
  optional?: true;
  /**
   * Another resource type the request must also name (`ssm:document` for `ssm:SendCommand`), when
   * only some of its resources serve the method: `serves` tells a witness ARN that does, and `also`
   * lists ARN formats (`${Partition}`, `${Region}`) of resources that do, tried besides the policy's own.
   */
  serving?: Readonly<Record<string, { serves(arn: string): boolean; also: readonly string[] }>>;
}

export interface MethodSources {
  rhino?: readonly string[];
  pathfinding?: readonly string[];
  iamVulnerable?: readonly string[];
  cloudgoat?: readonly string[];
  references?: readonly string[];
}

export interface EscalationMethod {
  /** Stable, kebab-case; findings, suppressions and the test corpus use it. */
  id: string;
  /** The actions in a few words, e.g. `iam:PassRole + lambda:CreateFunction`. */
  title: string;
  /** The service whose resource the attacker abuses. */
  service: string;
  category: MethodCategory;
  /** Reported by `ai-privilege-escalation` (AI services) rather than `privilege-escalation`. */
  ai?: true;
  steps: readonly MethodStep[];
  gain: Gain;
  /** What the attacker does, one sentence without a final period, for findings. */
  how: string;
  sources: MethodSources;
  /** Names the round-1 rules gave this method (`iam:CreatePolicyVersion`), for comparisons. */
  aliases?: readonly string[];
  /** AWS no longer offers the service to new customers; old accounts may still have it. */
  retired?: true;
}

// --- step builders -------------------------------------------------------------------------

// biome-ignore lint/suspicious/noTemplateCurlyInString: an ARN format placeholder, as in the Service Authorization Reference
const ADMIN_POLICY = "arn:${Partition}:iam::aws:policy/AdministratorAccess";

function step(anyOf: string | readonly string[], target: TargetKind, resource?: string, more?: Partial<MethodStep>) {
  const s: MethodStep = { anyOf: typeof anyOf === "string" ? [anyOf] : anyOf, target, ...more };
  if (resource !== undefined) s.resource = resource;
  return s;
}

/**
 * SSM documents that run what the caller sends (AWS: Systems Manager User Guide, "AWS managed
 * documents" and "Session document schema"). Other AWS-owned documents (names beginning with
 * `aws`, `amazon` or `amzn`, which customers may not use: "Creating SSM documents") run a fixed
 * task (`AWSEC2-CreateVssSnapshot`); a customer's own document may run anything.
 */
const COMMAND_DOCUMENT_NAMES = [
  "AWS-RunShellScript",
  "AWS-RunPowerShellScript",
  "AWS-RunRemoteScript",
  "AWS-RunDocument",
  "AWS-RunAnsiblePlaybook",
  "AWS-ApplyAnsiblePlaybooks",
  "AWS-RunSaltState",
  "AWS-InstallApplication",
  "AWS-StartInteractiveCommand",
  "AWS-StartNonInteractiveCommand",
  "AWS-StartSSHSession",
];
const COMMAND_DOCUMENT_SET = new Set(COMMAND_DOCUMENT_NAMES.map((n) => n.toLowerCase()));
const COMMAND_DOCUMENTS: MethodStep["serving"] = {
  "ssm:document": {
    serves(arn) {
      const name = arn.slice(arn.lastIndexOf("/") + 1).toLowerCase();
      return !/^(aws|amazon|amzn)/.test(name) || COMMAND_DOCUMENT_SET.has(name);
    },
    also: COMMAND_DOCUMENT_NAMES.map((n) => `arn:\${Partition}:ssm:\${Region}::document/${n}`),
  },
};

/** `iam:PassRole` of an existing role to `service` (the value AWS puts in `iam:PassedToService`). */
function passRole(service: string): MethodStep {
  return step("iam:PassRole", "passable-role", "iam:role", {
    ref: "role",
    context: { "iam:PassedToService": service },
  });
}

/** `sts:AssumeRole` on the role a previous step changed: optional, it widens the reach to roles the caller can assume. */
const ASSUME_CHANGED_ROLE = step("sts:AssumeRole", "assumable-role", "sts:role", { ref: "target", optional: true });
/** Credentials of the user a previous step changed: optional, it widens the reach to other users. */
const CREDENTIALS_OF_CHANGED_USER = step(["iam:CreateAccessKey", "iam:CreateLoginProfile"], "other-user", "iam:user", {
  ref: "target",
  optional: true,
});

// --- the catalog ---------------------------------------------------------------------------

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // IAM: a principal changes its own permissions, or takes over another principal.
  {
    id: "iam-create-policy-version",
    title: "iam:CreatePolicyVersion",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:CreatePolicyVersion", "usable-policy", "iam:policy", { ref: "policy" }), ASSUME_CHANGED_ROLE],
    gain: "any-permission",
    how: "rewrite a customer managed policy attached to itself (or to a role it can assume) as a new default version granting anything",
    sources: {
      rhino: ["CreateNewPolicyVersion"],
      pathfinding: ["iam-001", "iam-016", "iam-020"],
      iamVulnerable: ["privesc1-CreateNewPolicyVersion"],
    },
    aliases: ["iam:CreatePolicyVersion"],
  },
  {
    id: "iam-set-default-policy-version",
    title: "iam:SetDefaultPolicyVersion",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:SetDefaultPolicyVersion", "usable-policy", "iam:policy", { ref: "policy" })],
    gain: "any-permission",
    how: "make an older, more permissive version of a policy attached to itself the default again",
    sources: {
      rhino: ["SetExistingDefaultPolicyVersion"],
      iamVulnerable: ["privesc2-SetExistingDefaultPolicyVersion"],
      cloudgoat: ["iam_privesc_by_rollback"],
    },
    aliases: ["iam:SetDefaultPolicyVersion"],
  },
  {
    id: "iam-create-access-key",
    title: "iam:CreateAccessKey",
    service: "iam",
    category: "principal-access",
    steps: [
      step("iam:CreateAccessKey", "other-user", "iam:user", { ref: "target" }),
      // A user holds at most two keys; deleting one makes room.
      step("iam:DeleteAccessKey", "other-user", "iam:user", { ref: "target", optional: true }),
    ],
    gain: "user-permissions",
    how: "create an access key for another user and act as that user",
    sources: {
      rhino: ["CreateAccessKey"],
      pathfinding: ["iam-002", "iam-003"],
      iamVulnerable: ["privesc4-CreateAccessKey"],
      cloudgoat: ["iam_privesc_by_key_rotation"],
    },
    aliases: ["iam:CreateAccessKey"],
  },
  {
    id: "iam-create-login-profile",
    title: "iam:CreateLoginProfile",
    service: "iam",
    category: "principal-access",
    steps: [step("iam:CreateLoginProfile", "other-user", "iam:user", { ref: "target" })],
    gain: "user-permissions",
    how: "give another user a console password and sign in as that user",
    sources: {
      rhino: ["CreateLoginProfile"],
      pathfinding: ["iam-004"],
      iamVulnerable: ["privesc5-CreateLoginProfile"],
    },
    aliases: ["iam:CreateLoginProfile"],
  },
  {
    id: "iam-update-login-profile",
    title: "iam:UpdateLoginProfile",
    service: "iam",
    category: "principal-access",
    steps: [step("iam:UpdateLoginProfile", "other-user", "iam:user", { ref: "target" })],
    gain: "user-permissions",
    how: "reset another user's console password and sign in as that user",
    sources: {
      rhino: ["UpdateLoginProfile"],
      pathfinding: ["iam-006"],
      iamVulnerable: ["privesc6-UpdateLoginProfile"],
    },
    aliases: ["iam:UpdateLoginProfile"],
  },
  {
    id: "iam-attach-user-policy",
    title: "iam:AttachUserPolicy",
    service: "iam",
    category: "self-escalation",
    steps: [
      step("iam:AttachUserPolicy", "usable-user", "iam:user", {
        ref: "target",
        context: { "iam:PolicyARN": ADMIN_POLICY },
      }),
      CREDENTIALS_OF_CHANGED_USER,
    ],
    gain: "any-permission",
    how: "attach AdministratorAccess to its own user (or to a user whose credentials it can create)",
    sources: {
      rhino: ["AttachUserPolicy"],
      pathfinding: ["iam-008", "iam-015"],
      iamVulnerable: ["privesc7-AttachUserPolicy"],
    },
    aliases: ["iam:AttachUserPolicy"],
  },
  {
    id: "iam-attach-group-policy",
    title: "iam:AttachGroupPolicy",
    service: "iam",
    category: "self-escalation",
    steps: [
      step("iam:AttachGroupPolicy", "usable-group", "iam:group", {
        ref: "target",
        context: { "iam:PolicyARN": ADMIN_POLICY },
      }),
    ],
    gain: "any-permission",
    how: "attach AdministratorAccess to a group it belongs to",
    sources: {
      rhino: ["AttachGroupPolicy"],
      pathfinding: ["iam-010"],
      iamVulnerable: ["privesc8-AttachGroupPolicy"],
    },
    aliases: ["iam:AttachGroupPolicy"],
  },
  {
    id: "iam-attach-role-policy",
    title: "iam:AttachRolePolicy",
    service: "iam",
    category: "self-escalation",
    steps: [
      step("iam:AttachRolePolicy", "usable-role", "iam:role", {
        ref: "target",
        context: { "iam:PolicyARN": ADMIN_POLICY },
      }),
      ASSUME_CHANGED_ROLE,
    ],
    gain: "any-permission",
    how: "attach AdministratorAccess to its own role (or to a role it can assume)",
    sources: {
      rhino: ["AttachRolePolicy"],
      pathfinding: ["iam-009", "iam-014", "iam-019"],
      iamVulnerable: ["privesc9-AttachRolePolicy"],
    },
    aliases: ["iam:AttachRolePolicy"],
  },
  {
    id: "iam-put-user-policy",
    title: "iam:PutUserPolicy",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:PutUserPolicy", "usable-user", "iam:user", { ref: "target" }), CREDENTIALS_OF_CHANGED_USER],
    gain: "any-permission",
    how: "write an inline policy granting anything on its own user (or on a user whose credentials it can create)",
    sources: {
      rhino: ["PutUserPolicy"],
      pathfinding: ["iam-007", "iam-018"],
      iamVulnerable: ["privesc10-PutUserPolicy"],
    },
    aliases: ["iam:PutUserPolicy"],
  },
  {
    id: "iam-put-group-policy",
    title: "iam:PutGroupPolicy",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:PutGroupPolicy", "usable-group", "iam:group", { ref: "target" })],
    gain: "any-permission",
    how: "write an inline policy granting anything on a group it belongs to",
    sources: {
      rhino: ["PutGroupPolicy"],
      pathfinding: ["iam-011"],
      iamVulnerable: ["privesc11-PutGroupPolicy"],
    },
    aliases: ["iam:PutGroupPolicy"],
  },
  {
    id: "iam-put-role-policy",
    title: "iam:PutRolePolicy",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:PutRolePolicy", "usable-role", "iam:role", { ref: "target" }), ASSUME_CHANGED_ROLE],
    gain: "any-permission",
    how: "write an inline policy granting anything on its own role (or on a role it can assume)",
    sources: {
      rhino: ["PutRolePolicy"],
      pathfinding: ["iam-005", "iam-017", "iam-021"],
      iamVulnerable: ["privesc12-PutRolePolicy"],
    },
    aliases: ["iam:PutRolePolicy"],
  },
  {
    id: "iam-add-user-to-group",
    title: "iam:AddUserToGroup",
    service: "iam",
    category: "self-escalation",
    steps: [step("iam:AddUserToGroup", "any-group", "iam:group", { ref: "target" })],
    gain: "group-permissions",
    how: "add its own user to a more privileged group",
    sources: {
      rhino: ["AddUserToGroup"],
      pathfinding: ["iam-013"],
      iamVulnerable: ["privesc13-AddUserToGroup"],
    },
    aliases: ["iam:AddUserToGroup"],
  },
  {
    id: "iam-update-assume-role-policy",
    title: "iam:UpdateAssumeRolePolicy + sts:AssumeRole",
    service: "iam",
    category: "principal-access",
    steps: [
      step("iam:UpdateAssumeRolePolicy", "any-role", "iam:role", { ref: "target" }),
      step("sts:AssumeRole", "any-role", "sts:role", { ref: "target" }),
    ],
    gain: "role-permissions",
    how: "rewrite a privileged role's trust policy to admit itself, then assume the role",
    sources: {
      rhino: ["UpdateRolePolicyToAssumeIt"],
      pathfinding: ["iam-012"],
      iamVulnerable: ["privesc14-UpdatingAssumeRolePolicy"],
    },
    aliases: ["iam:UpdateAssumeRolePolicy + sts:AssumeRole"],
  },
  {
    id: "iam-remove-permissions-boundary",
    title: "iam:Delete/Put*PermissionsBoundary",
    service: "iam",
    category: "self-escalation",
    steps: [
      step(
        [
          "iam:DeleteUserPermissionsBoundary",
          "iam:DeleteRolePermissionsBoundary",
          "iam:PutUserPermissionsBoundary",
          "iam:PutRolePermissionsBoundary",
        ],
        "self",
        undefined,
        { ref: "target" },
      ),
    ],
    gain: "removes-guardrail",
    how: "remove or replace the permissions boundary that limits its own user or role",
    sources: {
      references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"],
    },
  },
  {
    id: "sts-assume-role",
    title: "sts:AssumeRole",
    service: "sts",
    category: "principal-access",
    steps: [step("sts:AssumeRole", "assumable-role", "sts:role", { ref: "target" })],
    gain: "role-permissions",
    how: "assume a more privileged role whose trust policy admits it",
    sources: {
      pathfinding: ["sts-001"],
      iamVulnerable: ["privesc-AssumeRole"],
      cloudgoat: ["lambda_privesc"],
    },
  },

  // EC2 and Systems Manager: code on an instance runs with its instance profile's role.
  {
    id: "ec2-launch-instance-passrole",
    title: "iam:PassRole + ec2:RunInstances",
    service: "ec2",
    category: "new-passrole",
    steps: [
      passRole("ec2.amazonaws.com"),
      step(["ec2:RunInstances", "ec2:RequestSpotInstances"], "new", "ec2:instance"),
      // Without an instance profile for the role yet, the attacker puts the role in one.
      step("iam:AddRoleToInstanceProfile", "existing", "iam:instance-profile", { optional: true }),
    ],
    gain: "role-permissions",
    how: "launch an instance (on demand or spot) with a privileged instance profile and use its credentials",
    sources: {
      rhino: ["CreateEC2WithExistingIP"],
      pathfinding: ["ec2-001", "ec2-004"],
      iamVulnerable: ["privesc3-CreateEC2WithExistingIP"],
      cloudgoat: ["iam_privesc_by_attachment"],
    },
    aliases: ["iam:PassRole + ec2:RunInstances"],
  },
  {
    id: "ec2-instance-profile-association",
    title: "iam:PassRole + ec2:AssociateIamInstanceProfile",
    service: "ec2",
    category: "new-passrole",
    steps: [
      passRole("ec2.amazonaws.com"),
      step(["ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"], "existing", "ec2:instance"),
    ],
    gain: "role-permissions",
    how: "put a privileged instance profile on an instance it already controls and use its credentials",
    sources: {
      references: [
        "https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/aws-ec2-privesc/index.html",
      ],
    },
  },
  {
    id: "ec2-user-data",
    title: "ec2:ModifyInstanceAttribute + ec2:StartInstances",
    service: "ec2",
    category: "existing-passrole",
    steps: [
      // User data can only change while the instance is stopped; it may already be.
      step("ec2:StopInstances", "existing", "ec2:instance", { ref: "instance", optional: true }),
      step("ec2:ModifyInstanceAttribute", "existing", "ec2:instance", { ref: "instance" }),
      step("ec2:StartInstances", "existing", "ec2:instance", { ref: "instance" }),
    ],
    gain: "role-permissions",
    how: "replace a stopped instance's user data with its own script, start it, and act with its instance profile",
    sources: {
      pathfinding: ["ec2-002"],
      cloudgoat: ["iam_privesc_by_ec2"],
    },
  },
  {
    id: "ec2-launch-template-version",
    title: "ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate",
    service: "ec2",
    category: "existing-passrole",
    steps: [
      step("ec2:CreateLaunchTemplateVersion", "existing", "ec2:launch-template", { ref: "template" }),
      step("ec2:ModifyLaunchTemplate", "existing", "ec2:launch-template", { ref: "template" }),
    ],
    gain: "role-permissions",
    how: "add a launch template version with its own user data and make it the default, so instances launched from it (an Auto Scaling group's) run its code with their role",
    sources: { pathfinding: ["ec2-005"] },
  },
  {
    id: "ec2-instance-connect",
    title: "ec2-instance-connect:SendSSHPublicKey",
    service: "ec2-instance-connect",
    category: "existing-passrole",
    steps: [
      step(
        ["ec2-instance-connect:SendSSHPublicKey", "ec2-instance-connect:SendSerialConsoleSSHPublicKey"],
        "existing",
        "ec2-instance-connect:instance",
      ),
    ],
    gain: "role-permissions",
    how: "push its SSH key to a running instance, log in and use the instance profile's credentials",
    sources: {
      pathfinding: ["ec2-003"],
      iamVulnerable: ["privesc-ec2InstanceConnect"],
    },
  },
  {
    id: "ssm-instance-command",
    title: "ssm:SendCommand / ssm:StartSession",
    service: "ssm",
    category: "existing-passrole",
    steps: [step(["ssm:SendCommand", "ssm:StartSession"], "existing", "ssm:instance", { serving: COMMAND_DOCUMENTS })],
    gain: "role-permissions",
    how: "run commands or open a shell on a managed instance and use its instance profile's credentials",
    sources: {
      pathfinding: ["ssm-001", "ssm-002"],
      iamVulnerable: ["privesc-ssmSendCommand", "privesc-ssmStartSession"],
      cloudgoat: ["ecs_efs_attack"],
    },
  },

  // Lambda: a function runs its code with its execution role.
  {
    id: "lambda-new-function-passrole",
    title: "iam:PassRole + lambda:CreateFunction",
    service: "lambda",
    category: "new-passrole",
    steps: [
      passRole("lambda.amazonaws.com"),
      step("lambda:CreateFunction", "new", "lambda:function", { ref: "function" }),
      // Run it: invoke it, let itself (or anyone) invoke it, or have a stream or queue trigger it.
      step(
        ["lambda:InvokeFunction", "lambda:AddPermission", "lambda:CreateEventSourceMapping"],
        "new",
        "lambda:function",
        { ref: "function" },
      ),
    ],
    gain: "role-permissions",
    how: "create a function with a privileged execution role and run it (invoke it, grant itself invoke, or map a stream or queue to it)",
    sources: {
      rhino: [
        "PassExistingRoleToNewLambdaThenInvoke",
        "PassExistingRoleToNewLambdaThenInvokeCrossAccount",
        "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
        "PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
      ],
      pathfinding: ["lambda-001", "lambda-002", "lambda-006"],
      iamVulnerable: [
        "privesc15-PassExistingRoleToNewLambdaThenInvoke",
        "privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo",
      ],
      cloudgoat: ["lambda_privesc"],
    },
    aliases: [
      "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
      "iam:PassRole + lambda:CreateFunction + lambda:AddPermission",
      "iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
    ],
  },
  {
    id: "lambda-update-function-code",
    title: "lambda:UpdateFunctionCode",
    service: "lambda",
    category: "existing-passrole",
    steps: [
      step("lambda:UpdateFunctionCode", "existing", "lambda:function", { ref: "function" }),
      // The function's own triggers run it eventually; invoking it (or letting itself invoke it) is faster.
      step(["lambda:InvokeFunction", "lambda:AddPermission"], "existing", "lambda:function", {
        ref: "function",
        optional: true,
      }),
    ],
    gain: "role-permissions",
    how: "replace the code of a function that runs with a privileged role",
    sources: {
      rhino: ["EditExistingLambdaFunctionWithRole"],
      pathfinding: ["lambda-003", "lambda-004", "lambda-005"],
      iamVulnerable: ["privesc17-EditExistingLambdaFunctionWithRole"],
      cloudgoat: ["bedrock_agent_hijacking"],
    },
    aliases: ["lambda:UpdateFunctionCode"],
  },
  {
    id: "lambda-update-function-configuration",
    title: "lambda:UpdateFunctionConfiguration",
    service: "lambda",
    category: "existing-passrole",
    steps: [step("lambda:UpdateFunctionConfiguration", "existing", "lambda:function", { ref: "function" })],
    gain: "role-permissions",
    how: "add its own layer (or a runtime-wrapper environment variable) to a function that runs with a privileged role",
    sources: {
      references: ["https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/"],
    },
    aliases: ["lambda:UpdateFunctionConfiguration"],
  },

  // Glue: development endpoints, jobs and interactive sessions run with a role.
  {
    id: "glue-dev-endpoint-passrole",
    title: "iam:PassRole + glue:CreateDevEndpoint",
    service: "glue",
    category: "new-passrole",
    steps: [passRole("glue.amazonaws.com"), step("glue:CreateDevEndpoint", "new")],
    gain: "role-permissions",
    how: "create a Glue development endpoint with a privileged role and log in to it",
    sources: {
      rhino: ["PassExistingRoleToNewGlueDevEndpoint"],
      pathfinding: ["glue-001"],
      iamVulnerable: ["privesc18-PassExistingRoleToNewGlueDevEndpoint"],
    },
    aliases: ["iam:PassRole + glue:CreateDevEndpoint"],
  },
  {
    id: "glue-update-dev-endpoint",
    title: "glue:UpdateDevEndpoint",
    service: "glue",
    category: "existing-passrole",
    steps: [step("glue:UpdateDevEndpoint", "existing", "glue:devendpoint")],
    gain: "role-permissions",
    how: "add its SSH key to an existing Glue development endpoint and act with its role",
    sources: {
      rhino: ["UpdateExistingGlueDevEndpoint"],
      pathfinding: ["glue-002"],
      iamVulnerable: ["privesc19-UpdateExistingGlueDevEndpoint"],
      cloudgoat: ["glue_privesc"],
    },
    aliases: ["glue:UpdateDevEndpoint"],
  },
  {
    id: "glue-job-passrole",
    title: "iam:PassRole + glue:CreateJob/UpdateJob + glue:StartJobRun/CreateTrigger",
    service: "glue",
    category: "new-passrole",
    steps: [
      passRole("glue.amazonaws.com"),
      step(["glue:CreateJob", "glue:UpdateJob"], "new", "glue:job", { ref: "job" }),
      step(["glue:StartJobRun", "glue:CreateTrigger"], "new", "glue:job", { ref: "job" }),
    ],
    gain: "role-permissions",
    how: "create (or repoint) a Glue job with its own script and a privileged role, then run it or trigger it",
    sources: {
      pathfinding: ["glue-003", "glue-004", "glue-005", "glue-006"],
      cloudgoat: ["glue_privesc"],
    },
  },
  {
    id: "glue-session-passrole",
    title: "iam:PassRole + glue:CreateSession + glue:RunStatement",
    service: "glue",
    category: "new-passrole",
    steps: [
      passRole("glue.amazonaws.com"),
      step("glue:CreateSession", "new", "glue:session", { ref: "session" }),
      step("glue:RunStatement", "new", "glue:session", { ref: "session" }),
    ],
    gain: "role-permissions",
    how: "open a Glue interactive session with a privileged role and run its own code in it",
    sources: { pathfinding: ["glue-007"] },
  },

  // CloudFormation: a stack's service role creates whatever the template says.
  {
    id: "cloudformation-new-stack-passrole",
    title: "iam:PassRole + cloudformation:CreateStack",
    service: "cloudformation",
    category: "new-passrole",
    steps: [
      passRole("cloudformation.amazonaws.com"),
      step("cloudformation:CreateStack", "new", "cloudformation:stack"),
    ],
    gain: "role-permissions",
    how: "create a stack whose privileged service role creates anything its template asks for",
    sources: {
      rhino: ["PassExistingRoleToNewCloudFormation"],
      pathfinding: ["cloudformation-001"],
      iamVulnerable: ["privesc20-PassExistingRoleToCloudFormation"],
    },
    aliases: ["iam:PassRole + cloudformation:CreateStack"],
  },
  {
    id: "cloudformation-update-stack",
    title: "cloudformation:UpdateStack",
    service: "cloudformation",
    category: "existing-passrole",
    steps: [step("cloudformation:UpdateStack", "existing", "cloudformation:stack")],
    gain: "role-permissions",
    how: "update an existing stack with its own template, which the stack's privileged service role carries out",
    sources: {
      pathfinding: ["cloudformation-002"],
      iamVulnerable: ["privesc-cloudFormationUpdateStack"],
    },
  },
  {
    id: "cloudformation-change-set",
    title: "cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet",
    service: "cloudformation",
    category: "existing-passrole",
    steps: [
      step("cloudformation:CreateChangeSet", "existing", "cloudformation:stack", { ref: "stack" }),
      step("cloudformation:ExecuteChangeSet", "existing", "cloudformation:stack", { ref: "stack" }),
    ],
    gain: "role-permissions",
    how: "create and execute a change set on an existing stack, which the stack's privileged service role carries out",
    sources: { pathfinding: ["cloudformation-005"] },
  },
  {
    id: "cloudformation-stack-set-passrole",
    title: "iam:PassRole + cloudformation:CreateStackSet + cloudformation:CreateStackInstances",
    service: "cloudformation",
    category: "new-passrole",
    steps: [
      passRole("cloudformation.amazonaws.com"),
      step("cloudformation:CreateStackSet", "new"),
      step("cloudformation:CreateStackInstances", "new", "cloudformation:stackset"),
    ],
    gain: "role-permissions",
    how: "create a stack set with a privileged administration role and deploy its instances",
    sources: { pathfinding: ["cloudformation-003"] },
  },
  {
    id: "cloudformation-update-stack-set-passrole",
    title: "iam:PassRole + cloudformation:UpdateStackSet",
    service: "cloudformation",
    category: "existing-passrole",
    steps: [
      passRole("cloudformation.amazonaws.com"),
      step("cloudformation:UpdateStackSet", "existing", "cloudformation:stackset"),
    ],
    gain: "role-permissions",
    how: "update an existing stack set with its own template, carried out by the stack set's privileged roles",
    sources: { pathfinding: ["cloudformation-004"] },
  },

  // Data Pipeline: a pipeline's activities run shell commands with its role.
  {
    id: "datapipeline-passrole",
    title: "iam:PassRole + datapipeline:CreatePipeline + PutPipelineDefinition + ActivatePipeline",
    service: "datapipeline",
    category: "new-passrole",
    retired: true,
    steps: [
      passRole("datapipeline.amazonaws.com"),
      step("datapipeline:CreatePipeline", "new"),
      step("datapipeline:PutPipelineDefinition", "new", "datapipeline:pipeline", { ref: "pipeline" }),
      step("datapipeline:ActivatePipeline", "new", "datapipeline:pipeline", { ref: "pipeline" }),
    ],
    gain: "role-permissions",
    how: "define and activate a pipeline whose privileged role runs its shell commands",
    sources: {
      rhino: ["PassExistingRoleToNewDataPipeline"],
      pathfinding: ["datapipeline-001"],
      iamVulnerable: ["privesc21-PassExistingRoleToNewDataPipeline"],
    },
    aliases: ["iam:PassRole + datapipeline:CreatePipeline"],
  },

  // CodeBuild: a build runs its buildspec with the project's service role.
  {
    id: "codebuild-project-passrole",
    title: "iam:PassRole + codebuild:CreateProject + codebuild:StartBuild",
    service: "codebuild",
    category: "new-passrole",
    steps: [
      passRole("codebuild.amazonaws.com"),
      step(["codebuild:CreateProject", "codebuild:UpdateProject"], "new", "codebuild:project", { ref: "project" }),
      step(["codebuild:StartBuild", "codebuild:StartBuildBatch"], "new", "codebuild:project", { ref: "project" }),
    ],
    gain: "role-permissions",
    how: "create (or repoint) a build project with a privileged service role and run a build of its own buildspec",
    sources: {
      pathfinding: ["codebuild-001", "codebuild-004"],
      iamVulnerable: ["privesc-codeBuildCreateProjectPassRole"],
    },
  },
  {
    id: "codebuild-start-build",
    title: "codebuild:StartBuild (buildspec override)",
    service: "codebuild",
    category: "existing-passrole",
    steps: [step(["codebuild:StartBuild", "codebuild:StartBuildBatch"], "existing", "codebuild:project")],
    gain: "role-permissions",
    how: "start a build of an existing project with its own buildspec override, run with the project's service role",
    sources: { pathfinding: ["codebuild-002", "codebuild-003"] },
  },

  // ECS: a task runs its containers with the task role.
  {
    id: "ecs-task-passrole",
    title: "iam:PassRole + ecs:RunTask/StartTask",
    service: "ecs",
    category: "new-passrole",
    steps: [
      passRole("ecs-tasks.amazonaws.com"),
      // A new task definition, or an existing one whose role and command the run overrides.
      step("ecs:RegisterTaskDefinition", "new", "ecs:task-definition", { optional: true }),
      step(["ecs:RunTask", "ecs:StartTask"], "existing", "ecs:task-definition"),
    ],
    gain: "role-permissions",
    how: "run a task (a new definition, or an existing one with overrides) under a privileged task role",
    sources: {
      pathfinding: ["ecs-002", "ecs-004", "ecs-005", "ecs-007", "ecs-008", "ecs-009"],
      cloudgoat: ["ecs_takeover"],
    },
  },
  {
    id: "ecs-service-passrole",
    title: "iam:PassRole + ecs:RegisterTaskDefinition + ecs:CreateService/UpdateService",
    service: "ecs",
    category: "new-passrole",
    steps: [
      passRole("ecs-tasks.amazonaws.com"),
      step("ecs:RegisterTaskDefinition", "new", "ecs:task-definition"),
      step(["ecs:CreateService", "ecs:UpdateService"], "new", "ecs:service"),
    ],
    gain: "role-permissions",
    how: "register a task definition with a privileged task role and run it as a (new or updated) service",
    sources: {
      pathfinding: ["ecs-001", "ecs-003"],
      cloudgoat: ["ecs_takeover"],
    },
  },
  {
    id: "ecs-execute-command",
    title: "ecs:ExecuteCommand",
    service: "ecs",
    category: "existing-passrole",
    steps: [step("ecs:ExecuteCommand", "existing", "ecs:task")],
    gain: "role-permissions",
    how: "open a shell in a running container (ECS Exec) and use its task role's credentials",
    sources: { pathfinding: ["ecs-006"] },
  },

  // SageMaker: notebooks and jobs run the caller's code with an execution role.
  {
    id: "sagemaker-notebook-passrole",
    title: "iam:PassRole + sagemaker:CreateNotebookInstance",
    service: "sagemaker",
    category: "new-passrole",
    ai: true,
    steps: [
      passRole("sagemaker.amazonaws.com"),
      step("sagemaker:CreateNotebookInstance", "new", "sagemaker:notebook-instance", { ref: "notebook" }),
      // Get in: open it in a browser, or give it a start-up script.
      step(
        ["sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:CreateNotebookInstanceLifecycleConfig"],
        "new",
        undefined,
      ),
    ],
    gain: "role-permissions",
    how: "start a notebook instance with a privileged execution role and open it (or give it a start-up script)",
    sources: {
      pathfinding: ["sagemaker-001"],
      iamVulnerable: ["privesc-sageMakerCreateNotebookPassRole"],
    },
    aliases: ["sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl + iam:PassRole"],
  },
  {
    id: "sagemaker-presigned-notebook-url",
    title: "sagemaker:CreatePresignedNotebookInstanceUrl",
    service: "sagemaker",
    category: "existing-passrole",
    ai: true,
    steps: [step("sagemaker:CreatePresignedNotebookInstanceUrl", "existing", "sagemaker:notebook-instance")],
    gain: "role-permissions",
    how: "open someone else's notebook instance in a browser and act with its execution role",
    sources: {
      pathfinding: ["sagemaker-004"],
      iamVulnerable: ["privesc-sageMakerCreatePresignedNotebookURL"],
    },
    aliases: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
  },
  {
    id: "sagemaker-notebook-lifecycle-config",
    title: "sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance + StartNotebookInstance",
    service: "sagemaker",
    category: "existing-passrole",
    ai: true,
    steps: [
      step("sagemaker:CreateNotebookInstanceLifecycleConfig", "new", "sagemaker:notebook-instance-lifecycle-config"),
      // A notebook is updated while stopped (it may already be) and runs the script when it starts.
      step("sagemaker:StopNotebookInstance", "existing", "sagemaker:notebook-instance", {
        ref: "notebook",
        optional: true,
      }),
      step("sagemaker:UpdateNotebookInstance", "existing", "sagemaker:notebook-instance", { ref: "notebook" }),
      step("sagemaker:StartNotebookInstance", "existing", "sagemaker:notebook-instance", { ref: "notebook" }),
    ],
    gain: "role-permissions",
    how: "attach a new start-up script to an existing notebook instance and start it, running the script with its execution role",
    sources: { pathfinding: ["sagemaker-005"] },
    aliases: ["sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance"],
  },
  {
    id: "sagemaker-update-lifecycle-config",
    title: "sagemaker:UpdateNotebookInstanceLifecycleConfig + StartNotebookInstance",
    service: "sagemaker",
    category: "existing-passrole",
    ai: true,
    steps: [
      step(
        "sagemaker:UpdateNotebookInstanceLifecycleConfig",
        "existing",
        "sagemaker:notebook-instance-lifecycle-config",
      ),
      step("sagemaker:StartNotebookInstance", "existing", "sagemaker:notebook-instance"),
    ],
    gain: "role-permissions",
    how: "rewrite the start-up script an existing notebook instance uses and start it, running the script with its execution role",
    sources: {
      references: [
        "https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/aws-sagemaker-privesc/index.html",
      ],
    },
    aliases: ["sagemaker:UpdateNotebookInstanceLifecycleConfig"],
  },
  {
    id: "sagemaker-job-passrole",
    title: "iam:PassRole + sagemaker:CreateTrainingJob/CreateProcessingJob",
    service: "sagemaker",
    category: "new-passrole",
    ai: true,
    steps: [
      passRole("sagemaker.amazonaws.com"),
      step(
        ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob", "sagemaker:CreateHyperParameterTuningJob"],
        "new",
        undefined,
      ),
    ],
    gain: "role-permissions",
    how: "run its own container as a training, processing or tuning job under a privileged execution role",
    sources: {
      pathfinding: ["sagemaker-002", "sagemaker-003"],
      iamVulnerable: ["privesc-sageMakerCreateTrainingJob", "privesc-sageMakerCreateProcessingJob"],
    },
    aliases: ["sagemaker:CreateTrainingJob + iam:PassRole", "sagemaker:CreateProcessingJob + iam:PassRole"],
  },
  {
    id: "sagemaker-presigned-domain-url",
    title: "sagemaker:CreatePresignedDomainUrl",
    service: "sagemaker",
    category: "existing-passrole",
    ai: true,
    steps: [step("sagemaker:CreatePresignedDomainUrl", "others", "sagemaker:user-profile")],
    gain: "role-permissions",
    how: "open another user's SageMaker Studio profile and act with its execution role",
    sources: {
      references: [
        "https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/aws-sagemaker-privesc/index.html",
      ],
    },
    aliases: ["sagemaker:CreatePresignedDomainUrl"],
  },

  // Bedrock AgentCore: code interpreters and agent runtimes run code with an execution role.
  {
    id: "agentcore-code-interpreter-passrole",
    title:
      "iam:PassRole + bedrock-agentcore:CreateCodeInterpreter + StartCodeInterpreterSession + InvokeCodeInterpreter",
    service: "bedrock-agentcore",
    category: "new-passrole",
    ai: true,
    steps: [
      passRole("bedrock-agentcore.amazonaws.com"),
      step("bedrock-agentcore:CreateCodeInterpreter", "new"),
      step("bedrock-agentcore:StartCodeInterpreterSession", "new", "bedrock-agentcore:code-interpreter-custom", {
        ref: "interpreter",
      }),
      step("bedrock-agentcore:InvokeCodeInterpreter", "new", "bedrock-agentcore:code-interpreter-custom", {
        ref: "interpreter",
      }),
    ],
    gain: "role-permissions",
    how: "create a code interpreter with a privileged execution role and run code in it",
    sources: {
      pathfinding: ["bedrock-001"],
      cloudgoat: ["agentcore_identity_confusion"],
    },
    aliases: ["bedrock-agentcore code interpreter + iam:PassRole"],
  },
  {
    id: "agentcore-code-interpreter-session",
    title: "bedrock-agentcore:StartCodeInterpreterSession + InvokeCodeInterpreter",
    service: "bedrock-agentcore",
    category: "existing-passrole",
    ai: true,
    steps: [
      step("bedrock-agentcore:StartCodeInterpreterSession", "existing", "bedrock-agentcore:code-interpreter-custom", {
        ref: "interpreter",
      }),
      step("bedrock-agentcore:InvokeCodeInterpreter", "existing", "bedrock-agentcore:code-interpreter-custom", {
        ref: "interpreter",
      }),
    ],
    gain: "role-permissions",
    how: "run code in an existing code interpreter and act with its execution role",
    sources: { pathfinding: ["bedrock-002"] },
  },
  {
    id: "agentcore-runtime-passrole",
    title: "iam:PassRole + bedrock-agentcore:CreateAgentRuntime + InvokeAgentRuntimeCommand",
    service: "bedrock-agentcore",
    category: "new-passrole",
    ai: true,
    steps: [
      passRole("bedrock-agentcore.amazonaws.com"),
      step("bedrock-agentcore:CreateAgentRuntime", "new"),
      // Creating a runtime also creates its default endpoint and workload identity.
      step("bedrock-agentcore:CreateAgentRuntimeEndpoint", "new", "bedrock-agentcore:runtime", { ref: "runtime" }),
      step("bedrock-agentcore:CreateWorkloadIdentity", "new", "bedrock-agentcore:workload-identity"),
      step("bedrock-agentcore:InvokeAgentRuntimeCommand", "new", "bedrock-agentcore:runtime", { ref: "runtime" }),
    ],
    gain: "role-permissions",
    how: "deploy an agent runtime with a privileged execution role and run shell commands in it",
    sources: {
      pathfinding: ["bedrock-003"],
      references: ["https://www.beyondtrust.com/blog/entry/aws-agentcore-privilege-escalation"],
    },
  },
  {
    id: "agentcore-runtime-command",
    title: "bedrock-agentcore:InvokeAgentRuntimeCommand",
    service: "bedrock-agentcore",
    category: "existing-passrole",
    ai: true,
    steps: [step("bedrock-agentcore:InvokeAgentRuntimeCommand", "existing", "bedrock-agentcore:runtime")],
    gain: "role-permissions",
    how: "run shell commands as root in an existing agent runtime and act with its execution role",
    sources: {
      pathfinding: ["bedrock-004"],
      references: ["https://www.beyondtrust.com/blog/entry/aws-agentcore-privilege-escalation"],
    },
  },

  // App Runner, Batch, CodeStar.
  {
    id: "apprunner-service-passrole",
    title: "iam:PassRole + apprunner:CreateService",
    service: "apprunner",
    category: "new-passrole",
    steps: [passRole("apprunner.amazonaws.com"), step("apprunner:CreateService", "new", "apprunner:service")],
    gain: "role-permissions",
    how: "create an App Runner service whose start command runs with a privileged instance role",
    sources: { pathfinding: ["apprunner-001"] },
  },
  {
    id: "apprunner-update-service",
    title: "apprunner:UpdateService",
    service: "apprunner",
    category: "existing-passrole",
    steps: [step("apprunner:UpdateService", "existing", "apprunner:service")],
    gain: "role-permissions",
    how: "change an existing App Runner service's image or start command, which then runs with its instance role",
    sources: { pathfinding: ["apprunner-002"] },
  },
  {
    id: "batch-job-definition-passrole",
    title: "iam:PassRole + batch:RegisterJobDefinition + batch:SubmitJob",
    service: "batch",
    category: "new-passrole",
    steps: [
      passRole("ecs-tasks.amazonaws.com"),
      step("batch:RegisterJobDefinition", "new", "batch:job-definition"),
      step("batch:SubmitJob", "new", "batch:job-queue"),
    ],
    gain: "role-permissions",
    how: "register a Batch job definition with a privileged job role and submit a job that runs its command",
    sources: { pathfinding: ["batch-001", "batch-003"] },
  },
  {
    id: "batch-submit-job",
    title: "batch:SubmitJob (command override)",
    service: "batch",
    category: "existing-passrole",
    steps: [step("batch:SubmitJob", "existing", "batch:job-queue")],
    gain: "role-permissions",
    how: "submit a job from an existing definition with a privileged job role, overriding its command",
    sources: { pathfinding: ["batch-002"] },
  },
  {
    id: "codestar-project-passrole",
    title: "iam:PassRole + codestar:CreateProject",
    service: "codestar",
    category: "new-passrole",
    retired: true,
    steps: [passRole("codestar.amazonaws.com"), step("codestar:CreateProject", "new")],
    gain: "role-permissions",
    how: "create a CodeStar project whose privileged service role deploys its template",
    sources: { rhino: ["PassExistingRoleToNewCodeStarProject"] },
  },
  {
    id: "codestar-associate-team-member",
    title: "codestar:CreateProject + codestar:AssociateTeamMember",
    service: "codestar",
    category: "self-escalation",
    retired: true,
    steps: [step("codestar:CreateProject", "new"), step("codestar:AssociateTeamMember", "new", "codestar:project")],
    gain: "any-permission",
    how: "create a CodeStar project and make itself its owner, receiving the project's IAM policy",
    sources: { rhino: ["CodeStarCreateProjectThenAssociateTeamMember"] },
  },
];

const BY_ID = new Map(ESCALATION_METHODS.map((m) => [m.id, m]));

/** A method by its id. */
export function escalationMethod(id: string): EscalationMethod | undefined {
  return BY_ID.get(id);
}

/** The steps a method cannot do without. */
export function requiredSteps(method: EscalationMethod): MethodStep[] {
  return [...sharedRequiredSteps(method)];
}

/** `requiredSteps`, listed once per method and shared (read only): the analysis asks for every principal. */
export function sharedRequiredSteps(method: EscalationMethod): readonly MethodStep[] {
  let steps = requiredCache.get(method);
  if (!steps) {
    steps = method.steps.filter((s) => !s.optional);
    requiredCache.set(method, steps);
  }
  return steps;
}
const requiredCache = new WeakMap<EscalationMethod, readonly MethodStep[]>();
