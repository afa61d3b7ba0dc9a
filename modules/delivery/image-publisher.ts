/**
 * The image-publish role of one service: push to its ECR repository and roll out its ECS service,
 * nothing else. Assumable only by the jobs of the service's own repository that `publishFrom` names.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { suppressPolicy } from "../guardrails/suppressions";
import { githubTrustPolicy } from "./github-oidc";
import { guardDocument, GuardStatement } from "./guard-document";
import { DEPLOY_ROLE_UNBOUNDED } from "./role-grants";
import { ImagePublisherConfig, TrustedJobs } from "./schema";
import { PULL_ACTIONS } from "../registry/container-repository";
import { PromotionSource } from "../registry/promotion";
import { trustedJobsSubject } from "./subjects";

/** The names of a service's resources, as the service construct derives them. */
export interface ServiceDeployTarget {
  readonly environment: string;
  readonly service: string;
  /** ECR repository name, "<project>-<env>/<service>". */
  readonly ecrRepository: string;
  /** Region of the ECR repository: the environment's, or the registries' where those live apart. */
  readonly ecrRegion: string;
  /** ECS cluster name, "<project>-<env>". */
  readonly cluster: string;
  /** ECS service name, "<project>-<env>-<service>". */
  readonly ecsService: string;
  /** The task's two roles, which a new task definition revision passes to ECS. */
  readonly taskRole: string;
  readonly executionRole: string;
  /**
   * An SSM parameter (name, in the environment's region) in which a release records the tag it
   * rolled out, where the platform reads the running tag from one. Default: none.
   */
  readonly imageTagParameter?: string;
  /** The repository its releases promote images from (`registry.promoteFrom`), pulled only. Default: none. */
  readonly promotedFrom?: PromotionSource;
}

/** One publisher: who may publish, and where to. */
export interface ImagePublisherTarget extends ServiceDeployTarget {
  readonly githubRepository: string;
  readonly publishFrom: TrustedJobs;
}

/** Where a service's image and release record live, besides its environment's region. */
export interface ReleasePlaces {
  /** Region of the service's ECR repository. */
  readonly ecrRegion: string;
  /** The SSM parameter a release writes its tag to, if the platform keeps one per service. Default: none. */
  readonly imageTagParameter?: (environment: string, service: string) => string;
  /** Where an environment that promotes pulls a service's image from. Default: it builds its own. */
  readonly promotedFrom?: (environment: string, service: string) => PromotionSource | undefined;
}

/**
 * The names EcsService (modules/service/ecs-service.ts) and EcsTaskRoles give a service's
 * repository, cluster, service and roles. Repeated here, without importing the service module, so
 * that deploy roles can live in another stack; a test compares them with a synthesized environment.
 */
export function serviceDeployTarget(project: string, environment: string, service: string, places: ReleasePlaces): ServiceDeployTarget {
  const prefix = `${project}-${environment}`;
  return {
    environment,
    service,
    ecrRepository: `${prefix}/${service}`,
    ecrRegion: places.ecrRegion,
    cluster: prefix,
    ecsService: `${prefix}-${service}`,
    taskRole: awsName([prefix, service, "task"], NAME_LIMITS.iamRole),
    executionRole: awsName([prefix, service, "execution"], NAME_LIMITS.iamRole),
    imageTagParameter: places.imageTagParameter?.(environment, service),
    promotedFrom: places.promotedFrom?.(environment, service),
  };
}

/** The publishers of the delivery settings, with their services' names resolved. */
export function imagePublisherTargets(project: string, publishers: readonly ImagePublisherConfig[], places: ReleasePlaces): ImagePublisherTarget[] {
  return publishers.map((publisher) => ({
    ...serviceDeployTarget(project, publisher.environment, publisher.service, places),
    githubRepository: publisher.githubRepository,
    publishFrom: publisher.publishFrom,
  }));
}

/** Where the target's resources are: account, partition and the environment's region (ECS, SSM). */
export interface PublishPlace {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

export interface ImagePublishRoleProps {
  readonly target: ImagePublisherTarget;
  readonly place: PublishPlace;
  readonly oidcProviderArn: string;
  /** The role's name, "<project>-<env>-github-publish-<service>" (guarded from the environment's apply role). */
  readonly roleName: string;
}

export class ImagePublishRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ImagePublishRoleProps) {
    super(scope, id);
    const { target } = props;
    const subject = trustedJobsSubject(target.githubRepository, target.publishFrom);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `GitHub Actions of ${target.githubRepository} publish ${target.ecrRepository} and roll out ${target.ecsService}`,
      assumeRolePolicy: githubTrustPolicy(this, "trust", props.oidcProviderArn, [subject]).json,
      maxSessionDuration: 3600,
    });
    suppressPolicy(this.role, "PLAT-IAM-1", DEPLOY_ROLE_UNBOUNDED);
    new IamRolePolicy(this, "policy", {
      name: "publish-and-roll-out",
      role: this.role.id,
      policy: policyDocument(this, "policy-document", publishStatements(target, props.place)).json,
    });
    new IamRolePolicy(this, "guards", { name: "guards", role: this.role.id, policy: guardDocument(this, "guards-document", publishGuards()).json });
  }
}

/** The publish role's name for a target. */
export function publishRoleName(project: string, target: Pick<ServiceDeployTarget, "environment" | "service">): string {
  return awsName([project, target.environment, "github", "publish", target.service], NAME_LIMITS.iamRole);
}

