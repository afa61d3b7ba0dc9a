import { Testing } from "cdktf";
import { environments, bootstrap } from "../environments";
import * as eventPlatform from "../examples/event-platform";
import * as nodeApp from "../examples/node-app";
import * as safetyHeatmap from "../examples/safety-heatmap";
import * as teet from "../examples/teet";
import * as ticketBooking from "../examples/ticket-booking";
import { databaseUseSchema } from "../modules/database/schema";
import { DatabaseUser, setupSql } from "../modules/database/users";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { BootstrapInput } from "../modules/state/schema";
import { Json, synthesized, SynthesizedStack } from "./support/synth";

/** A user as the binding records it. */
function user(service: string, use: unknown): DatabaseUser {
  const parsed = databaseUseSchema.parse(use);
  if (parsed === false) throw new Error("not a use");
  return { ...parsed, service, name: `svc_${service}` };
}

/** The statements of `sql` that mention `role`, one per line. */
function linesFor(sql: string, role: string): string[] {
  return sql.split("\n").filter((line) => line.includes(`"${role}"`) || line.includes(`'${role}'`));
}

describe("GIVEN the setup SQL for a read-write api and a read-only reports service", () => {
  const sql = setupSql("app", "dbadmin", [user("reports", "read-only"), user("api", "read-write")]);
  const reports = linesFor(sql, "svc_reports");
  const api = linesFor(sql, "svc_api");

  it("THEN the read-only user is granted SELECT and nothing that writes, now and on tables created later", () => {
    const grants = reports.filter((line) => /\bGRANT\b/.test(line) && !line.includes("REVOKE"));
    expect(grants.join("\n")).not.toMatch(/INSERT|UPDATE|DELETE|TRUNCATE|CREATE ON SCHEMA/);
    expect(reports).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "svc_reports";');
    for (const owner of ["dbadmin", "svc_api"]) {
      expect(reports).toContain(`ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA "public" GRANT SELECT ON TABLES TO "svc_reports";`);
    }
  });

  it("THEN the read-only user loses write privileges and CREATE it may hold from before, and its sessions default to read-only", () => {
    expect(reports).toContain('REVOKE CREATE ON SCHEMA "public" FROM "svc_reports";');
    expect(reports).toContain('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA "public" FROM "svc_reports";');
    expect(reports).toContain('ALTER ROLE "svc_reports" SET default_transaction_read_only = on;');
    expect(sql).toContain("REVOKE CREATE ON SCHEMA public FROM PUBLIC;");
  });

  it("THEN the read-write user may read, insert, update and delete, use sequences and create tables (its migrations)", () => {
    expect(api).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "svc_api";');
    expect(api).toContain('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "public" TO "svc_api";');
    expect(api).toContain('GRANT CREATE ON SCHEMA "public" TO "svc_api";');
    expect(api).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "dbadmin" IN SCHEMA "public" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "svc_api";');
  });

  it("THEN both are IAM users (rds_iam), created only when missing, and never superusers or role creators", () => {
    for (const [lines, role] of [[api, "svc_api"], [reports, "svc_reports"]] as const) {
      expect(lines).toContain(`GRANT rds_iam TO "${role}";`);
      expect(lines).toContain(`SELECT format('CREATE ROLE %I LOGIN', '${role}') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') \\gexec`);
      expect(lines).toContain(`ALTER ROLE "${role}" WITH LOGIN NOCREATEDB NOCREATEROLE;`);
      expect(lines.join("\n")).not.toMatch(/SUPERUSER|rds_superuser|BYPASSRLS/);
    }
  });

  it("THEN the master user may set default privileges for the writer only, and the SQL stops at the first error", () => {
    expect(sql).toContain('GRANT "svc_api" TO "dbadmin";');
    expect(sql).not.toContain('GRANT "svc_reports" TO "dbadmin";');
    expect(sql.split("\n")[1]).toBe("\\set ON_ERROR_STOP on");
  });

  it("THEN the same users give the same SQL whatever their order (a stable task definition)", () => {
    expect(setupSql("app", "dbadmin", [user("api", "read-write"), user("reports", "read-only")])).toBe(sql);
  });
});

describe("GIVEN a password user with a schema and an extra role (PostgREST)", () => {
  const sql = setupSql("app", "dbadmin", [user("postgrest", { authentication: "password", schema: "api", roles: ["web_anon"] })]);
  const lines = linesFor(sql, "svc_postgrest");

  it("THEN its password comes from the task's environment through psql, never written in the SQL, and it does not hold rds_iam", () => {
    expect(lines).toContain('REVOKE rds_iam FROM "svc_postgrest";');
    expect(sql).toContain("\\getenv password PASSWORD_SVC_POSTGREST\nALTER ROLE \"svc_postgrest\" WITH PASSWORD :'password';\n\\unset password");
  });

  it("THEN its grants are on its schema, and the extra role exists (without login) before it is granted", () => {
    expect(lines).toContain('GRANT USAGE ON SCHEMA "api" TO "svc_postgrest";');
    expect(lines.some((line) => line.includes('SCHEMA "public" TO'))).toBe(false);
    const create = sql.indexOf("CREATE ROLE %I NOLOGIN', 'web_anon'");
    expect(create).toBeGreaterThan(0);
    expect(sql.indexOf('GRANT "web_anon" TO "svc_postgrest";')).toBeGreaterThan(create);
  });
});

