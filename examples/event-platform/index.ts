import { EnvironmentInput } from "../../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";

export { bootstrap };
/** `npm run synth -- --config examples/event-platform` (writes examples/event-platform/cdktf.out), or `npm run synth:examples -- event-platform` */
export const environments: readonly EnvironmentInput[] = [dev, prod];
