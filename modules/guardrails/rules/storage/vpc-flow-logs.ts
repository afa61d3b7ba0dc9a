import { PolicyRule, unless } from "../../../core/policy-rule";
import { attachedTo } from "./helpers";

/** PLAT-VPC-1: every VPC records flow logs. */
export const vpcFlowLogs: PolicyRule = {
  id: "PLAT-VPC-1",
  description: "VPCs have flow logs",
  rationale: "Flow logs are the only record of which addresses talked to what, needed to investigate an intrusion.",
  resourceTypes: ["aws_vpc"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "EC2.6", cis: "3.7", checkov: "CKV2_AWS_11" },
  check: (vpc, stack) =>
    unless(attachedTo(stack, "aws_flow_log", vpc, "vpc_id").length > 0, {
      problem: "no aws_flow_log has vpc_id referencing the VPC",
      requirement: "VPCs must record flow logs",
      fix: "set network.flowLogs.enabled: true (the default); a VPC made outside Network needs an aws_flow_log with vpc_id set to it",
      field: "network.flowLogs.enabled",
    }),
};
