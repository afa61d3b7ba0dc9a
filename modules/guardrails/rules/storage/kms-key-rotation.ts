import { isTrue, PolicyRule, show, unless } from "../../../core/policy-rule";

/** PLAT-KMS-1: customer managed keys rotate their key material. */
export const kmsKeyRotation: PolicyRule = {
  id: "PLAT-KMS-1",
  description: "KMS keys have automatic key rotation enabled",
  rationale: "Rotating key material yearly limits how much data one compromised key version protects.",
  resourceTypes: ["aws_kms_key"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "KMS.4", cis: "3.6", checkov: "CKV_AWS_7" },
  check: (resource) =>
    unless(!isSymmetric(resource.attributes) || isTrue(resource.attributes.enable_key_rotation), {
      problem: `enable_key_rotation is ${show(resource.attributes.enable_key_rotation ?? false)}`,
      requirement: "symmetric KMS keys must rotate automatically",
      fix: "keys made by EnvironmentKeys get this; set enable_key_rotation = true on a key made otherwise",
    }),
};

/** AWS rotates only symmetric encryption keys (asymmetric and HMAC keys cannot enable rotation). */
function isSymmetric(attributes: Readonly<Record<string, unknown>>): boolean {
  const spec = attributes.customer_master_key_spec ?? "SYMMETRIC_DEFAULT";
  return spec === "SYMMETRIC_DEFAULT";
}
