/** The alarm and dashboard shapes live in core (every capability's placement carries a `Monitor`); re-exported for the monitoring module. */
export * from "../core/alarm";
