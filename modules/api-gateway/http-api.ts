import { Apigatewayv2Api, Apigatewayv2ApiCorsConfiguration } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { Apigatewayv2Integration, Apigatewayv2IntegrationConfig } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Fn, Op, TerraformOutput, TerraformResourceLifecycle } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { connect, NetworkPeer, securityGroup } from "../core/connect";
import { DnsValidatedCertificate } from "../core/dns-validated-certificate";
import { REPLACED_BEFORE_DESTROY } from "../core/replaceable";
import { MIN_VPC_LINK_ZONES, VPC_LINK_ZONE_IDS } from "../core/vpc-link-zones";
import { Monitor } from "../monitoring/alarm";
import { DEFAULT_STAGE, watchHttpApi } from "./http-api-alarms";
import { ApiGatewayConfig, ServiceApiRoutes } from "./schema";

/**
 * One JSON line per request. Every value is quoted, so a line stays valid JSON when API Gateway
 * writes "-" for a value it does not have (no integration, no response).
 */
export const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  errorMessage: "$context.error.message",
  authorizerError: "$context.authorizer.error",
  integrationError: "$context.integrationErrorMessage",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integrationLatency",
} as const;

/** Where JWT authorizers read the token: the standard "Authorization: Bearer <token>" header. */
const JWT_IDENTITY_SOURCE = "$request.header.Authorization";

export interface HttpApiProps extends ApiGatewayConfig {
  readonly context: AwsContext;
  /** VPC of the VPC link's security group. No default. */
  readonly vpcId: string;
  /**
   * Subnets of the VPC link's network interfaces, one per AZ: where the services run (the private
   * subnets, or the public ones in a VPC without NAT). No default.
   */
  readonly subnetIds: readonly string[];
  /** The availability zone names of `subnetIds`, in the same order. No default. */
  readonly azs: readonly string[];
  /** Where the API's alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** The environment's key for the access log's log group. No default. */
  readonly logsKeyArn: string;
}

/** What `HttpApi.route` connects: one service's routes, and how API Gateway reaches it. */
export interface ApiTarget {
  /** Service name; names the integration and its routes. No default. */
  readonly name: string;
  /** The service's parsed routes. No default. */
  readonly routes: ServiceApiRoutes;
  /** What the VPC link opens connections to: the service (cloud-map) or the load balancer (load-balancer). No default. */
  readonly peer: NetworkPeer;
  /** The peer's port: the container port (cloud-map) or the listener's port (load-balancer). No default. */
  readonly port: number;
  /** For "cloud-map": ARN of the service's Cloud Map service, which must hold SRV records (IP and port). */
  readonly cloudMapServiceArn?: string;
  /** For "load-balancer": ARN of the listener. */
  readonly listenerArn?: string;
  /** Speak HTTPS to the peer, verifying this name on its certificate (an HTTPS listener). Default: none (HTTP). */
  readonly tlsServerName?: string;
}

/**
 * The environment's HTTP API (API Gateway v2): a VPC link into the services' subnets with its own
 * security group, a `$default` stage (auto-deployed, throttled, access-logged as JSON to an
 * encrypted log group), optionally a JWT authorizer, CORS and a custom domain with Route 53 aliases,
 * and its alarms. Services are attached with `route()`, one call per service; the VPC link's group
 * then reaches exactly the ports of what it integrates with, and each of those admits it.
 */
