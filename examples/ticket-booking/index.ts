import { EnvironmentInput } from "../../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";

export { bootstrap };
/** `npm run synth -- --config examples/ticket-booking` (writes examples/ticket-booking/cdktf.out), or `npm run synth:examples -- ticket-booking` */
export const environments: readonly EnvironmentInput[] = [dev, prod];
