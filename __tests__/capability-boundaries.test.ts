import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

/**
 * #18's first "done when": the cache, the queues and the tables are named only in their own
 * folders and in the capability list (their policy rules, which name their fields, are theirs too).
 * Source files of modules/, scripts/ and main.ts are read as
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

  it.each(CAPABILITIES)("THEN none names the section $key (config key, uses key, construct id or field path)", ({ folder, key }) => {
    const naming = namingOf(key);
    const named = FILES.filter((file) => !file.startsWith(`modules/${folder}/`) && file !== LIST).filter((file) => naming.test(code(file)));
    expect(named).toEqual([]);
  });
});
