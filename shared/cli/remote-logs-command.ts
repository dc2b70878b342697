import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { functionName } from '../compiler/task-target.js';
import type { Definitions } from '../definitions/definitions.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { cloudwatchLoggerTargets } from '../loggers/cloudwatch-logger-targets.js';
import { CliError } from './cli-error.js';
import { openRemoteStore, type RemoteTarget, remoteStage } from './remote-commands.js';
import { terminalStyle } from './terminal-style.js';

/** The CloudWatch log groups that can hold a run's logs: its op functions' groups and its CloudWatch loggers' groups. */
export function runLogGroups(definitions: Definitions, stage: string, jobName: string): string[] {
  const staged = definitions.forStage(stage);
  const job = staged.getJob(jobName);
  const prefix = `stepster-${stage}`;
  const functionGroups = job.nodes.map(
    (n) => `/aws/lambda/${functionName(prefix, job.name, { kind: 'op', node: n.name })}`,
  );
  const loggerGroups = cloudwatchLoggerTargets(staged.loggersFor(job) ?? {})
    .map((t) => t.logGroupName)
    .filter((g): g is string => typeof g === 'string');
  return [...new Set([...functionGroups, ...loggerGroups])];
}

/**
 * `stepster logs <runId> --remote`: FilterLogEvents on the run id across the run's log
 * groups, merged in time order. Credentials come from the SDK's default chain.
 */
export async function remoteLogsCommand(options: {
  definitions: Definitions;
  runId: string;
  target?: RemoteTarget;
  logs?: CloudWatchLogsClient;
  store?: EventLogStore;
  out?: NodeJS.WriteStream;
}): Promise<number> {
  const out = options.out ?? process.stdout;
  const s = terminalStyle(out);
  const stage = remoteStage(options.target);
  const store = options.store ?? openRemoteStore(options.target);
  const run = await store.getRun(options.runId);
  if (!run)
    throw new CliError(
      `no run ${options.runId} in the ${stage} event table. List runs with: npx stepster runs --remote`,
    );
  const client =
    options.logs ?? new CloudWatchLogsClient(options.target?.region ? { region: options.target.region } : {});
  const groups = runLogGroups(options.definitions, stage, run.jobName);
  const events: (FilteredLogEvent & { group: string })[] = [];
  await Promise.all(
    groups.map(async (group) => {
      let nextToken: string | undefined;
      do {
        try {
          const page = await client.send(
            new FilterLogEventsCommand({
              logGroupName: group,
              // A quoted term matches the run id in JSON and plain-text lines alike.
              filterPattern: `"${options.runId}"`,
              startTime: Date.parse(run.startTime) - 60_000,
              ...(nextToken ? { nextToken } : {}),
            }),
          );
          for (const e of page.events ?? []) events.push({ ...e, group });
          nextToken = page.nextToken;
        } catch (error) {
          if ((error as { name?: string }).name === 'ResourceNotFoundException') return;
          throw error;
        }
      } while (nextToken);
    }),
  );
  events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  if (events.length === 0) out.write(`No log lines for run ${options.runId} in ${groups.length} log groups.\n`);
  for (const e of events) {
    out.write(`${s.dim(new Date(e.timestamp ?? 0).toISOString())} ${s.dim(e.group)} ${(e.message ?? '').trimEnd()}\n`);
  }
  return 0;
}
