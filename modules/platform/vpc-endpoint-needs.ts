/**
 * Which interface VPC endpoints an environment needs, derived from what its services use, and the
 * rules of the NAT-free "endpoints" network mode, where those endpoints are the only way out.
 * Sources: Amazon ECS developer guide, "Amazon ECS interface VPC endpoints" (Fargate tasks need
 * ECR api and dkr, the S3 gateway endpoint and CloudWatch Logs; Secrets Manager and SSM for
 * secrets), "Using ECS Exec" (ssmmessages, and KMS when sessions are encrypted with a key).
 */
import { Capability } from "../core/capability";
import { Problems } from "../core/schema";
import { BASE_INTERFACE_ENDPOINT_SERVICES } from "../network/vpc-endpoints";
import { CAPABILITIES } from "./capabilities";

/** What this derivation reads of a service. */
export interface ServiceEgressFacts {
  readonly name: string;
  readonly image: { readonly source: string; readonly uri?: string };
  readonly secrets: Readonly<Record<string, string>>;
  /** What it uses, by capability key (see each capability's `use`). */
  readonly uses: Readonly<Record<string, unknown>>;
  readonly tracing?: boolean;
  readonly internetAccess: boolean;
}

/** What this derivation reads of an environment. */
export interface EnvironmentEgressFacts {
  readonly region: string;
  readonly network: { readonly natStrategy: string; readonly endpoints: { readonly gateway: boolean } };
  readonly cluster: { readonly enableExecuteCommand: boolean };
  readonly monitoring: { readonly tracing: boolean };
  readonly stateBackend: { readonly region: string };
  readonly services: readonly ServiceEgressFacts[];
  /** The database, whose users' setup task pulls an image too. */
  readonly database?: { readonly setupImage?: string };
}

const SSM_PARAMETER = /^arn:aws[a-z-]*:ssm:/;

/** Interface endpoint service names (e.g. "ecr.api", "sqs") the services need, sorted. */
export function interfaceEndpointsNeeded(environment: EnvironmentEgressFacts): string[] {
  if (environment.services.length === 0) return [];
  const needed = new Set<string>(BASE_INTERFACE_ENDPOINT_SERVICES);
  for (const service of environment.services) {
    const references = Object.values(service.secrets);
    if (references.some((reference) => !SSM_PARAMETER.test(reference))) needed.add("secretsmanager");
    for (const endpoint of endpointsOfUses(service.uses)) needed.add(endpoint);
    if (references.some((reference) => SSM_PARAMETER.test(reference))) needed.add("ssm");
    if (tracingOf(service, environment)) needed.add("xray");
  }
  if (environment.cluster.enableExecuteCommand) {
    // ECS Exec's agent opens its channel through ssmmessages and encrypts it with the logs key.
    needed.add("ssmmessages");
    needed.add("kms");
  }
  return [...needed].sort();
}

const ENDPOINTS_MODE = 'network.natStrategy "endpoints" (no route to the internet)';

/** With natStrategy "endpoints", everything a task reaches must be behind a VPC endpoint of its own region. */
export function checkEndpointsOnlyEgress(environment: EnvironmentEgressFacts, problems: Problems): void {
  if (environment.network.natStrategy !== "endpoints") return;
  problems.check(
    environment.stateBackend.region === environment.region,
    ["network", "natStrategy"],
    `a NAT strategy ("regional", "single" or "perAz"): the image registries are in ${environment.stateBackend.region}, and VPC endpoints serve only their own region (${environment.region})`,
  );
  problems.check(environment.network.endpoints.gateway, ["network", "endpoints", "gateway"], `true with ${ENDPOINTS_MODE}: ECR serves image layers from S3 through its gateway endpoint`);
  environment.services.forEach((service, index) => {
    const at = problems.nested(["services", index]);
    at.check(!service.internetAccess, "internetAccess", `false with ${ENDPOINTS_MODE}: give service ${service.name} a NAT strategy ("regional", "single" or "perAz") or drop its internet calls`);
    if (service.image.source === "uri") {
      at.check(
        isEcrIn(service.image.uri ?? "", environment.region),
        ["image", "uri"],
        `an ECR image in ${environment.region} with ${ENDPOINTS_MODE}: other registries are on the internet (use { source: "ecr" } or a NAT strategy)`,
      );
    }
    at.check(
      !tracingOf(service, environment),
      "tracing",
      `false with ${ENDPOINTS_MODE}: the tracing collector's image comes from public ECR, which has no VPC endpoint`,
    );
  });
  if (environment.database && environment.services.some((service) => service.uses.database !== undefined && service.uses.database !== false)) {
    problems.check(
      isEcrIn(environment.database.setupImage ?? "", environment.region),
      ["database", "setupImage"],
      `a copy of a psql 15+ image in ${environment.region}'s ECR with ${ENDPOINTS_MODE}: the users' setup task defaults to PostgreSQL's image on ECR Public, which has no VPC endpoint`,
    );
  }
}

function isEcrIn(uri: string, region: string): boolean {
  return new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region.replace(/-/g, "\\-")}\\.amazonaws\\.com/`).test(uri);
}

function tracingOf(service: ServiceEgressFacts, environment: EnvironmentEgressFacts): boolean {
  return service.tracing ?? environment.monitoring.tracing;
}

/** The interface (or gateway) endpoints of the capabilities a service uses (each capability's `use.interfaceEndpoints`, `use.gatewayEndpoints`). */
export function endpointsOfUses(uses: Readonly<Record<string, unknown>>, kind: "interfaceEndpoints" | "gatewayEndpoints" = "interfaceEndpoints"): string[] {
  return (CAPABILITIES as readonly Capability[]).flatMap((capability) => {
    const use = uses[capability.key];
    return capability.use && use !== undefined && capability.use.used(use) ? [...(capability.use[kind] ?? [])] : [];
  });
}
