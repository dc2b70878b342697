import type { Definitions } from '../definitions/definitions.js';
import { nodeOfStepKey } from '../definitions/mapped-step-key.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { RunStatus } from '../event-log/run-record.js';
import { eventDetailLines } from '../events/event-details.js';
import { EventType } from '../events/event-type.js';
import { indentLines } from '../metadata/metadata-text.js';
import { durationText } from './duration-text.js';
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

/** Options of {@link runsCommand}: the flags of `stepster runs`. */
export interface RunsCommandOptions {
  /** `--job name` */
  readonly jobName?: string;
  /** `--tag k=v`, repeatable: runs carrying all of them. @default any tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** `--status S`: runs in one of these statuses. @default any status */
  readonly statuses?: readonly RunStatus[];
  /** `--limit n` @default 20 */
  readonly limit?: number;
}

/**
 * `stepster runs [--job name] [--tag k=v]... [--status S] [--limit n]`: newest runs first, with
 * start and end times, duration (so far, for a run still going) and tags. The store filters
 * (`getRuns({ jobName, status, tags })`), so `--limit` counts matching runs.
 */
export async function runsCommand(
  store: EventLogStore,
  options: RunsCommandOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const s = terminalStyle(out);
  const tags = options.tags ?? {};
  const runs = await store.getRuns({
    ...(options.jobName ? { jobName: options.jobName } : {}),
    ...(options.statuses && options.statuses.length > 0 ? { status: options.statuses } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    limit: options.limit ?? 20,
  });
  if (runs.length === 0) {
    const filters = [
      ...(options.jobName ? [`--job ${options.jobName}`] : []),
      ...Object.entries(tags).map(([k, v]) => `--tag ${k}=${v}`),
      ...(options.statuses && options.statuses.length > 0 ? [`--status ${options.statuses.join(',')}`] : []),
    ];
    out.write(
      filters.length > 0
        ? `No runs match ${filters.join(' ')}.\n`
        : 'No runs yet. Start one with: npx stepster run <job>\n',
    );
    return 0;
  }
  const jobWidth = Math.max(3, ...runs.map((run) => run.jobName.length));
  // START and END, not STARTED: scripts grep this output for the STARTED status.
  out.write(
    `${s.dim(`${'RUN ID'.padEnd(runs[0]?.runId.length ?? 36)}  ${'STATUS'.padEnd(8)} ${'JOB'.padEnd(jobWidth)}  ${'START'.padEnd(24)} ${'END'.padEnd(24)} ${'DURATION'.padStart(8)}  TAGS`)}\n`,
  );
  const now = Date.now();
  for (const run of runs) {
    const color = run.status === 'SUCCESS' ? s.green : run.status === 'FAILURE' ? s.red : s.yellow;
    const runTags = Object.entries(run.tags ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    // A run still going shows how long it has run so far, marked with a trailing '+'.
    const end = run.endTime === undefined ? now : Date.parse(run.endTime);
    const duration = `${durationText(end - Date.parse(run.startTime))}${run.endTime === undefined ? '+' : ''}`;
    out.write(
      `${run.runId}  ${color(run.status.padEnd(8))} ${run.jobName.padEnd(jobWidth)}  ${run.startTime.padEnd(24)} ${(run.endTime ?? '-').padEnd(24)} ${duration.padStart(8)}  ${s.dim(runTags)}\n`,
    );
  }
  return 0;
}

/** Options of {@link eventsCommand}: the flags of `stepster events`. */
export interface EventsCommandOptions {
  /** `--type T`: only these event types. @default every type */
  readonly types?: readonly EventType[];
  /** `stepster logs`: only LOG_MESSAGE records. @default false */
  readonly logsOnly?: boolean;
  /**
   * `--full`: under each event, what its one line leaves out: metadata whole (markdown as text,
   * tables aligned, JSON pretty-printed) and errors with their stack and causes. @default false
   */
  readonly full?: boolean;
  /**
   * `--step KEY`, repeatable: only these steps' events. A mapped op's name (`process`, or
   * `process[*]`) takes every item's (`process[a]`, `process[b]`); `process[a]` takes one item's.
   * @default every step and the run's own events
   */
  readonly steps?: readonly string[];
}

/** `stepster events <runId> [--type T]... [--step KEY]... [--full]`: the run's event log in order. */
export async function eventsCommand(
  store: EventLogStore,
  runId: string,
  options: EventsCommandOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const s = terminalStyle(out);
  const run = await store.getRun(runId);
  if (!run) throw new CliError(`no run with id ${runId}. List runs with: npx stepster runs`);
  const ofType: readonly EventType[] = options.logsOnly ? [EventType.LOG_MESSAGE] : (options.types ?? []);
  let cursor: string | undefined;
  do {
    const page = await store.getRecordsForRun(runId, {
      limit: 500,
      ...(ofType.length > 0 ? { ofType } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const e of page.records) {
      if (!inSteps(e.stepKey, options.steps)) continue;
      const levelColor =
        e.level === 'ERROR' || e.level === 'CRITICAL' ? s.red : e.level === 'WARNING' ? s.yellow : (x: string) => x;
      // The full form prints the metadata below the line, so the line does not repeat it.
      const md = options.full ? '' : formatMetadata(e.data?.metadata);
      out.write(
        `${s.dim(e.timestamp)} ${levelColor(e.level.padEnd(8))} ${(e.stepKey ?? '-').padEnd(24)} ${s.bold(e.eventType.padEnd(24))} ${e.message}${md ? `  ${s.dim(md)}` : ''}\n`,
      );
      if (options.full) {
        for (const line of indentLines(eventDetailLines(e.eventType, e.data), FULL_DETAIL_INDENT)) {
          out.write(`${line}\n`);
        }
      }
    }
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return 0;
}

/** Whether `--step` keeps an event of `stepKey`: its own key, or its op's for an item of a fan-out. */
function inSteps(stepKey: string | undefined, steps: readonly string[] | undefined): boolean {
  if (steps === undefined || steps.length === 0) return true;
  if (stepKey === undefined) return false;
  return steps.some((step) => {
    const wanted = step.endsWith('[*]') ? step.slice(0, -3) : step;
    return stepKey === wanted || nodeOfStepKey(stepKey) === wanted;
  });
}

/** Details sit under the event's time column, clear of the next event's line. */
const FULL_DETAIL_INDENT = '    ';
