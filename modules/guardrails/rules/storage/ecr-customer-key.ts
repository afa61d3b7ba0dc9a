import { block, PolicyRule, show } from "../../../core/policy-rule";
import { customerKeyProblem } from "./helpers";

const KMS_TYPES = ["KMS", "KMS_DSSE"];

/** PLAT-ECR-1: container repositories are encrypted with a customer managed KMS key. */
export const ecrCustomerKey: PolicyRule = {
  id: "PLAT-ECR-1",
  description: "ECR repositories are encrypted with a customer managed KMS key",
  rationale: "A customer managed key lets the account control, audit and revoke who can decrypt its images.",
  resourceTypes: ["aws_ecr_repository"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ECR.5", checkov: "CKV_AWS_136" },
  check: (resource) => {
    const problem = encryptionProblem(resource.attributes.encryption_configuration);
    return problem
      ? [
          {
            problem,
            requirement: "container repositories must be encrypted with a customer managed key",
            fix:
              "repositories made with ContainerRepository get the environment's data key (EnvironmentKeys.dataKeyArn); " +
              'a repository made otherwise needs encryption_configuration with encryption_type "KMS" and kms_key set to a customer managed key\'s ARN ' +
              "(ECR cannot change it in place: the repository is replaced)",
          },
        ]
      : [];
  },
};

function encryptionProblem(value: unknown): string | undefined {
  if (value === undefined) return "encryption_configuration is not set (AES256)";
  const configuration = block(value);
  if (!KMS_TYPES.includes(String(configuration.encryption_type))) {
    return `encryption_configuration.encryption_type is ${show(configuration.encryption_type)}`;
  }
  return customerKeyProblem("encryption_configuration.kms_key", configuration.kms_key);
}
