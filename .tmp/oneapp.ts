import { App } from "cdktf";
import { buildPlatform } from "/work/wt/newcomer/modules/platform/platform";
const dir = process.argv[2];
const { bootstrap, environments } = require(dir);
const p = buildPlatform(() => new App({ outdir: process.argv[3], stackTraces: false }), bootstrap, environments);
p.app.synth();
