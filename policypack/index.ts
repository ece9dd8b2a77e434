import { PolicyPack } from "@pulumi/policy";
import { aiIamPolicies } from "./policies.js";

/**
 * ai-iam's CrossGuard policy pack. Constructing a `PolicyPack` starts the analyzer's gRPC server
 * (and prints its port for the Pulumi CLI), so the validations live in `policies.ts`, where tests
 * can call them directly.
 */
new PolicyPack("ai-iam", { policies: aiIamPolicies });
