import { ProblemList } from "../../modules/lib/problem";
import { planSubnets } from "../../modules/lib/subnet-plan";
import { NetworkConfig } from "../types";

const NAT_STRATEGIES = ["none", "single", "perAz"];
const FLOW_LOG_DESTINATIONS = ["cloud-watch-logs", "s3"];
const TRAFFIC_TYPES = ["ACCEPT", "REJECT", "ALL"];
/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export function checkLogRetention(days: number | undefined, field: string, problems: ProblemList): void {
  if (days === undefined) return;
  problems.check(
    LOG_RETENTION_DAYS.includes(days),
    field,
    days,
    `a CloudWatch Logs retention in days: ${LOG_RETENTION_DAYS.join(", ")}`,
  );
}

export function checkNetwork(network: NetworkConfig, region: string, root: ProblemList): void {
  const problems = root.nested("network");
  planSubnets(network, region, problems);
  problems.check(
    NAT_STRATEGIES.includes(network.natStrategy),
    "natStrategy",
    network.natStrategy,
    `one of ${NAT_STRATEGIES.join(", ")}`,
  );
  const flowLogs = network.flowLogs ?? {};
  const flowLogProblems = problems.nested("flowLogs");
  const destination = flowLogs.destination ?? "cloud-watch-logs";
  flowLogProblems.check(
    FLOW_LOG_DESTINATIONS.includes(destination),
    "destination",
    destination,
    `one of ${FLOW_LOG_DESTINATIONS.join(", ")}`,
  );
  flowLogProblems.check(
    TRAFFIC_TYPES.includes(flowLogs.trafficType ?? "ALL"),
    "trafficType",
    flowLogs.trafficType,
    `one of ${TRAFFIC_TYPES.join(", ")}`,
  );
  if (destination === "s3") {
    const days = flowLogs.retentionInDays ?? 30;
    flowLogProblems.check(Number.isInteger(days) && days >= 1, "retentionInDays", days, "a whole number of days, 1 or more");
  } else {
    checkLogRetention(flowLogs.retentionInDays, "retentionInDays", flowLogProblems);
  }
}
