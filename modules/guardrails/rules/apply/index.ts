import { PolicyRule } from "../../../core/policy-rule";
import { engineUsers } from "./engine-users";
import { immediateDefaults } from "./immediate-defaults";
import { indexWarmThroughput } from "./index-warm-throughput";
import { majorUpgradeImmediately } from "./major-upgrade-immediately";
import { protectedReplicas } from "./protected-replicas";
import { regionalOnlyServices } from "./regional-services";
import { replaceableNamedResources } from "./replaceable-named-resources";
import { rollbackFailsApply } from "./rollback-fails-apply";
import { scaledReaders } from "./scaled-readers";
import { servicesWaitOnNoEmptySecret } from "./secrets-with-value";
import { vpcLinkZones } from "./vpc-link-zones";
import { watchedServices } from "./watched-services";

/**
 * AWS and provider behaviour that makes an apply fail or a plan never empty, as rules: each cites
 * the provider issue or AWS document it encodes. They judge resource types and arguments, so a new
 * capability's resources are judged without wiring of their own. In id order.
 */
export const APPLY_RULES: readonly PolicyRule[] = [
  replaceableNamedResources,
  servicesWaitOnNoEmptySecret,
  engineUsers,
  regionalOnlyServices,
  protectedReplicas,
  immediateDefaults,
  majorUpgradeImmediately,
  rollbackFailsApply,
  watchedServices,
  vpcLinkZones,
  indexWarmThroughput,
  scaledReaders,
];
