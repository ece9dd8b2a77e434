import { ruleTester } from "../../../helpers/rule-tester.js";
import { rule } from "./build.js";

const at = { file: "team.yaml", line: 12, column: 5 };

ruleTester.run(rule("invalid-suppression"), {
  valid: [
    { name: "no suppressions", suppressions: [] },
    { name: "a known rule, with a reason", suppressions: [{ rule: "star-resource", reason: "listing needs *" }] },
    {
      name: "a rule outside the pack that ran is not unknown",
      suppressions: [{ rule: "no-mfa-guardrail", reason: "federated users only" }],
    },
  ],
  invalid: [
    {
      name: "no reason, located where it was written",
      suppressions: [{ rule: "star-resource", source: at }],
      errors: [{ messageId: "noReason", data: { rule: "star-resource" }, line: 12, column: 5 }],
    },
    {
      name: "a blank reason",
      suppressions: [{ rule: "star-resource", reason: "  " }],
      errors: [{ messageId: "noReason" }],
    },
    {
      name: "an unknown rule id, without a reason either",
      suppressions: [{ rule: "star-resorce" }],
      errors: [{ messageId: "unknownRule", data: { rule: '"star-resorce"' } }, { messageId: "noReason" }],
    },
  ],
});