export function publishStatements(target: ServiceDeployTarget, place: PublishPlace): PolicyStatement[] {
  const { accountId, partition, region } = place;
  const repository = `arn:${partition}:ecr:${target.ecrRegion}:${accountId}:repository/${target.ecrRepository}`;
  const role = (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
  const ecs = `arn:${partition}:ecs:${region}:${accountId}`;
  const service = `${ecs}:service/${target.cluster}/${target.ecsService}`;
  // The task definition family is the service's name (EcsService's `family`).
  const family = `${ecs}:task-definition/${target.ecsService}:*`;
  return [
    // GetAuthorizationToken is account-wide: IAM accepts no narrower resource for it. The token only
    // lets docker talk to the registry; every push is still authorized per repository below.
    { sid: "AuthenticateToEcr", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    {
      sid: "PushOwnImage",
      actions: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
        // To wait for the scan on push and read its findings before rolling out.
        "ecr:DescribeImageScanFindings",
      ],
      resources: [repository],
    },
    { sid: "DescribeOwnService", actions: ["ecs:DescribeServices"], resources: [service] },
    {
      // Only onto a revision of its own family (ecs:task-definition, which UpdateService authorizes
      // against since March 2024, the revision resolved first; absent when the call names none). The
      // resource pins the service in its cluster (UpdateService has no ecs:cluster key). Network
      // settings are refused by `publishGuards`.
      sid: "RollOutOwnFamily",
      actions: ["ecs:UpdateService"],
      resources: [service],
      conditions: [{ test: "ArnLikeIfExists", variable: "ecs:task-definition", values: [family] }],
    },
    // Neither action supports resource-level permissions (IAM requires "*"). Registering a revision
    // deploys nothing by itself: only UpdateService above puts one into service, and a revision can
    // carry no roles but the two this role may pass.
    { sid: "RegisterRevisions", actions: ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"], resources: ["*"] },
    {
      // Tags on the revisions it registers, in the same call (ecs:CreateAction), nothing else's.
      sid: "TagRegisteredRevisions",
      actions: ["ecs:TagResource"],
      resources: [family],
      conditions: [{ test: "StringEquals", variable: "ecs:CreateAction", values: ["RegisterTaskDefinition"] }],
    },
    {
      sid: "PassOwnTaskRoles",
      actions: ["iam:PassRole"],
      resources: [role(target.taskRole), role(target.executionRole)],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    },
    ...releaseRecordStatements(target, place),
    ...oneOffTaskStatements(target, place),
    ...promotionStatements(target, place),
  ];
}

/**
 * Pull, never push, the source's image it promotes: the pull actions on the source repository
 * only (in the source's account, whose repository policy must allow this role too). Its own
 * repository's statement above is what the copy pushes into.
 */
function promotionStatements(target: ServiceDeployTarget, place: PublishPlace): PolicyStatement[] {
  const source = target.promotedFrom;
  if (!source) return [];
  const account = source.accountId ?? place.accountId;
  return [
    {
      sid: "PullPromotedImages",
      actions: [...PULL_ACTIONS],
      resources: [`arn:${place.partition}:ecr:${target.ecrRegion}:${account}:repository/${source.ecrRepository}`],
    },
  ];
}

/**
 * Run the service's one-off tasks (a migration before the rollout): families and roles are named
 * "<project>-<env>-<service>-task-<task>[-execution|-task]" by the service module, so the
 * wildcard reaches those of this service only. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security_iam_id-based-policy-examples.html
 */
function oneOffTaskStatements(target: ServiceDeployTarget, place: PublishPlace): PolicyStatement[] {
  const { accountId, partition, region } = place;
  const ecs = `arn:${partition}:ecs:${region}:${accountId}`;
  return [
    {
      sid: "RunOwnOneOffTasks",
      actions: ["ecs:RunTask"],
      resources: [`${ecs}:task-definition/${target.ecsService}-task-*`],
      conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [`${ecs}:cluster/${target.cluster}`] }],
    },
    { sid: "FollowOwnOneOffTasks", actions: ["ecs:DescribeTasks", "ecs:StopTask"], resources: [`${ecs}:task/${target.cluster}/*`] },
    {
      sid: "PassOneOffTaskRoles",
      actions: ["iam:PassRole"],
      resources: [`arn:${partition}:iam::${accountId}:role/${target.ecsService}-task-*`],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    },
  ];
}

/**
 * UpdateService request keys that say the call changes the service's network or service mesh
 * (Service Authorization Reference, ECS: UpdateService's condition keys). Each is present only when
 * the request sets it, so a deny on its presence refuses the change and lets a plain roll-out
 * (task definition, force new deployment) through. Security groups and load balancers have no key:
 * IAM cannot refuse those parameters, the accepted rest (see README).
 */
export const NETWORK_CHANGE_KEYS = [
  "ecs:subnet",
  "ecs:auto-assign-public-ip",
  "ecs:enable-service-connect",
  "ecs:namespace",
  "ecs:enable-vpc-lattice",
  "ecs:enable-execute-command",
  "ecs:capacity-provider",
] as const;

export function publishGuards(): GuardStatement[] {
  return NETWORK_CHANGE_KEYS.map((key) => ({
    sid: `DenyChanging${key.replace(/^ecs:/, "").replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase())}`,
    effect: "Deny",
    actions: ["ecs:UpdateService"],
    resources: ["*"],
    conditions: [{ test: "Null", variable: key, values: ["false"] }],
  }));
}

/** Write (and read back) the release's tag, where the platform keeps it in a parameter. */
function releaseRecordStatements(target: ServiceDeployTarget, place: PublishPlace): PolicyStatement[] {
  if (!target.imageTagParameter) return [];
  const name = target.imageTagParameter.replace(/^\//, "");
  return [
    {
      sid: "RecordRelease",
      actions: ["ssm:PutParameter", "ssm:GetParameter"],
      resources: [`arn:${place.partition}:ssm:${place.region}:${place.accountId}:parameter/${name}`],
    },
  ];
}
