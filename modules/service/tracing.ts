import { PolicyStatement } from "../core/iam";

/**
 * The AWS Distro for OpenTelemetry collector, pinned: a new version is a deliberate change. It
 * receives OTLP on localhost:4317/4318 (the task shares one network namespace) and sends traces
 * to X-Ray, with the image's X-Ray-only configuration (no metrics, so no log permissions).
 */
export const TRACING_COLLECTOR = {
  name: "aws-otel-collector",
  image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
  config: "--config=/etc/ecs/ecs-xray.yaml",
  otlpGrpcEndpoint: "http://127.0.0.1:4317",
  /** Memory the collector reserves inside the task, MiB. */
  memoryReservation: 64,
} as const;

/** What the application's container is told, so any OpenTelemetry SDK exports to the sidecar. */
export function tracingVariables(serviceName: string, environment: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: TRACING_COLLECTOR.otlpGrpcEndpoint,
    OTEL_SERVICE_NAME: serviceName,
    OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${environment}`,
    OTEL_PROPAGATORS: "tracecontext,baggage,xray",
  };
}

/** The task role's X-Ray permissions; these actions take no resource narrower than "*". */
export const TRACING_STATEMENTS: readonly PolicyStatement[] = [
  {
    sid: "SendTracesToXRay",
    actions: [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
    ],
    resources: ["*"],
  },
];

/** The collector's container definition, logging to the service's log group. */
export function collectorContainer(logConfiguration: object): object {
  return {
    name: TRACING_COLLECTOR.name,
    image: TRACING_COLLECTOR.image,
    // Losing traces must not take the application down.
    essential: false,
    command: [TRACING_COLLECTOR.config],
    memoryReservation: TRACING_COLLECTOR.memoryReservation,
    readonlyRootFilesystem: true,
    // The image is built FROM scratch: no shell, so the health check runs its own binary.
    healthCheck: { command: ["CMD", "/healthcheck"], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
    logConfiguration,
  };
}
