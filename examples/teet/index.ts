import { EnvironmentInput } from "../../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";

export { bootstrap };
/** `npm run synth -- --config examples/teet` (writes examples/teet/cdktf.out), or `npm run synth:examples -- teet` */
export const environments: readonly EnvironmentInput[] = [dev, prod];
