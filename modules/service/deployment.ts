/**
 * How a service's new revisions replace the running ones: ECS's native strategies.
 *
 * - rolling: tasks are replaced in place (the circuit breaker and the deployment alarms roll back).
 * - blue-green: the new revision starts beside the old one on the alternate target group, is
 *   reachable on the load balancer's test listener, takes all production traffic at once, and
 *   bakes while the old revision still runs; an alarm during the bake shifts traffic back.
 * - canary: like blue-green, but `canary.percent` of the traffic goes first, for
 *   `canary.bakeTimeInMinutes`, then the rest.
 * - linear: the traffic moves in steps of `linear.stepPercent`, each baking for
 *   `linear.stepBakeTimeInMinutes`.
 *
 * AWS shifts traffic only through a load balancer (or Service Connect, which this platform does
 * not use): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 */
import { oneOf, Problems, strict, whole, z } from "../core/schema";

export const DEPLOYMENT_STRATEGIES = ["rolling", "blue-green", "canary", "linear"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** The ECS API's names of the strategies. */
export const ECS_STRATEGY: Readonly<Record<DeploymentStrategy, string>> = {
  rolling: "ROLLING",
  "blue-green": "BLUE_GREEN",
  canary: "CANARY",
  linear: "LINEAR",
};

const minutes = () => whole(0, 1440, "a whole number of minutes", "ECS allows up to 24 hours");
/** ECS takes canary percentages in steps of 0.1 (0.1 to 100) and linear steps of 3 to 100 percent. */
const percent = (min: number) =>
  z
    .number({ error: `a percentage from ${min} to 100, in steps of 0.1` })
    .min(min, { error: `a percentage from ${min} to 100, in steps of 0.1` })
    .max(100, { error: `a percentage from ${min} to 100, in steps of 0.1` })
    .refine((value) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9, { error: `a percentage from ${min} to 100, in steps of 0.1` });

/** The canary phase of a `canary` deployment. */
export const canarySchema = strict({
  /** Share of production traffic the new revision takes first. Default: 10. */
  percent: percent(0.1).default(10),
  /** Minutes the canary serves that share before the rest moves. Default: 10. */
  bakeTimeInMinutes: minutes().default(10),
});

/** The steps of a `linear` deployment. */
export const linearSchema = strict({
  /** Share of production traffic moved at each step. Default: 25. */
  stepPercent: percent(3).default(25),
  /** Minutes between steps. Default: 5. */
  stepBakeTimeInMinutes: minutes().default(5),
});

/**
 * The environment's default for its services (`deployments`): the strategy every service that
 * can shift traffic gets (one behind the load balancer, not registered in Cloud Map, not scaled
 * on requests per target); the others are rolled. Defaults per tier (see `service/capability.ts`).
 */
export const deploymentDefaultsSchema = strict({
  /** Strategy of services that can shift traffic. Default: per tier (production and staging "canary", development "rolling"). */
  strategy: oneOf(DEPLOYMENT_STRATEGIES),
  /**
   * Minutes the old revision keeps running after all traffic moved, during which a deployment
   * alarm shifts the traffic back at once. Default: per tier (production 15, staging 5, development 0).
   */
  bakeTimeInMinutes: minutes(),
  /** Run scheduled jobs on Fargate Spot (interruptible, about 70% cheaper). Default: per tier (production false, else true). */
  jobsOnSpot: z.boolean(),
});
export type DeploymentDefaults = z.output<typeof deploymentDefaultsSchema>;
export type DeploymentDefaultsInput = z.input<typeof deploymentDefaultsSchema>;

/** A service's own deployment settings; what it leaves out comes from the environment's `deployments`. */
export const serviceDeploymentSchema = strict({
  /** Strategy. Default: `deployments.strategy` where the service can shift traffic, else "rolling". */
  strategy: oneOf(DEPLOYMENT_STRATEGIES).optional(),
  /** Minutes both revisions run after the traffic moved (not for "rolling"). Default: `deployments.bakeTimeInMinutes`. */
  bakeTimeInMinutes: minutes().optional(),
  /** The canary phase, for "canary". Default: 10 percent for 10 minutes. */
  canary: canarySchema.prefault({}),
  /** The steps, for "linear". Default: 25 percent every 5 minutes. */
  linear: linearSchema.prefault({}),
});

/** A service's deployment with every default resolved. */
export interface DeploymentConfig {
  readonly strategy: DeploymentStrategy;
  readonly bakeTimeInMinutes: number;
  readonly canary: z.output<typeof canarySchema>;
  readonly linear: z.output<typeof linearSchema>;
}

/** A rolling deployment, for a service built outside an environment's parsing (tests, other modules). */
export function rollingDeployment(): DeploymentConfig {
  return { strategy: "rolling", bakeTimeInMinutes: 0, canary: canarySchema.parse({}), linear: linearSchema.parse({}) };
}

/** What decides whether ECS can shift a service's traffic. */
export interface TrafficShape {
  readonly routed: boolean;
  /** Registered in Cloud Map (called by other services, or by the API through its SRV records). */
  readonly cloudMap: boolean;
  /** Scaled on ALBRequestCountPerTarget, which names one target group. */
  readonly scalesOnRequestsPerTarget: boolean;
}

/** Why a strategy other than rolling cannot serve a service of this shape, if it cannot. */
function shiftingRefusal(shape: TrafficShape): string | undefined {
  if (!shape.routed) {
    return 'no loadBalancer routing: ECS shifts traffic only through a load balancer; a worker has none, so it is rolled';
  }
  if (shape.cloudMap) {
    return "no Cloud Map registration (allowIngressFrom, or apiRoutes through cloud-map): ECS shifts load balancer traffic, not service discovery, so callers would reach the new revision before its test and bake";
  }
  if (shape.scalesOnRequestsPerTarget) {
    return "no autoscaling.requestsPerTarget: it counts requests of one target group, which loses all traffic when ECS moves it to the alternate group";
  }
  return undefined;
}

/** The strategy a service runs with: its own, or the environment's where it can shift traffic. */
export function resolveDeployment(
  own: z.output<typeof serviceDeploymentSchema> | undefined,
  defaults: DeploymentDefaults,
  shape: TrafficShape,
): DeploymentConfig {
  const canShift = shiftingRefusal(shape) === undefined;
  const strategy = own?.strategy ?? (canShift ? defaults.strategy : "rolling");
  return {
    strategy,
    bakeTimeInMinutes: strategy === "rolling" ? 0 : (own?.bakeTimeInMinutes ?? defaults.bakeTimeInMinutes),
    canary: own?.canary ?? canarySchema.parse({}),
    linear: own?.linear ?? linearSchema.parse({}),
  };
}

/** A strategy the service asks for must be one ECS can carry out for it. */
export function checkDeployment(own: z.output<typeof serviceDeploymentSchema> | undefined, shape: TrafficShape, problems: Problems): void {
  if (!own?.strategy || own.strategy === "rolling") return;
  const refusal = shiftingRefusal(shape);
  problems.check(refusal === undefined, "strategy", `"rolling", or ${refusal}`);
}
