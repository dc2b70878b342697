import type { Definitions } from '../definitions/definitions.js';
import { PartitionKeyError } from '../definitions/partitions/partition-key-error.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { handleRunFinished } from '../lifecycle/run-finished.js';
import { BackfillError } from '../local/backfill-error.js';
import { backfill } from '../local/backfill.js';
import { CliError } from './cli-error.js';
import { backfillSelection } from './remote-backfill-command.js';
import { parseTags, readConfigFile } from './run-command.js';
import { terminalStyle } from './terminal-style.js';

/** Options of {@link backfillCommand}: what `stepster backfill <job>` was given. */
export interface BackfillCommandOptions {
  readonly definitions: Definitions;
  readonly store: EventLogStore;
  readonly jobName: string;
  readonly from?: string;
  readonly to?: string;
  /** `--partitions a,b,c` */
  readonly partitions?: string;
  /** `--max-concurrent N` @default 4 */
  readonly maxConcurrent?: string;
  readonly configPath?: string;
  readonly tags: readonly string[];
  readonly out?: NodeJS.WriteStream;
}

/**
 * `stepster backfill <job> --from K --to K [--max-concurrent N]`: one local run per partition,
 * a line per run as it ends (run-status sensors fire for each, as on AWS), then a summary.
 * Exits 0 only when every partition succeeded.
 */
export async function backfillCommand(options: BackfillCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const s = terminalStyle(out);
  const job = options.definitions.getJob(options.jobName);
  const maxConcurrent = options.maxConcurrent === undefined ? undefined : Number(options.maxConcurrent);
  const file = options.configPath ? readConfigFile(options.configPath) : {};
  const tags = { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(options.tags) };
  const started = Date.now();
  let result: Awaited<ReturnType<typeof backfill>>;
  try {
    result = await backfill(job, {
      ...backfillSelection(options),
      ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
      instance: options.store,
      definitions: options.definitions,
      ...(file.runConfig ? { runConfig: file.runConfig } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      onRunDone: async (run) => {
        const status = run.status === 'SUCCESS' ? s.green('SUCCESS') : s.red('FAILURE');
        out.write(`  ${status}  ${run.partitionKey.padEnd(20)} run ${run.runId}\n`);
        if (run.error) out.write(`           ${s.red(run.error)}\n`);
        await handleRunFinished({
          definitions: options.definitions,
          store: options.store,
          runId: run.runId,
          status: run.status,
          jobName: job.name,
        });
      },
    });
  } catch (error) {
    if (error instanceof BackfillError || error instanceof PartitionKeyError) {
      throw new CliError(`${error.message} (flags: --from K --to K, or --partitions a,b)`);
    }
    throw error;
  }
  const failed = result.runs.filter((r) => r.status === 'FAILURE');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out.write(
    `\n${failed.length === 0 ? s.green(s.bold('BACKFILL SUCCESS')) : s.red(s.bold('BACKFILL FAILURE'))}  backfill ${s.bold(result.backfillId)}  ` +
      `${result.runs.length - failed.length}/${result.runs.length} partitions succeeded in ${seconds}s\n`,
  );
  if (failed.length > 0) out.write(`${s.red(`failed: ${failed.map((r) => r.partitionKey).join(', ')}`)}\n`);
  out.write(s.dim(`See the runs: npx stepster runs --job ${job.name}\n`));
  return failed.length === 0 ? 0 : 1;
}
