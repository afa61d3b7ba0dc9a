import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { WebAclConfig } from "./schema";

/** What a `WebAcl` creates (for capability declarations): the ACL is priced per month, rule and request; its logs by volume. */
export const WEB_ACL_RESOURCES = {
  priced: ["aws_wafv2_web_acl", "aws_cloudwatch_log_group"],
  free: ["aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration"],
} as const;

/** WAF's rate-based rules count requests over this window. */
const RATE_WINDOW_SECONDS = 300;

export interface WebAclProps extends WebAclConfig {
  /** Name of the web ACL and its metrics, e.g. "acme-prod-alb". No default. */
  readonly name: string;
  /** "REGIONAL" for a load balancer or API, "CLOUDFRONT" for a distribution (created in us-east-1). No default. */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /** Key of the request-log group. No default. */
  readonly logsKeyArn: string;
  /** Regional resources to protect (a load balancer's ARN); CloudFront takes the ACL's ARN itself. Default: none. */
  readonly protectedResourceArns?: readonly string[];
  /**
   * Region of the ACL, its log group and logging configuration: "us-east-1" for scope CLOUDFRONT
   * when the stack's provider is in another region. Default: the provider's region.
   */
  readonly region?: string;
}

/**
 * A WAF web ACL: the configured AWS managed rule groups, then a per-IP rate limit; requests that
 * match nothing are allowed. Every rule has metrics and sampled requests; requests are logged to a
 * customer-key encrypted log group with the authorization header and cookies redacted.
 */
export class WebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const managed = props.managedRuleGroups.map((group, index) => managedRuleGroup(group, index, props.countOnly));
    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      region: props.region,
      description: `Managed rule groups and a per-IP rate limit for ${props.name}`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: [...managed, rateLimit(managed.length, props.rateLimitPerFiveMinutes, props.countOnly)],
      visibilityConfig: visibility(props.name),
    });
    (props.protectedResourceArns ?? []).forEach(
      (resourceArn, index) => new Wafv2WebAclAssociation(this, `association-${index}`, { resourceArn, webAclArn: this.webAcl.arn }),
    );
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      // WAF writes only to destinations whose name starts with "aws-waf-logs-".
      name: `aws-waf-logs-${props.name}`,
      region: props.region,
      retentionInDays: props.logRetentionInDays,
      kmsKeyId: props.logsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      region: props.region,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
  }
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** One AWS managed rule group; `statement` is untyped in the provider, so it is written as Terraform JSON. */
function managedRuleGroup(group: string, index: number, countOnly: boolean): Wafv2WebAclRule {
  return {
    name: group,
    priority: (index + 1) * 10,
    overrideAction: countOnly ? { count: {} } : { none: {} },
    statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
    visibilityConfig: visibility(group),
  };
}

function rateLimit(after: number, limit: number, countOnly: boolean): Wafv2WebAclRule {
  return {
    name: "rate-limit-per-ip",
    priority: (after + 1) * 10,
    action: countOnly ? { count: {} } : { block: {} },
    statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: RATE_WINDOW_SECONDS } },
    visibilityConfig: visibility("rate-limit-per-ip"),
  };
}
