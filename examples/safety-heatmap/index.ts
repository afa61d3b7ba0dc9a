import { EnvironmentInput } from "../../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";

export { bootstrap };
/** `npm run synth -- --config examples/safety-heatmap` (writes examples/safety-heatmap/cdktf.out), or `npm run synth:examples -- safety-heatmap` */
export const environments: readonly EnvironmentInput[] = [dev, prod];
