import { SystemTag } from './run-tags.js';
import { OpExecutionContext } from './op-execution-context.js';
import type { OpLog } from './op-log.js';

/** Collects what an op logged when run directly in a test. */
export interface CapturedLog extends OpLog {
  readonly records: { level: string; message: string; extra?: Record<string, unknown> }[];
}

function captureLog(): CapturedLog {
  const records: CapturedLog['records'] = [];
  const at =
    (level: string) =>
    (message: string, extra?: Record<string, unknown>): void => {
      records.push({ level, message, ...(extra ? { extra } : {}) });
    };
  return {
    records,
    debug: at('DEBUG'),
    info: at('INFO'),
    warning: at('WARNING'),
    warn: at('WARNING'),
    error: at('ERROR'),
    critical: at('CRITICAL'),
  };
}

/**
 * Builds a context to invoke an op body directly in a unit test (Dagster's build_op_context).
 *
 * @example
 * const context = buildOpContext({ opConfig: { date: '2026-11-01' } });
 * const result = await runOp(fetchSales, context);
 */
export function buildOpContext<Config = Record<string, unknown>>(
  options: {
    opConfig?: Config;
    resources?: Record<string, unknown>;
    runId?: string;
    jobName?: string;
    opName?: string;
    tags?: Record<string, string>;
    retryNumber?: number;
    /** The run's partition (`context.partitionKey`). @default none */
    partitionKey?: string;
  } = {},
): OpExecutionContext<Config> & { log: CapturedLog } {
  const log = captureLog();
  const ctx = new OpExecutionContext<Config>({
    runId: options.runId ?? 'test-run',
    jobName: options.jobName ?? 'test_job',
    opName: options.opName ?? 'test_op',
    opConfig: (options.opConfig ?? {}) as Config,
    tags: {
      ...(options.tags ?? {}),
      ...(options.partitionKey !== undefined ? { [SystemTag.PARTITION]: options.partitionKey } : {}),
    },
    retryNumber: options.retryNumber ?? 0,
    resources: options.resources ?? {},
    log,
  });
  return ctx as OpExecutionContext<Config> & { log: CapturedLog };
}
