/** `npm run tier-table`: writes the tier table, generated from the capabilities' tier defaults, into README.md between its markers. */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { TIER_TABLE_MARKERS, withTierTable } from "../modules/platform/tier-table";

const path = join(__dirname, "..", "README.md");
const updated = withTierTable(readFileSync(path, "utf8"));
if (updated === undefined) {
  console.error(`README.md: no ${TIER_TABLE_MARKERS.start} ... ${TIER_TABLE_MARKERS.end} markers around the tier table`);
  process.exit(1);
}
writeFileSync(path, updated);
console.log("README.md: tier table written");
