import { readFileSync } from "fs";
import { join } from "path";
import * as teet from "../examples/teet";
import { DATABASE_USERS, failureAnnotation, outputNameFor, runTaskArguments, taskParameters, TaskUsageError, main } from "../scripts/run-task";
import { listAt, mappingAt, parseYaml, textAt, YamlValue } from "../scripts/check-workflows";
import { minimalEnvironment, MINIMAL_DATABASE } from "./support/config";
import { builtPlatform, Json, resourceAt, resourcesOf, synthEnvironment, SynthesizedStack } from "./support/synth";

/** The run parameters output of a stack, as `terraform output -json` gives it ({ value }). */
function outputsOf(output: Json): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(output).map(([name, value]) => [name, { value: value.value }]));
}

describe("GIVEN an environment whose services have database users", () => {
  const stack = synthEnvironment(
    minimalEnvironment({
      database: MINIMAL_DATABASE,
      services: [
        {
          name: "web",
          image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
          cpu: 256,
          memory: 512,
          containerPort: 80,
          desiredCount: 1,
          loadBalancer: { priority: 100, pathPatterns: ["/*"] },
          uses: { database: "read-write" },
        },
      ],
    } as never),
  );
  const output = stack.json.output.task_database_setup;
  const setupAt = resourceAt(stack, "aws_ecs_task_definition", "database/users/setup/task-definition");
  const setup = setupAt.resource;
  /** The family as the output holds it (Terraform resolves it to the resource's family at apply). */
  const family = setupAt.ref("family");

  it("THEN the stack outputs what npm run task needs to run the setup task in the services' network", () => {
    expect(setup.family).toBe("acme-test-database-setup");
    const value = output.value;
    expect(value.family).toBe(family);
    expect(value.container).toBe("database-setup");
    expect(JSON.parse(String(setup?.container_definitions))[0].name).toBe("database-setup");
    expect(value.securityGroups).toEqual([resourceAt(stack, "aws_security_group", "database/users/setup/security-group").ref("id")]);
    expect(value.logStreamPrefix).toBe("database-setup");
    expect(value.timeoutMinutes).toBe(10);
  });

  it("THEN npm run task -- <env> database-users runs that family", () => {
    expect(outputNameFor(DATABASE_USERS)).toBe("task_database_setup");
    const args = runTaskArguments(taskParameters(outputsOf(stack.json.output), DATABASE_USERS));
    expect(args[args.indexOf("--task-definition") + 1]).toBe(family);
  });

  it("WHEN it is asked for a task as well THEN that is a usage error", () => {
    expect(() => main(["test", DATABASE_USERS, "extra", "--dry-run"])).toThrow(TaskUsageError);
  });

  it("THEN a failed run's annotation gives the exit code and the log link", () => {
    const parameters = taskParameters(outputsOf(stack.json.output), DATABASE_USERS);
    expect(failureAnnotation(parameters, "3", "Essential container in task exited", "https://logs")).toBe(
      `::error::${family} failed with exit code 3 (Essential container in task exited); logs: https://logs`,
    );
  });
});

describe("GIVEN an environment without database users", () => {
  it("THEN there is no setup output, and the apply workflow runs nothing", () => {
    expect(synthEnvironment(minimalEnvironment()).json.output.task_database_setup).toBeUndefined();
  });
});

describe("GIVEN TEET's PostgREST, a password user", () => {
  const dev = builtPlatform(teet.bootstrap, teet.environments).stacks.get("dev") as SynthesizedStack;
  const service = Object.values(resourcesOf(dev, "aws_ecs_service"))[0];
  const version = Object.keys(resourcesOf(dev, "aws_secretsmanager_secret_version")).find((name) => name.includes("password-postgrest"));

  it("THEN its service starts only once the generated password is written (an implicit dependency on the version)", () => {
    expect(version).toBeDefined();
    expect(String(service.desired_count)).toContain(`aws_secretsmanager_secret_version.${String(version)}.version_id != ""`);
  });
});

describe("GIVEN the apply workflow", () => {
  const workflow = parseYaml(readFileSync(join(__dirname, "..", ".github", "workflows", "terraform-apply.yml"), "utf8"));
  const steps = listAt(mappingAt(mappingAt(workflow, "jobs"), "apply"), "steps");
  const named = (name: string): YamlValue => steps.find((step) => textAt(step, "name") === name) ?? null;
  const index = (name: string) => steps.indexOf(named(name));
  const run = named("Create or update the database users");

  it("THEN after the apply it reads the outputs and, where there is a setup task, runs it to completion with npm run task", () => {
    expect(index("terraform apply")).toBeLessThan(index("Read the stack's outputs"));
    expect(index("Read the stack's outputs")).toBeLessThan(steps.indexOf(run));
    expect(textAt(named("Read the stack's outputs"), "run")).toContain(`has("task_database_setup")`);
    expect(textAt(run, "if")).toBe("steps.outputs.outputs.database_users == 'true'");
    expect(textAt(run, "run")).toBe('npm run task -- "$ENVIRONMENT" database-users --outputs "$RUNNER_TEMP/outputs.json"');
  });

  it("THEN for an environment in its own account it chains into that account's apply role first, without session tags", () => {
    const chain = steps.find((step) => textAt(step, "uses")?.startsWith("aws-actions/configure-aws-credentials@") && mappingAt(step, "with")["role-chaining"] === "true");
    expect(mappingAt(chain, "with")).toMatchObject({ "role-to-assume": "${{ steps.stack.outputs.account_role }}", "role-skip-session-tagging": "true" });
    expect(steps.indexOf(chain ?? null)).toBeLessThan(steps.indexOf(run));
    expect(textAt(named("Read the stack's region, the Terraform version and the apply role"), "run")).toContain('sub("\\\\$\\\\{var\\\\.deploy_role\\\\}"; "apply")');
  });
});