export class HttpApi extends Construct implements NetworkPeer {
  readonly scope: Construct = this;
  /** Longer than any service name, so its rules never clash with a service's. */
  readonly peerName = "api-gateway-vpc-link";
  readonly peerLabel = "the API Gateway VPC link";
  readonly securityGroupId: string;
  readonly api: Apigatewayv2Api;
  readonly vpcLink: Apigatewayv2VpcLink;
  readonly stage: Apigatewayv2Stage;
  /** Where clients call the API: https://<domain>, or the execute-api endpoint without a custom domain. */
  readonly url: string;
  private readonly authorizerId?: string;
  /** The port the VPC link reaches each peer on, by peer name. */
  private readonly connected = new Map<string, number>();

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const name = `${props.context.namePrefix}-http-api`;
    this.api = new Apigatewayv2Api(this, "api", {
      name,
      protocolType: "HTTP",
      ipAddressType: "dualstack",
      // With a custom domain, that is the only way in: no second URL that skips it.
      disableExecuteApiEndpoint: props.domain !== undefined,
      corsConfiguration: props.cors && corsConfiguration(props.cors),
    });
    this.securityGroupId = securityGroup(this, "security-group", {
      name: `${name}-vpc-link`,
      description: "API Gateway VPC link: out to the services it integrates with, on their ports only",
      vpcId: props.vpcId,
    }).id;
    this.vpcLink = new Apigatewayv2VpcLink(this, "vpc-link", {
      name,
      securityGroupIds: [this.securityGroupId],
      ...this.vpcLinkSubnets(props),
    });
    this.stage = this.createStage(name, props);
    this.authorizerId = props.jwtAuthorizer && this.createAuthorizer(name, props.jwtAuthorizer).id;
    this.url = props.domain ? this.createDomain(props.domain) : this.api.apiEndpoint;
    watchHttpApi(props.monitor, this, this.api.id, props);
    new TerraformOutput(this, "http_api_url", { value: this.url, staticId: true });
    new TerraformOutput(this, "http_api_id", { value: this.api.id, staticId: true });
  }

  /**
   * The link's subnets: those whose zone ID API Gateway supports (core/vpc-link-zones.ts). AZ
   * names map to zone IDs per account, so the choice is Terraform's, at plan time, through the
   * account's own name-to-ID map (data aws_availability_zones): in an account where us-east-1a is
   * use1-az3, that subnet is left out. The link's interfaces still reach targets in every AZ (the
   * VPC routes between them). A precondition fails the plan when fewer than two supported zones
   * remain. New subnets or a new group replace the link: the integrations move to the new one first.
   * In a region the table lacks, every subnet is given and PLAT-APPLY-10 refuses the stack.
   */
  private vpcLinkSubnets(props: HttpApiProps): { subnetIds: string[]; lifecycle: TerraformResourceLifecycle } {
    const supported = VPC_LINK_ZONE_IDS[props.context.region];
    if (supported === undefined) return { subnetIds: [...props.subnetIds], lifecycle: REPLACED_BEFORE_DESTROY };
    const zones = new DataAwsAvailabilityZones(this, "zones", {});
    const zoneIds = props.azs.map((az) => Fn.lookup(Fn.zipmap(zones.names, zones.zoneIds), az));
    const subnetIds = Fn.matchkeys([...props.subnetIds], zoneIds, [...supported]);
    const needed = Math.min(MIN_VPC_LINK_ZONES, props.azs.length);
    return {
      subnetIds,
      lifecycle: {
        ...REPLACED_BEFORE_DESTROY,
        precondition: [
          {
            condition: Op.gte(Fn.lengthOf(subnetIds), needed),
            errorMessage:
              `The VPC link needs subnets in ${needed} availability zones where API Gateway offers VPC links (zone IDs ${supported.join(", ")}), ` +
              `but in this account the network's zones (${props.azs.join(", ")}) map to too few of them. ` +
              "Run `aws ec2 describe-availability-zones` to see this account's zone IDs and name zones that map to supported IDs in network.azs.",
          },
        ],
      },
    };
  }

  /**
   * Routes `target.routes.routeKeys` to one service through the VPC link: an HTTP proxy integration
   * with its Cloud Map service or its load balancer's listener, a route per key (behind the JWT
   * authorizer when asked), and a path from the VPC link to the peer's port.
   */
  route(target: ApiTarget): void {
    const scope = new Construct(this, `service-${target.name}`);
    const integration = new Apigatewayv2Integration(scope, "integration", this.integrationConfig(target));
    const jwt = target.routes.authorization === "jwt";
    if (jwt && this.authorizerId === undefined) throw new Error(`service ${target.name} asks for JWT authorization, but the API has no JWT authorizer`);
    for (const routeKey of target.routes.routeKeys) {
      new Apigatewayv2Route(scope, `route ${routeKey.replace(/\//g, "|")}`, {
        apiId: this.api.id,
        routeKey,
        target: `integrations/${integration.id}`,
        authorizationType: jwt ? "JWT" : "NONE",
        authorizerId: jwt ? this.authorizerId : undefined,
      });
    }
    this.connectTo(target.peer, target.port);
  }

  private integrationConfig(target: ApiTarget): Apigatewayv2IntegrationConfig {
    const viaCloudMap = target.routes.integration === "cloud-map";
    const integrationUri = viaCloudMap ? target.cloudMapServiceArn : target.listenerArn;
    if (integrationUri === undefined) {
      throw new Error(`service ${target.name} is integrated through ${target.routes.integration}, but its ${viaCloudMap ? "cloudMapServiceArn" : "listenerArn"} is missing`);
    }
    return {
      apiId: this.api.id,
      description: `Service ${target.name} through ${viaCloudMap ? "its Cloud Map service" : "the load balancer"}`,
      integrationType: "HTTP_PROXY",
      integrationMethod: "ANY",
      connectionType: "VPC_LINK",
      connectionId: this.vpcLink.id,
      integrationUri,
      // HTTP proxy integrations take no other.
      payloadFormatVersion: "1.0",
      tlsConfig: target.tlsServerName ? { serverNameToVerify: target.tlsServerName } : undefined,
    };
  }

  /** Egress from the VPC link and ingress at the peer, once per peer (services behind one load balancer share it). */
  private connectTo(peer: NetworkPeer, port: number): void {
    const known = this.connected.get(peer.peerName);
    if (known === port) return;
    if (known !== undefined) throw new Error(`the VPC link already reaches ${peer.peerLabel} on port ${known}, not ${port}`);
    this.connected.set(peer.peerName, port);
    connect(this, peer, port);
  }

  private createStage(name: string, props: HttpApiProps): Apigatewayv2Stage {
    const accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      // The "<prefix>-" in the name is what lets the logs key encrypt it.
      name: `/aws/apigateway/${name}`,
      retentionInDays: props.accessLogRetentionInDays,
      kmsKeyId: props.logsKeyArn,
    });
    return new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      name: DEFAULT_STAGE,
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: props.throttling.burstLimit,
        throttlingRateLimit: props.throttling.rateLimit,
      },
      accessLogSettings: { destinationArn: accessLogs.arn, format: JSON.stringify(ACCESS_LOG_FORMAT) },
    });
  }

  private createAuthorizer(name: string, jwt: NonNullable<ApiGatewayConfig["jwtAuthorizer"]>): Apigatewayv2Authorizer {
    return new Apigatewayv2Authorizer(this, "jwt-authorizer", {
      apiId: this.api.id,
      name: `${name}-jwt`,
      authorizerType: "JWT",
      identitySources: [JWT_IDENTITY_SOURCE],
      jwtConfiguration: { issuer: jwt.issuer, audience: [...jwt.audience] },
    });
  }

  /** The regional custom domain (TLS 1.2, IPv4 and IPv6), its mapping to the stage and its alias records; returns its URL. */
  private createDomain(domain: NonNullable<ApiGatewayConfig["domain"]>): string {
    const certificateArn =
      domain.certificateArn ??
      new DnsValidatedCertificate(this, "certificate", {
        domainName: domain.domainName,
        hostedZoneId: domain.hostedZoneId,
        // API Gateway's documented custom-domain certificates are RSA; ECDSA is not listed for it.
        keyAlgorithm: "RSA_2048",
      }).certificateArn;
    const customDomain = new Apigatewayv2DomainName(this, "domain", {
      domainName: domain.domainName,
      domainNameConfiguration: { certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2", ipAddressType: "dualstack" },
    });
    new Apigatewayv2ApiMapping(this, "domain-mapping", { apiId: this.api.id, domainName: customDomain.domainName, stage: this.stage.id });
    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: domain.hostedZoneId,
        name: domain.domainName,
        type,
        alias: {
          name: customDomain.domainNameConfiguration.targetDomainName,
          zoneId: customDomain.domainNameConfiguration.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
    return `https://${domain.domainName}`;
  }
}

function corsConfiguration(cors: NonNullable<ApiGatewayConfig["cors"]>): Apigatewayv2ApiCorsConfiguration {
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: [...cors.allowMethods],
    allowHeaders: [...cors.allowHeaders],
    maxAge: cors.maxAgeSeconds,
  };
}
