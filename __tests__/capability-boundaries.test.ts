import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

/**
 * #18's first "done when": the cache, the queues and the tables are named only in their own
 * folders and in the capability list. Source files of modules/, scripts/ and main.ts are read as
 * text, comments left out; docs, tests, examples and fixtures aside.
 */
const ROOT = join(__dirname, "..");
const LIST = "modules/platform/capabilities.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" || name === "node_modules" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

/** The code of a file without its comments (block comments and whole-line `//` comments). */
function code(file: string): string {
  return readFileSync(join(ROOT, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
}

const FILES = [...sourceFiles(join(ROOT, "modules")), ...sourceFiles(join(ROOT, "scripts")), "main.ts"];

const CAPABILITIES = [
  { folder: "cache", key: "cache" },
  { folder: "queue", key: "queues" },
  { folder: "table", key: "tables" },
] as const;

/**
 * Files that still name one of them, each with the reason; the list only shrinks. The policy rules
 * judge ElastiCache, SQS and DynamoDB resources and name the field to fix (the walk-through puts a
 * capability's rules there); fields.ts maps construct scopes to config sections for those messages.
 */
const KNOWN: Readonly<Record<string, string>> = {
  "modules/guardrails/fields.ts": "construct scope → config section for policy messages (the pack is not given the capability list)",
  "modules/guardrails/rules/data/elasticache-snapshot-retention.ts": "a rule's fix names cache.snapshotRetentionDays",
  "modules/guardrails/rules/data/elasticache-automatic-failover.ts": "a rule's fix names cache.replicasPerShard",
  "modules/guardrails/rules/storage/log-retention.ts": "the log group's retention field, by construct path",
  "modules/guardrails/rules/data/sqs-dead-letter-retention.ts": "a rule's fix names queues.<name>.deadLetterRetentionDays",
  "modules/guardrails/rules/data/dynamodb-deletion-protection.ts": "a rule's fix names tables.<name>.deletionProtection",
  "modules/guardrails/rules/data/dynamodb-point-in-time-recovery.ts": "a rule's fix names tables.<name>.pointInTimeRecovery",
};

/**
 * Code naming section `key`: a property read (`config.cache`, not a path's `/.cache` or ".cache"), a quoted
 * key or construct id ("cache", "cache/…"), a field path ("cache.replicasPerShard", "tables.<name>", not
 * the node type "cache.t4g.micro"), or an object key (`{ cache: … }`).
 */
function namingOf(key: string): RegExp {
  return new RegExp(`(?<![/\\w"'\`])\\.${key}\\b(?!\\s*\\()|["'\`/]${key}["'\`/]|["'\`]${key}\\.([a-z]+[A-Z]|<)|[{,]\\s*${key}\\s*:`);
}

describe("GIVEN the source files outside the cache, queue and table folders", () => {
  it.each(CAPABILITIES)("THEN only the capability list imports modules/$folder", ({ folder }) => {
    const importing = FILES.filter((file) => !file.startsWith(`modules/${folder}/`) && file !== LIST).filter((file) =>
      new RegExp(`from "(\\.\\./)+(modules/)?${folder}/`).test(code(file)),
    );
    expect(importing).toEqual([]);
  });

  it.each(CAPABILITIES)("THEN none names the section $key (config key, uses key or construct id), but the known ones", ({ folder, key }) => {
    const naming = namingOf(key);
    const named = FILES.filter((file) => !file.startsWith(`modules/${folder}/`) && file !== LIST && !(file in KNOWN)).filter((file) => naming.test(code(file)));
    expect(named).toEqual([]);
  });

  it("THEN every known exception still names one (else it leaves the list)", () => {
    expect(Object.keys(KNOWN).filter((file) => !CAPABILITIES.some(({ key }) => namingOf(key).test(code(file))))).toEqual([]);
  });
});
