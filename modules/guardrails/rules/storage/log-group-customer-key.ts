import { PolicyRule } from "../../../core/policy-rule";
import { customerKeyProblem } from "./helpers";

/** PLAT-CW-1: log groups are encrypted with a customer managed KMS key. */
export const logGroupCustomerKey: PolicyRule = {
  id: "PLAT-CW-1",
  description: "CloudWatch log groups are encrypted with a customer managed KMS key",
  rationale: "Logs carry request data and secrets by accident; a customer managed key controls and audits who can read them.",
  resourceTypes: ["aws_cloudwatch_log_group"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { checkov: "CKV_AWS_158" },
  check: (resource) => {
    const problem = customerKeyProblem("kms_key_id", resource.attributes.kms_key_id);
    return problem
      ? [
          {
            problem,
            requirement: "log groups must be encrypted with a customer managed key",
            fix:
              "log groups made by the platform's modules get the environment's logs key (EnvironmentKeys.logsKeyArn); " +
              "a log group made otherwise needs kms_key_id set to a customer managed key whose policy lets logs.<region>.amazonaws.com use it",
          },
        ]
      : [];
  },
};
