import { Json, dataSourceAt, minimalEnvironment, resourceAt, synthEnvironment } from "./support/synth";

describe("GIVEN an environment WHEN synthesized THEN it has its own rotating customer keys", () => {
  const stack = synthEnvironment(minimalEnvironment());

  it.each(["logs", "data"])("THEN the %s key rotates, waits 30 days before deletion and has an alias", (name) => {
    const key = resourceAt(stack, "aws_kms_key", `keys/${name}/key`);
    expect(key.resource).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resourceAt(stack, "aws_kms_alias", `keys/${name}/alias`).resource).toMatchObject({
      name: `alias/acme-test-${name}`,
      target_key_id: key.ref("key_id"),
    });
  });

  it("THEN CloudWatch Logs may use the logs key for this environment's log groups, and not another environment's", () => {
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "keys/logs/policy").resource.statement) as Json[];
    const logs = statements.find((statement) => String(statement.sid) === "CloudWatchLogsEncryptsTheEnvironmentsLogGroups");
    expect(logs?.principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
    const patterns = (logs?.condition as unknown as { values: string[] }[])[0].values.map(
      (arn) => new RegExp(`^${arn.split(":log-group:")[1].replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`),
    );
    const covered = (name: string) => patterns.some((pattern) => pattern.test(name));
    for (const group of ["/ecs/acme-test/services/web", "/aws/vpc-flow-log/acme-test", "/aws/rds/instance/acme-test-postgres/postgresql", "aws-waf-logs-acme-test-alb"]) {
      expect(covered(group)).toBe(true);
    }
    for (const group of ["/ecs/acme-test2/services/web", "/aws/vpc-flow-log/acme-test2", "/aws/rds/instance/acme-test2-postgres/postgresql"]) {
      expect(covered(group)).toBe(false);
    }
  });

  it("THEN the data key's policy leaves its use to IAM in this account alone", () => {
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "keys/data/policy").resource.statement) as Json[];
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ sid: "AccountAdministers", actions: ["kms:*"] });
  });
});
