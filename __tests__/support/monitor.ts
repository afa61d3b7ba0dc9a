import { Construct } from "constructs";
import { AlarmSpec, DashboardTile, Monitor } from "../../modules/monitoring/alarm";

/** A Monitor for constructs tested on their own: it records what they register and creates nothing. */
export class RecordingMonitor implements Monitor {
  readonly alarms: AlarmSpec[] = [];
  readonly tiles: DashboardTile[] = [];
  readonly rules: { id: string; pattern: Readonly<Record<string, unknown>> }[] = [];

  alarm(_scope: Construct, spec: AlarmSpec): string {
    this.alarms.push(spec);
    return `test-${spec.resource}-${spec.signal}`;
  }

  tile(tile: DashboardTile): void {
    this.tiles.push(tile);
  }

  notifyOn(_scope: Construct, id: string, _description: string, pattern: Readonly<Record<string, unknown>>): void {
    this.rules.push({ id, pattern });
  }
}
