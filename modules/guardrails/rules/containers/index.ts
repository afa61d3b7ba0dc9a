import { PolicyRule } from "../../../core/policy-rule";
import { ecsNoPlaintextCredentials } from "./ecs-no-plaintext-credentials";
import { ecsNoPrivileged } from "./ecs-no-privileged";
import { ecsReadonlyRootFilesystem } from "./ecs-readonly-root-filesystem";

/** Rules for ECS task definitions: what a container may do and carry, by id. */
export const CONTAINER_RULES: readonly PolicyRule[] = [
  ecsReadonlyRootFilesystem, // PLAT-ECS-1
  ecsNoPrivileged, // PLAT-ECS-2
  ecsNoPlaintextCredentials, // PLAT-ECS-3
];
