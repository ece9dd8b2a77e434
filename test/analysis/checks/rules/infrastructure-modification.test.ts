import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

const ec2 = (r: string) => `arn:aws:ec2:us-east-1:123456789012:${r}`;

ruleTester.run(rule("infrastructure-modification"), {
  valid: [
    { name: "listing only", document: doc(allow(["sagemaker:List*", "s3:ListAllMyBuckets"])) },
    // AWS authorizes an action against each of its required resource types (Service Authorization
    // Reference: ec2:CreateNetworkInterface needs network-interface* and subnet*), so a grant whose
    // subnet is scoped is not "on any resource", even with the new interface on network-interface/*.
    {
      name: "an action is open only when every required resource type is",
      document: doc(
        allow(["ec2:CreateNetworkInterface"], [ec2("network-interface/*"), ec2("subnet/subnet-0a1b2c3d4e5f60718")]),
      ),
    },
  ],
  invalid: [
    {
      name: "write actions on *, grouped per statement",
      document: doc(allow(["sagemaker:DeleteEndpoint"]), allow(["ec2:TerminateInstances"])),
      errors: [
        {
          messageId: "writeOnAnyResource",
          data: { count: "1 write action", actions: "sagemaker:DeleteEndpoint" },
          statement: 0,
        },
        { messageId: "writeOnAnyResource", data: { actions: "ec2:TerminateInstances" }, statement: 1 },
      ],
    },
    {
      name: "ec2:CreateNetworkInterface on *",
      document: doc(allow(["ec2:CreateNetworkInterface"])),
      errors: [{ messageId: "writeOnAnyResource", data: { actions: "ec2:CreateNetworkInterface" } }],
    },
  ],
});
