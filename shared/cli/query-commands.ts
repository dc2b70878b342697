import type { Definitions } from '../definitions/definitions.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { EventType } from '../events/event-type.js';
import { formatMetadata } from './format-metadata.js';
import { CliError } from './cli-error.js';
import { terminalStyle } from './terminal-style.js';

/** `stepster list`: jobs with their ops, tags and metadata. */
export function listCommand(definitions: Definitions, out: NodeJS.WriteStream = process.stdout): number {
  const s = terminalStyle(out);
  for (const job of definitions.jobs) {
    out.write(`${s.bold(job.name)}${job.description ? `  ${s.dim(job.description)}` : ''}\n`);
    out.write(`  ops: ${job.nodes.map((n) => n.name).join(', ')}\n`);
    if (Object.keys(job.tags).length > 0) out.write(`  tags: ${JSON.stringify(job.tags)}\n`);
    const md = formatMetadata(job.metadata);
    if (md) out.write(`  metadata: ${md}\n`);
  }
  return 0;
}

/** `stepster runs [--job name]`: newest runs first. */
export async function runsCommand(
  store: EventLogStore,
  options: { jobName?: string; limit?: number },
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const s = terminalStyle(out);
  const runs = await store.getRuns({
    ...(options.jobName ? { jobName: options.jobName } : {}),
    limit: options.limit ?? 20,
  });
  if (runs.length === 0) {
    out.write(
      `No runs yet${options.jobName ? ` for ${options.jobName}` : ''}. Start one with: npx stepster run <job>\n`,
    );
    return 0;
  }
  for (const run of runs) {
    const color = run.status === 'SUCCESS' ? s.green : run.status === 'FAILURE' ? s.red : s.yellow;
    const tags = Object.entries(run.tags ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    out.write(
      `${run.runId}  ${color(run.status.padEnd(8))} ${run.jobName.padEnd(28)} ${run.startTime}  ${s.dim(tags)}\n`,
    );
  }
  return 0;
}

/** `stepster events <runId> [--type T]`: the run's event log in order. */
export async function eventsCommand(
  store: EventLogStore,
  runId: string,
  options: { types?: readonly string[]; logsOnly?: boolean },
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const s = terminalStyle(out);
  const run = await store.getRun(runId);
  if (!run) throw new CliError(`no run with id ${runId}. List runs with: npx stepster runs`);
  const ofType = (options.logsOnly ? ['LOG_MESSAGE'] : (options.types ?? [])) as EventType[];
  let cursor: string | undefined;
  do {
    const page = await store.getRecordsForRun(runId, {
      limit: 500,
      ...(ofType.length > 0 ? { ofType } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const e of page.records) {
      const levelColor =
        e.level === 'ERROR' || e.level === 'CRITICAL' ? s.red : e.level === 'WARNING' ? s.yellow : (x: string) => x;
      const md = formatMetadata(e.data?.metadata);
      out.write(
        `${s.dim(e.timestamp)} ${levelColor(e.level.padEnd(8))} ${(e.stepKey ?? '-').padEnd(24)} ${s.bold(e.eventType.padEnd(24))} ${e.message}${md ? `  ${s.dim(md)}` : ''}\n`,
      );
    }
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return 0;
}
