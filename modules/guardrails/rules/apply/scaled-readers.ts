import { PolicyRule, unless } from "../../../core/policy-rule";

/** Application Auto Scaling's dimension for the number of Aurora readers. */
const READER_COUNT_DIMENSION = "rds:cluster:ReadReplicaCount";

/**
 * PLAT-APPLY-12: a development environment, the tier that is torn down and built again, does not
 * let Application Auto Scaling add Aurora readers. Readers it adds are created by AWS, not
 * Terraform (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html),
 * so they are in no state, and RDS refuses to delete a cluster that still has instances
 * (InvalidDBClusterStateFault): `terraform destroy` fails until someone deletes them by hand.
 * Terraform has no sound way to remove them itself (a destroy-time provisioner would run the AWS
 * CLI with the apply role's credentials on a machine we do not know). In staging it warns; in
 * production, where destroy is rare and deletion-protected, the README's scale-in step stands.
 */
export const scaledReaders: PolicyRule = {
  id: "PLAT-APPLY-12",
  description: "Development databases do not let autoscaling add Aurora readers, which block the cluster's destroy",
  rationale: "Readers Application Auto Scaling adds are in no Terraform state, and RDS refuses to delete a cluster that still has them.",
  resourceTypes: ["aws_appautoscaling_target"],
  errorIn: ["development"],
  warnIn: ["staging"],
  controls: {},
  check: (resource) => {
    if (resource.attributes.scalable_dimension !== READER_COUNT_DIMENSION) return [];
    const min = Number(resource.attributes.min_capacity);
    const max = Number(resource.attributes.max_capacity);
    return unless(max <= min, {
      problem: `reader autoscaling may add readers (min_capacity ${min}, max_capacity ${max})`,
      requirement: "readers added by Application Auto Scaling are in no state and make terraform destroy of the cluster fail",
      fix: "set database.readerAutoscaling.maxReaders equal to minReaders (or leave readerAutoscaling out) in this tier",
    });
  },
};
