import { readFileSync } from "fs";
import { join } from "path";
import { TIER_DEFAULTS } from "../modules/platform/tiers";
import { tierTable, TIER_TABLE_MARKERS, withTierTable } from "../modules/platform/tier-table";

const README = readFileSync(join(__dirname, "..", "README.md"), "utf8");

describe("GIVEN the README's tier table", () => {
  it("THEN it is the one generated from the capabilities' tier defaults (run npm run tier-table when this fails)", () => {
    expect(README).toContain(TIER_TABLE_MARKERS.start);
    expect(withTierTable(README)).toBe(README);
  });

  it("THEN it has a row per default, with each tier's value", () => {
    const table = tierTable();
    expect(table).toContain(
      `| \`cache.replicasPerShard\` | ${TIER_DEFAULTS.development.cache.replicasPerShard} | ${TIER_DEFAULTS.staging.cache.replicasPerShard} | ${TIER_DEFAULTS.production.cache.replicasPerShard} |`,
    );
    expect(table).toContain("| `tables.*.deletionProtection` | false | false | true |");
    expect(table).toContain("| `forceDestroy` | true | false | false |");
  });

  it("WHEN a default changes THEN the committed table no longer matches", () => {
    const stale = README.replace("| `forceDestroy` | true | false | false |", "| `forceDestroy` | false | false | false |");
    expect(withTierTable(stale)).not.toBe(stale);
  });

  it("WHEN the markers are missing THEN nothing is generated", () => {
    expect(withTierTable(README.replace(TIER_TABLE_MARKERS.end, ""))).toBeUndefined();
  });
});
