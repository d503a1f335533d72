/** Device telemetry JSON lines: `{"id","deviceId","time","type","metrics":{…}}`, as an MQTT bridge would log them. */
import type { TelemetryData } from '../record.js';

/** One reading as a JSON line. */
export function telemetryLine(id: string, time: number, t: TelemetryData): string {
  return JSON.stringify({
    id,
    deviceId: t.deviceId,
    time: new Date(time).toISOString(),
    type: t.type,
    metrics: t.metrics,
  });
}