describe("GIVEN the forms of uses.database", () => {
  it("THEN true is read-write by IAM on public, and the access strings fill the same defaults", () => {
    const readWrite = { access: "read-write", authentication: "iam", schema: "public", roles: [] };
    expect(databaseUseSchema.parse(true)).toEqual(readWrite);
    expect(databaseUseSchema.parse("read-write")).toEqual(readWrite);
    expect(databaseUseSchema.parse("read-only")).toEqual({ ...readWrite, access: "read-only" });
    expect(databaseUseSchema.parse(false)).toBe(false);
  });

  it.each([["an unknown access", "write-only"], ["a role of RDS's", { roles: ["rds_superuser"] }], ["a reserved role", { roles: ["pg_write_all_data"] }]])(
    "THEN %s is refused",
    (_, use) => {
      expect(databaseUseSchema.safeParse(use).success).toBe(false);
    },
  );
});

/** Every environment stack of the shipped configuration and of each example, synthesized once. */
const CONFIGURATIONS: ReadonlyArray<[string, { bootstrap: BootstrapInput; environments: readonly EnvironmentInput[] }]> = [
  ["shipped", { bootstrap, environments }],
  ["event-platform", eventPlatform],
  ["node-app", nodeApp],
  ["safety-heatmap", safetyHeatmap],
  ["teet", teet],
  ["ticket-booking", ticketBooking],
];
const STACKS: ReadonlyArray<[string, SynthesizedStack]> = CONFIGURATIONS.flatMap(([name, { bootstrap: bootstrapInput, environments: inputs }]) => {
  const platform = buildPlatform(() => Testing.app(), bootstrapInput, inputs);
  return [...platform.environments].map(([environment, stack]): [string, SynthesizedStack] => [`${name}/${environment}`, synthesized(stack)]);
});

function policyStatements(stack: SynthesizedStack, pathPart: string): Json[] {
  const documents = (stack.json.data?.aws_iam_policy_document ?? {}) as Record<string, Json>;
  return Object.entries(documents)
    .filter(([address]) => address.includes(pathPart))
    .flatMap(([, document]) => (document.statement as unknown as Json[]) ?? []);
}

describe.each(STACKS)("GIVEN the stack %s", (_, stack) => {
  const taskDefinitions = Object.entries((stack.json.resource?.aws_ecs_task_definition ?? {}) as Record<string, Json>);

  it("THEN no application container reads the master secret: only the database setup task does", () => {
    for (const [address, definition] of taskDefinitions) {
      if (address.startsWith("database_users_setup")) continue;
      expect(String(definition.container_definitions)).not.toContain("master_user_secret");
    }
    const services = policyStatements(stack, "service-");
    expect(JSON.stringify(services)).not.toContain("master_user_secret");
  });

  it("THEN every database encrypts its master secret with a customer key and accepts IAM authentication", () => {
    const databases = [
      ...Object.values((stack.json.resource?.aws_db_instance ?? {}) as Record<string, Json>).filter((instance) => !instance.replicate_source_db),
      ...Object.values((stack.json.resource?.aws_rds_cluster ?? {}) as Record<string, Json>),
    ];
    for (const database of databases) {
      expect(String(database.master_user_secret_kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
      expect(database.iam_database_authentication_enabled).toBe(true);
    }
  });

  it("THEN every rds-db:connect grant names exactly one database user", () => {
    const grants = policyStatements(stack, "").filter((statement) => (statement.actions as unknown as string[]).includes("rds-db:connect"));
    for (const grant of grants) {
      expect(grant.resources).toHaveLength(1);
      expect(String((grant.resources as unknown as string[])[0])).toMatch(/:dbuser:\$\{aws_(db_instance|rds_cluster)\.[^}]+\}\/svc_[a-z0-9_]+$/);
    }
  });

  it("THEN every task-role KMS statement holds only through its service (kms:ViaService), ECS Exec's only for Session Manager's data keys", () => {
    const statements = policyStatements(stack, "roles_task-policy-document");
    for (const statement of statements.filter((candidate) => (candidate.actions as unknown as string[]).some((action) => action.startsWith("kms:")))) {
      const variables = ((statement.condition as unknown as Json[]) ?? []).map((condition) => String(condition.variable));
      if (String(statement.sid) === "DecryptExecSessions") expect(variables).toEqual(["kms:EncryptionContext:aws:ssm:SessionId"]);
      else expect(variables).toEqual(expect.arrayContaining(["kms:ViaService", expect.stringMatching(/^kms:EncryptionContext:/)]));
    }
  });
});
