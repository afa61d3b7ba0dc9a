import { OFF_HOURS_ACTIONS } from "../modules/service/service-autoscaling";
import { EnvironmentInput } from "../modules/platform/schema";
import { findByPath, Json, minimalEnvironment, resourceAt, resourcesOf, synthEnvironment, validationMessage } from "./support/synth";

const OFF_HOURS = { timeZone: "Europe/Dublin", scaleDownAt: "cron(0 20 ? * MON-FRI *)", scaleUpAt: "cron(0 7 ? * MON-FRI *)" };
type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

function withOffHours(service: Partial<ServiceInput> = {}): EnvironmentInput {
  const [web] = minimalEnvironment().services ?? [];
  return minimalEnvironment({ cluster: { offHours: OFF_HOURS }, services: [{ ...web, desiredCount: 2, ...service }] });
}

function actionsOf(stack: ReturnType<typeof synthEnvironment>): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, "aws_appautoscaling_scheduled_action")).map((action) => [String(action.name), action]));
}

describe("off-hours scaling", () => {
  describe("GIVEN a development environment with an off-hours schedule and a fixed-size service", () => {
    const stack = synthEnvironment(withOffHours());

    it("WHEN synthesized THEN the service scales to zero at the scale-down time and back to its desired count at the scale-up time, in the time zone", () => {
      const target = resourceAt(stack, "aws_appautoscaling_target", "service-web/autoscaling/target");
      expect(target.resource).toMatchObject({ min_capacity: 2, max_capacity: 2, scalable_dimension: "ecs:service:DesiredCount" });
      const actions = actionsOf(stack);
      expect(actions[OFF_HOURS_ACTIONS.down]).toMatchObject({ schedule: OFF_HOURS.scaleDownAt, timezone: "Europe/Dublin", scalable_target_action: { min_capacity: "0", max_capacity: "0" } });
      expect(actions[OFF_HOURS_ACTIONS.up]).toMatchObject({ schedule: OFF_HOURS.scaleUpAt, timezone: "Europe/Dublin", scalable_target_action: { min_capacity: "2", max_capacity: "2" } });
      // By reference: the actions wait for the target they scale.
      for (const action of Object.values(actions)) expect(action.resource_id).toBe(target.ref("resource_id"));
    });

    it("WHEN synthesized THEN no target tracking is added to the fixed-size service", () => {
      expect(resourcesOf(stack, "aws_appautoscaling_policy")).toEqual({});
    });

    it("WHEN a plan runs at night THEN it changes nothing back: the service's count and the target's bounds are the schedule's", () => {
      expect(resourceAt(stack, "aws_ecs_service", "service-web/service").resource.lifecycle).toEqual({ ignore_changes: ["desired_count"] });
      expect(resourceAt(stack, "aws_appautoscaling_target", "service-web/autoscaling/target").resource.lifecycle).toEqual({ ignore_changes: ["min_capacity", "max_capacity"] });
    });

    it("WHEN synthesized THEN no alarm rings because the service has fewer tasks than its minimum at night", () => {
      expect(findByPath(stack, "aws_cloudwatch_metric_alarm", "service-web/").map(({ resource }) => String(resource.alarm_name))).not.toContainEqual(expect.stringContaining("tasks-below-minimum"));
    });
  });

  describe("GIVEN an autoscaled service", () => {
    it("WHEN scaled off hours THEN the morning restores autoscaling's bounds and target tracking stays", () => {
      const stack = synthEnvironment(withOffHours({ autoscaling: { minCapacity: 2, maxCapacity: 6 } }));
      expect(actionsOf(stack)[OFF_HOURS_ACTIONS.up].scalable_target_action).toEqual({ min_capacity: "2", max_capacity: "6" });
      expect(Object.keys(resourcesOf(stack, "aws_appautoscaling_policy"))).not.toHaveLength(0);
    });
  });

  describe("GIVEN a service with no tasks", () => {
    it("WHEN the schedule applies THEN it has nothing to scale and gets no target", () => {
      const stack = synthEnvironment(withOffHours({ desiredCount: 0 }));
      expect(resourcesOf(stack, "aws_appautoscaling_target")).toEqual({});
    });
  });

  describe("GIVEN bad schedules", () => {
    it("WHEN the environment is production THEN the schedule is refused", () => {
      const production = { ...withOffHours(), tier: "production" as const, budget: { monthlyLimitUsd: 100 } };
      expect(validationMessage(production)).toContain('environment "test": cluster.offHours');
      expect(validationMessage(production)).toContain("expected no off-hours schedule in a production environment");
    });

    it("WHEN the time zone or a cron expression is wrong THEN each is named with what would be valid", () => {
      const message = validationMessage(minimalEnvironment({ cluster: { offHours: { ...OFF_HOURS, timeZone: "Europe/Dublinn", scaleDownAt: "0 20 * * 1-5" } } }));
      expect(message).toContain('cluster.offHours.timeZone is "Europe/Dublinn"; expected an IANA time zone such as "Europe/Dublin" or "UTC"');
      expect(message).toContain('cluster.offHours.scaleDownAt is "0 20 * * 1-5"; expected a cron expression of six fields');
    });
  });
});
