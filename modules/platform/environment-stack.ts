import { S3Backend } from "cdktf";
import { Construct } from "constructs";
import { AuroraDatabase } from "../database/aurora-database";
import { PostgresDatabase } from "../database/postgres-database";
import { HttpApi } from "../api-gateway/http-api";
import { EnvironmentBudget } from "../budget/budget";
import { StaticFrontend } from "../cdn/static-frontend";
import { AwsContext, createAwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { Capability, PerTaskMetric, Placement } from "../core/capability";
import { EnvironmentKeys } from "../core/encryption-keys";
import { boundEveryRole, permissionsBoundaryArn } from "../core/iam";
import { PlatformStack } from "../core/platform-stack";
import { partitionOf } from "../core/regions";
import { EcsCluster } from "../cluster/ecs-cluster";
import { ApplicationLoadBalancer } from "../load-balancer/application-load-balancer";
import { EnvironmentMonitoring } from "../monitoring/monitoring";
import { Network } from "../network/network";
import { EcsService } from "../service/ecs-service";
import { ScheduledJob } from "../job/scheduled-job";
import { stateKey } from "../state/schema";
import { CAPABILITIES } from "./capabilities";
import { BackingResource, EnvironmentConfig, JobConfig, ServiceConfig, uses } from "./schema";
import { interfaceEndpointsNeeded } from "./vpc-endpoint-needs";

/** One environment: network, shared cluster, load balancer, services and backing resources, from its parsed config. */
export class EnvironmentStack extends PlatformStack {
  readonly context: AwsContext;
  readonly keys: EnvironmentKeys;
  readonly monitoring: EnvironmentMonitoring;
  readonly network: Network;
  /** The one object every capability is built from. */
  readonly placement: Placement;
  /** What services bind to, by capability key: each built capability the environment has. */
  readonly bindables: ReadonlyMap<BackingResource, Bindable<never>>;
  readonly cluster: EcsCluster;
  readonly loadBalancer?: ApplicationLoadBalancer;
  readonly services: ReadonlyMap<string, EcsService>;
  readonly jobs: readonly ScheduledJob[];
  readonly httpApi?: HttpApi;
  readonly frontend?: StaticFrontend;
  readonly budget: EnvironmentBudget;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, config.environment, {
      project: config.project,
      environment: config.environment,
      region: config.region,
      allowedAccountIds: config.allowedAccountIds ?? (config.account && [config.account.id]),
      tags: config.tags,
      assumeRole: config.account && { deployRolesOf: { accountId: config.account.id, namePrefix: `${config.project}-${config.environment}`, partition: partitionOf(config.region) } },
    });
    this.configureBackend(config);
    this.context = createAwsContext(this, config.project, config.environment, config.region);
    this.keys = new EnvironmentKeys(this, "keys", this.context);
    this.monitoring = new EnvironmentMonitoring(this, "monitoring", { ...config.monitoring, context: this.context });
    this.network = new Network(this, "network", {
      ...config.network,
      context: this.context,
      logsKeyArn: this.keys.logsKeyArn,
      forceDestroy: config.forceDestroy,
      interfaceEndpointServices: interfaceEndpointsNeeded(config),
    });
    this.placement = {
      scope: this,
      context: this.context,
      network: this.network,
      keys: this.keys,
      monitor: this.monitoring,
      forceDestroy: config.forceDestroy,
    };
    this.bindables = buildCapabilities(this.placement, config);
    this.cluster = new EcsCluster(this, "cluster", {
      ...config.cluster,
      context: this.context,
      vpcId: this.network.vpcId,
      logsKeyArn: this.keys.logsKeyArn,
      monitor: this.monitoring,
    });
    this.loadBalancer =
      config.loadBalancer &&
      new ApplicationLoadBalancer(this, "load-balancer", {
        ...config.loadBalancer,
        context: this.context,
        vpcId: this.network.vpcId,
        subnetIds: config.loadBalancer.internal ? this.network.privateSubnetIds : this.network.publicSubnetIds,
        logsKeyArn: this.keys.logsKeyArn,
        monitor: this.monitoring,
        forceDestroy: config.forceDestroy,
      });
    this.services = this.createServices(config.services, config.stateBackend.region);
    this.jobs = config.jobs.map((job) => this.createJob(job));
    for (const job of this.jobs) this.network.admitToEndpoints(job);
    // After the services and jobs: the setup task creates the users their bindings asked for.
    const database = this.bindables.get("database");
    if (database instanceof PostgresDatabase || database instanceof AuroraDatabase) database.createSetupTask({
      clusterArn: this.cluster.cluster.arn,
      clusterName: this.cluster.cluster.name,
      serviceNames: [...this.services.keys()],
      logGroupPrefix: this.cluster.logGroupPrefix,
      logsKeyArn: this.keys.logsKeyArn,
      logRetentionInDays: this.cluster.serviceLogRetentionInDays,
      vpcId: this.network.vpcId,
      subnetIds: this.network.serviceSubnetIds,
      assignPublicIp: this.network.servicesNeedPublicIp,
      admitToEndpoints: (peer) => this.network.admitToEndpoints(peer),
    });
    this.httpApi = config.apiGateway && this.createHttpApi(config.apiGateway, config.services);
    this.frontend = config.frontend && this.createFrontend(config.frontend, config.forceDestroy);
    this.budget = new EnvironmentBudget(this, "budget", { ...config.budget, context: this.context, environment: config.environment, topicArn: this.monitoring.topicArn, dependsOn: this.monitoring.topicPolicies });
    // Every role of the environment carries the bootstrap's boundary: the deploy roles may create no other.
    boundEveryRole(this, permissionsBoundaryArn(this.context));
  }

  /** The bindings of what a service uses: for each capability it names, that capability's binding. */
  private bindingsOf(service: Pick<ServiceConfig, "name" | "uses">): ServiceBinding[] {
    return USABLE_KEYS.filter((key) => uses(service, key)).map((key) =>
      boundResource(this.bindables.get(key), key).bindingFor(service.name, service.uses[key] as never),
    );
  }

  /** The metrics per running task a service's autoscaling tracks, each made by the capability that owns it (its `scaling`). */
  private perTaskMetricsOf(service: ServiceConfig): PerTaskMetric[] {
    const autoscaling = service.autoscaling;
    if (!autoscaling) return [];
    return (CAPABILITIES as readonly Capability[]).flatMap((capability) =>
      capability.scaling ? [...capability.scaling.metrics(autoscaling, this.bindables.get(capability.key as BackingResource))] : [],
    );
  }

  /** `registryRegion`: where the image registries are, the bootstrap stack's region (that of the state). */
  private createServices(configs: readonly ServiceConfig[], registryRegion: string): Map<string, EcsService> {
    const services = new Map<string, EcsService>();
    for (const service of configs) {
      const bindings = this.bindingsOf(service);
      services.set(
        service.name,
        new EcsService(this, `service-${service.name}`, {
          ...service,
          context: this.context,
          cluster: this.cluster,
          vpcId: this.network.vpcId,
          subnetIds: this.network.serviceSubnetIds,
          assignPublicIp: this.network.servicesNeedPublicIp,
          alb: this.loadBalancer,
          registryRegion,
          monitor: this.monitoring,
          discoverable: service.apiRoutes?.integration === "cloud-map",
          perTaskMetrics: this.perTaskMetricsOf(service),
          bindings,
        }),
      );
    }
    for (const service of services.values()) this.network.admitToEndpoints(service);
    for (const service of configs) {
      for (const caller of service.allowIngressFrom) {
        serviceNamed(services, service.name).acceptCallsFrom(serviceNamed(services, caller));
      }
    }
    return services;
  }

  /** A scheduled job, in the services' subnets, running a service's image or its own. */
  private createJob(job: JobConfig): ScheduledJob {
    const source = job.image.source === "service" ? serviceNamed(this.services, job.image.service) : undefined;
    return new ScheduledJob(this, `job-${job.name}`, {
      ...job,
      image: source
        ? { uri: source.imageUri, cpuArchitecture: source.cpuArchitecture, repositoryArn: source.imageRepositoryArn }
        : { uri: (job.image as { uri: string }).uri, cpuArchitecture: job.cpuArchitecture },
      context: this.context,
      cluster: this.cluster,
      vpcId: this.network.vpcId,
      subnetIds: this.network.serviceSubnetIds,
      assignPublicIp: this.network.servicesNeedPublicIp,
      keyArn: this.keys.dataKeyArn,
      monitor: this.monitoring,
      bindings: this.bindingsOf({ name: `job-${job.name}`, uses: job.uses }),
    });
  }

  /** The static frontend; its API paths go to the (internal) load balancer through a VPC origin. */
  private createFrontend(frontend: NonNullable<EnvironmentConfig["frontend"]>, forceDestroy: boolean): StaticFrontend {
    const alb = this.loadBalancer;
    return new StaticFrontend(this, "frontend", {
      ...frontend,
      context: this.context,
      monitor: this.monitoring,
      logsKeyArn: this.keys.logsKeyArn,
      forceDestroy,
      loadBalancer: alb && {
        loadBalancerArn: alb.loadBalancer.arn,
        loadBalancerDnsName: alb.domainName ?? alb.loadBalancer.dnsName,
        httpsToOrigin: alb.https,
        securityGroupId: alb.securityGroupId,
        vpcId: this.network.vpcId,
      },
    });
  }

  /** The HTTP API, its VPC link where the services run, and each service's routes. */
  private createHttpApi(apiGateway: NonNullable<EnvironmentConfig["apiGateway"]>, configs: readonly ServiceConfig[]): HttpApi {
    const api = new HttpApi(this, "api-gateway", {
      ...apiGateway,
      context: this.context,
      vpcId: this.network.vpcId,
      subnetIds: this.network.serviceSubnetIds,
      azs: this.network.azs,
      monitor: this.monitoring,
      logsKeyArn: this.keys.logsKeyArn,
    });
    for (const config of configs) {
      if (!config.apiRoutes) continue;
      const service = serviceNamed(this.services, config.name);
      const alb = this.loadBalancer;
      if (config.apiRoutes.integration === "cloud-map") {
        api.route({ name: config.name, routes: config.apiRoutes, peer: service, port: service.containerPort(), cloudMapServiceArn: service.discovery?.arn });
      } else if (alb) {
        api.route({
          name: config.name,
          routes: config.apiRoutes,
          peer: alb,
          port: alb.https ? 443 : 80,
          listenerArn: alb.listener.arn,
          tlsServerName: alb.https ? alb.domainName : undefined,
        });
      }
    }
    return api;
  }

  private configureBackend(config: EnvironmentConfig): void {
    const backend = config.stateBackend;
    new S3Backend(this, {
      bucket: backend.bucket,
      key: stateKey(config.project, config.environment),
      region: backend.region,
      encrypt: true,
      dynamodbTable: backend.dynamodbTable,
    });
    // With an account of its own, the backend keeps the caller's credentials: the state stays in the state's account.
    if (backend.useLockfile) {
      // cdktf 0.21's S3Backend has no use_lockfile option yet.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }
}

/** Keys of the capabilities a service can use, in the list's order (the order bindings apply in). */
const USABLE_KEYS = (CAPABILITIES as readonly Capability[]).filter((capability) => capability.use).map((capability) => capability.key as BackingResource);

/** Each capability with a `build` that the environment has, built from the placement, in the list's order. */
function buildCapabilities(placement: Placement, config: EnvironmentConfig): Map<BackingResource, Bindable<never>> {
  const built = new Map<BackingResource, Bindable<never>>();
  for (const capability of CAPABILITIES as readonly Capability[]) {
    const section: unknown = config[capability.key as keyof EnvironmentConfig];
    if (section === undefined || section === null || !capability.build) continue;
    const bindable = capability.build(placement, section);
    if (bindable) built.set(capability.key as BackingResource, bindable);
  }
  return built;
}

/** Validation guarantees a used resource exists; reaching the error means it was skipped. */
function boundResource<Use>(resource: Bindable<Use> | undefined, name: BackingResource): Bindable<Use> {
  if (!resource) throw new Error(`a service uses ${name}, which this environment does not have: was the config parsed?`);
  return resource;
}

function serviceNamed(services: ReadonlyMap<string, EcsService>, name: string): EcsService {
  const service = services.get(name);
  if (!service) throw new Error(`no service ${name}: was the config parsed?`);
  return service;
}
