import { PolicyRule } from "../../../core/policy-rule";
import { alarmActions } from "./alarm-actions";

/** Rules for what watches the environment: alarms. */
export const MONITORING_RULES: readonly PolicyRule[] = [alarmActions];
