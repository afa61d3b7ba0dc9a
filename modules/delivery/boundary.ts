/**
 * The permissions boundary of an environment's roles (task, execution, flow-log, monitoring,
 * notification roles...): a managed policy the bootstrap owns in the environment's account. A
 * boundary caps what a role may do whatever policies it has, so a role the apply role creates or
 * changes can do no more than this: no IAM (but passing its own roles to ECS tasks), no STS, no Organizations or account calls, nothing
 * tagged as another environment's, no other environment's buckets, never the Terraform state.
 */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { permissionsBoundaryName } from "../core/iam";
import { guardDocument, GuardStatement } from "./guard-document";
import { otherBucketsGuard } from "./escalation-guards";

/** Services a role under the boundary may never call: the ones that grant, assume or organize permissions. */
export const OUTSIDE_BOUNDARY = ["iam:*", "sts:*", "organizations:*", "account:*"] as const;

export interface BoundaryScope {
  readonly namePrefix: string;
  readonly environment: string;
  readonly partition: string;
  /** "<project>-<env>" of every other environment. */
  readonly otherNamePrefixes: readonly string[];
  /** The state bucket, its objects, the lock table: none of a workload's business. */
  readonly stateResources: readonly string[];
  /** The Environment tag key of the provider's default tags. */
  readonly environmentTag: string;
}

export function boundaryStatements(scope: BoundaryScope): GuardStatement[] {
  const tagged = (key: string) => [
    { test: "StringNotEquals", variable: key, values: [scope.environment] },
    { test: "Null", variable: key, values: ["false"] },
  ];
  return [
    { sid: "WorkloadsButPermissionManagement", effect: "Allow", notActions: [...OUTSIDE_BOUNDARY], resources: ["*"] },
    // Starting a task needs iam:PassRole on its roles (EventBridge Scheduler's job runs, Step
    // Functions' password rotations call ecs:RunTask): only the environment's own roles, only to ECS tasks.
    {
      sid: "PassOwnRolesToTasks",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [`arn:${scope.partition}:iam::*:role/${scope.namePrefix}-*`],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    },
    { sid: "DenyOtherEnvironmentsResources", effect: "Deny", actions: ["*"], resources: ["*"], conditions: tagged(`aws:ResourceTag/${scope.environmentTag}`) },
    { sid: "DenyTaggingAsOtherEnvironment", effect: "Deny", actions: ["*"], resources: ["*"], conditions: tagged(`aws:RequestTag/${scope.environmentTag}`) },
    ...otherBucketsGuard("DenyOtherEnvironmentsBuckets", scope.partition, scope.otherNamePrefixes),
    ...(scope.stateResources.length > 0 ? [{ sid: "DenyState", effect: "Deny" as const, actions: ["*"], resources: [...scope.stateResources] }] : []),
  ];
}

/** The boundary policy, named `permissionsBoundaryName(namePrefix)`, where the environment's roles are. */
export class EnvironmentBoundary extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: BoundaryScope) {
    super(scope, id);
    this.policy = new IamPolicy(this, "policy", {
      name: permissionsBoundaryName(props.namePrefix),
      description: `Permissions boundary of every role of environment ${props.environment}; owned by the bootstrap, read-only to its deploy roles`,
      policy: guardDocument(this, "document", boundaryStatements(props)).json,
    });
  }
}
