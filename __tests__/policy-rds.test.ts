import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { TerraformStack } from "cdktf";
import { rdsDeletionProtection } from "../modules/guardrails/rules/rds/deletion-protection";
import { resultsOf, statusesOf } from "./support/policy";

function instance(stack: TerraformStack, id: string, settings: Partial<ConstructorParameters<typeof DbInstance>[2]> = {}): DbInstance {
  return new DbInstance(stack, id, { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, ...settings });
}

describe("PLAT-RDS-3 deletion protection", () => {
  it("GIVEN a protected database WHEN checked in production THEN it passes", () => {
    expect(statusesOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db", { deletionProtection: true }))).toEqual(["pass"]);
  });

  it("GIVEN an unprotected database WHEN checked in production THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db", { deletionProtection: false }));
    expect(result).toMatchObject({ status: "fail", path: "test/db", rule: "PLAT-RDS-3" });
    expect(result.reason).toBe(
      "deletion_protection is false; production databases must be deletion-protected (set database.deletionProtection: true, or suppress PLAT-RDS-3 with a reason)",
    );
  });

  it("GIVEN an unprotected database WHEN checked in staging THEN it is a warning, and in development not checked", () => {
    expect(statusesOf(rdsDeletionProtection, "staging", (stack) => instance(stack, "db"))).toEqual(["warn"]);
    expect(statusesOf(rdsDeletionProtection, "development", (stack) => instance(stack, "db"))).toEqual([]);
  });

  it("GIVEN a suppression with a reason WHEN checked THEN the result is suppressed with that reason", () => {
    const [result] = resultsOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db"), [
      { rule: "PLAT-RDS-3", path: "test/db", reason: "scratch copy, rebuilt nightly from backups" },
    ]);
    expect(result).toMatchObject({ status: "suppressed", reason: "scratch copy, rebuilt nightly from backups" });
  });
});
