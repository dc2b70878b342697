import { maskSecrets } from '../errors/secret-mask.js';
import type { LogLevelName } from '../event-log/event-record.js';

/** One line a sensor logged. */
export interface SensorLogRecord {
  readonly level: LogLevelName;
  readonly message: string;
  readonly sensorName: string;
  readonly runId: string;
  readonly timestamp: string;
}

/** `context.log` of a sensor: Dagster's logger methods. */
export interface SensorLog {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  critical(message: string): void;
}

/**
 * A sensor's log. By default each record is one JSON line on stdout (stderr from ERROR up),
 * which in Lambda lands in the lifecycle function's CloudWatch log group.
 *
 * @default write one JSON line per record to the console
 * @example
 * const records: SensorLogRecord[] = [];
 * const log = createSensorLog('on_failure', runId, (r) => records.push(r));
 */
export function createSensorLog(
  sensorName: string,
  runId: string,
  write: (record: SensorLogRecord) => void = writeJsonLine,
): SensorLog {
  const emit = (level: LogLevelName) => (message: string) =>
    write({ level, message: maskSecrets(String(message)), sensorName, runId, timestamp: new Date().toISOString() });
  return {
    debug: emit('DEBUG'),
    info: emit('INFO'),
    warning: emit('WARNING'),
    error: emit('ERROR'),
    critical: emit('CRITICAL'),
  };
}

function writeJsonLine(record: SensorLogRecord): void {
  const line = `${JSON.stringify(record)}\n`;
  if (record.level === 'ERROR' || record.level === 'CRITICAL') process.stderr.write(line);
  else process.stdout.write(line);
}
