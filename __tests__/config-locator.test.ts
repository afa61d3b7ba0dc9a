import { TerraformResource } from "cdktf";
import * as ticketBooking from "../examples/ticket-booking";
import { CONFIG_LOCATOR } from "../modules/platform/config-locator";
import { builtPlatform } from "./support/synth";

/**
 * The policy pack names the configuration field to edit from a resource's construct path: the
 * locator made from the stack parts' declarations (their scope, named entries, element prefix and
 * log groups' retention fields).
 */
describe("GIVEN construct paths of an environment stack", () => {
  it.each([
    ["prod/cache/replication-group", "cache"],
    ["prod/load-balancer/alb", "loadBalancer"],
    ["prod/api-gateway/stage", "apiGateway"],
    ["prod/tables/orders", "tables.orders"],
    ["prod/queues/emails/dead-letter", "queues.emails"],
    ["prod/service-web/task-definition", 'services["web"]'],
    ["prod/job-reminders/schedule", 'jobs["reminders"]'],
  ])("THEN %s is in section %s", (path, section) => {
    expect(CONFIG_LOCATOR.section(path)).toBe(section);
  });

  it("THEN the keys, a section's own scope of named entries and an unknown scope have no section", () => {
    expect([CONFIG_LOCATOR.section("prod/keys/data"), CONFIG_LOCATOR.section("prod/tables"), CONFIG_LOCATOR.section("prod/elsewhere/x")]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ["prod/service-web/logs", "cluster.serviceLogRetentionInDays"],
    ["prod/cluster/exec-logs", "cluster.execLogRetentionInDays"],
    ["prod/network/flow-log/log-group", "network.flowLogs.retentionInDays"],
    ["prod/load-balancer/waf/log-group", "loadBalancer.waf.logRetentionInDays"],
    ["prod/frontend/waf/log-group", "frontend.waf.logRetentionInDays"],
    ["prod/database/users/logs", "database.logRetentionInDays"],
    ["prod/cache/slow-log", "cache.logRetentionInDays"],
  ])("THEN the log group at %s keeps its logs for %s", (path, field) => {
    expect(CONFIG_LOCATOR.logRetentionField(path)).toBe(field);
  });

  it("THEN a log group outside a part's declared paths names no field", () => {
    expect([CONFIG_LOCATOR.logRetentionField("prod/load-balancer/access-logs"), CONFIG_LOCATOR.logRetentionField("prod/network/flow-logs-other")]).toEqual([undefined, undefined]);
  });
});

describe("GIVEN every shipped environment and the ticket-booking example", () => {
  const stacks = [...builtPlatform().platform.environments, ...builtPlatform(ticketBooking.bootstrap, ticketBooking.environments).platform.environments];
  const resources = stacks.flatMap(([, stack]) => stack.node.findAll().filter((construct): construct is TerraformResource => construct instanceof TerraformResource));

  it("THEN every resource but the environment's keys is located in its section", () => {
    const unlocated = resources.map((resource) => resource.node.path).filter((path) => CONFIG_LOCATOR.section(path) === undefined && path.split("/")[1] !== "keys");
    expect(resources.length).toBeGreaterThan(100);
    expect(unlocated).toEqual([]);
  });

  it("THEN every log group's retention is named by a field, so PLAT-CW-2 says what to edit", () => {
    const logGroups = resources.filter((resource) => resource.terraformResourceType === "aws_cloudwatch_log_group");
    expect(logGroups.length).toBeGreaterThan(10);
    expect(logGroups.map((group) => group.node.path).filter((path) => CONFIG_LOCATOR.logRetentionField(path) === undefined)).toEqual([]);
  });
});
