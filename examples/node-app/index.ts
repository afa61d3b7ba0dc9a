import { EnvironmentInput } from "../../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";

export { bootstrap };
/** `npm run synth -- --config examples/node-app` (writes examples/node-app/cdktf.out), or `npm run synth:examples -- node-app` */
export const environments: readonly EnvironmentInput[] = [dev, prod];
