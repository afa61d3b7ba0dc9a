import { minimalEnvironment, MINIMAL_DATABASE, onlyResource, resourceAt, resourcesOf, synthEnvironment, validationMessage } from "./support/synth";

const withReplication = (crossRegionBackup: object, database: object = {}) =>
  minimalEnvironment({ database: { ...MINIMAL_DATABASE, ...database, crossRegionBackup } as never });

describe("GIVEN a database whose backups are replicated to eu-central-1", () => {
  const stack = synthEnvironment(withReplication({ region: "eu-central-1", retentionInDays: 14 }));

  it("THEN RDS copies the instance's automated backups there, kept 14 days", () => {
    const instance = resourceAt(stack, "aws_db_instance", "database/instance");
    expect(onlyResource(stack, "aws_db_instance_automated_backups_replication")).toMatchObject({
      region: "eu-central-1",
      source_db_instance_arn: instance.ref("arn"),
      retention_period: 14,
    });
  });

  it("THEN the copies are encrypted with a rotated customer key of that region (a key works in its own region only)", () => {
    const key = resourceAt(stack, "aws_kms_key", "database/backup-replication/key/key");
    expect(key.resource).toMatchObject({ region: "eu-central-1", enable_key_rotation: true });
    expect(onlyResource(stack, "aws_db_instance_automated_backups_replication").kms_key_id).toBe(key.ref("arn"));
  });
});

describe("GIVEN a database without crossRegionBackup (the default)", () => {
  it("THEN nothing is replicated", () => {
    expect(resourcesOf(synthEnvironment(minimalEnvironment({ database: MINIMAL_DATABASE })), "aws_db_instance_automated_backups_replication")).toEqual({});
  });
});

describe("GIVEN crossRegionBackup settings that cannot work", () => {
  it("WHEN the target is the environment's own region THEN it is refused", () => {
    expect(validationMessage(withReplication({ region: "eu-west-1" }))).toContain(
      `database.crossRegionBackup.region is "eu-west-1"; expected a region other than the environment's (eu-west-1)`,
    );
  });

  it("WHEN automated backups are off THEN it is refused: only they are replicated", () => {
    expect(validationMessage(withReplication({ region: "eu-central-1" }, { backupRetentionPeriod: 0 }))).toContain(
      "database.backupRetentionPeriod is 0; expected at least 1 day with crossRegionBackup",
    );
  });

  it("WHEN the region is misspelt THEN it is refused as a region", () => {
    expect(validationMessage(withReplication({ region: "eu-centrall-1" }))).toContain('database.crossRegionBackup.region is "eu-centrall-1"');
  });
});
