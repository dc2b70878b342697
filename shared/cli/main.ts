#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { StepsterEnv } from '../environment/environment-variable.js';
import { DefinitionError } from '../errors/definition-error.js';
import { errorMessage } from '../errors/error-message.js';
import { LocalDynamoLockedError } from '../local-dynamo/local-dynamo-locked-error.js';
import { openLocalInstance } from '../local/local-instance.js';
import type { AbandonedRun } from '../local/recover-abandoned-runs.js';
import { DEFAULT_DEFINITIONS_FILE, loadDefinitions } from '../definitions/load-definitions.js';
import { DefinitionsLoadError } from '../definitions/definitions-load-error.js';
import { CliError } from './cli-error.js';
import { describeSchedules, formatSchedules } from '../schedules/schedules-report.js';
import { eventsCommand, listCommand, runsCommand } from './query-commands.js';
import { assetsCommand } from './assets-command.js';
import { backfillCommand } from './backfill-command.js';
import { BackfillError } from '../local/backfill-error.js';
import { PartitionKeyError } from '../definitions/partitions/partition-key-error.js';
import { backfillSelection, remoteBackfillCommand } from './remote-backfill-command.js';
import { selectedAssetJob } from './materialize-command.js';
import { launchCommand, type RemoteTarget, remoteEventsCommand, remoteRunsCommand } from './remote-commands.js';
import { remoteLogsCommand } from './remote-logs-command.js';
import { parseTags, readConfigFile, runCommand } from './run-command.js';
import type { EventType } from '../events/event-type.js';

// Local runs are supported on Node 20; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: stepster <command> [options]

Commands:
  run <job> [--config file.json] [--tag k=v]...   run a job locally through its state machine, then its sensors
      [--partition <key>]                         (the partition of a partitioned job)
  materialize <selection>... [--config] [--tag]   run the selected assets locally: keys, group:<name>, 'key+',
                                                  '+key', 'key*', '*key', '*' (quote * from the shell)
  backfill <job> --from K --to K | --partitions a,b [--max-concurrent N] [--config] [--tag]
                                                  one run per partition (locally; --remote: the deployed
                                                  backfill state machine)
  assets                                          list the assets: key, group, kinds, last materialization
  list                                            list the jobs
  schedules [--count n]                           list the schedules and their next ticks
  runs [--job name] [--remote]                    list recent runs, newest first
  events <runId> [--type T]... [--remote]         print a run's event log
  logs <runId> [--remote]                         print a run's log messages (--remote: CloudWatch Logs)
  launch <job> [--config file.json] [--tag k=v]   start a run of the deployed job (StartExecution)
      [--partition <key>]

Options:
  --definitions <file>   definitions module (default examples/definitions.ts, or $${StepsterEnv.DEFINITIONS})
  --remote               read the deployed stack's event table / logs (AWS credentials from the default chain)
  --stage <name>         deployed stage (default $${StepsterEnv.STAGE}, else dev)
  --region <region>      AWS region (default the SDK's resolution)
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      tag: { type: 'string', multiple: true },
      partition: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      partitions: { type: 'string' },
      'max-concurrent': { type: 'string' },
      job: { type: 'string' },
      type: { type: 'string', multiple: true },
      definitions: { type: 'string' },
      limit: { type: 'string' },
      count: { type: 'string' },
      remote: { type: 'boolean' },
      stage: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const commands = [
    'run',
    'materialize',
    'assets',
    'runs',
    'events',
    'logs',
    'list',
    'schedules',
    'launch',
    'backfill',
  ];
  if (!commands.includes(command)) {
    throw new CliError(`unknown command "${command}".\n\n${USAGE}`);
  }
  if (['run', 'events', 'logs', 'launch', 'backfill'].includes(command) && !arg) {
    throw new CliError(
      `"${command}" needs ${['run', 'launch', 'backfill'].includes(command) ? 'a job name' : 'a run id'}.\n\n${USAGE}`,
    );
  }
  const needsDefinitions =
    ['run', 'materialize', 'assets', 'list', 'schedules', 'launch', 'backfill'].includes(command) ||
    (command === 'logs' && values.remote);
  const definitionsFile = values.definitions ?? process.env[StepsterEnv.DEFINITIONS] ?? DEFAULT_DEFINITIONS_FILE;
  const howToChoose = `Pass --definitions <file> or set ${StepsterEnv.DEFINITIONS}`;
  const loaded = needsDefinitions
    ? { definitions: await loadDefinitions(definitionsFile, { howToChoose }) }
    : undefined;
  if (command === 'list' && loaded) return listCommand(loaded.definitions);
  // A selection that matches nothing fails here, before the local store opens.
  const assetJob =
    command === 'materialize' && loaded ? selectedAssetJob(loaded.definitions, positionals.slice(1)) : undefined;
  if (command === 'schedules' && loaded) {
    const count = values.count ? Number(values.count) : 3;
    process.stdout.write(formatSchedules(describeSchedules(loaded.definitions.schedules, { count })));
    return 0;
  }
  const target: RemoteTarget = {
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.region ? { region: values.region } : {}),
  };
  if (command === 'launch' && loaded) {
    loaded.definitions.getJob(arg!);
    const file = values.config ? readConfigFile(values.config) : {};
    const tags = { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(values.tag ?? []) };
    await launchCommand({
      jobName: arg!,
      input: {
        ...file,
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
        ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
      },
      target,
    });
    return 0;
  }
  if (values.remote) {
    if (command === 'backfill' && loaded) {
      const file = values.config ? readConfigFile(values.config) : {};
      await remoteBackfillCommand({
        job: loaded.definitions.getJob(arg!),
        selection: backfillSelection(values),
        ...(values['max-concurrent'] !== undefined ? { maxConcurrent: Number(values['max-concurrent']) } : {}),
        ...(file.runConfig ? { runConfig: file.runConfig } : {}),
        tags: { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(values.tag ?? []) },
        target,
      }).catch((error: unknown) => {
        throw error instanceof BackfillError || error instanceof PartitionKeyError
          ? new CliError(error.message)
          : error;
      });
      return 0;
    }
    if (command === 'runs') {
      return remoteRunsCommand({
        target,
        ...(values.job ? { jobName: values.job } : {}),
        ...(values.limit ? { limit: Number(values.limit) } : {}),
      });
    }
    if (command === 'events') {
      return remoteEventsCommand({ runId: arg!, target, types: (values.type ?? []) as EventType[] });
    }
    if (command === 'logs' && loaded)
      return remoteLogsCommand({ definitions: loaded.definitions, runId: arg!, target });
    throw new CliError(`"${command}" has no --remote form.`);
  }
  const instance = await openLocalInstance({
    // A run found abandoned fires the run-failure sensors, as the AWS sweep does; commands that
    // need no Definitions load them only then.
    definitions: async () => loaded?.definitions ?? (await loadDefinitions(definitionsFile, { howToChoose })),
    sensorLog: (record) =>
      process.stderr.write(`stepster: sensor ${record.sensorName} ${record.level} ${record.message}\n`),
    onFailover: (failover) =>
      process.stderr.write(
        `stepster: the local store's server at ${failover.from} went away; ` +
          `${failover.served ? `this process (pid ${process.pid}) now serves it` : 'now using'} at ${failover.to}\n`,
      ),
  });
  reportAbandonedRuns(instance.abandonedRuns);
  try {
    switch (command) {
      case 'run':
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          leaseRun: (runId, jobName) => instance.leaseRun(runId, jobName),
          jobName: arg!,
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
          ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
        });
      case 'materialize':
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          leaseRun: (runId, jobName) => instance.leaseRun(runId, jobName),
          jobName: assetJob!.name,
          job: assetJob!,
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
          ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
        });
      case 'backfill':
        return await backfillCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          jobName: arg!,
          ...(values.from !== undefined ? { from: values.from } : {}),
          ...(values.to !== undefined ? { to: values.to } : {}),
          ...(values.partitions !== undefined ? { partitions: values.partitions } : {}),
          ...(values['max-concurrent'] !== undefined ? { maxConcurrent: values['max-concurrent'] } : {}),
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
        });
      case 'assets':
        return await assetsCommand(loaded!.definitions, instance.store);
      case 'runs':
        return await runsCommand(instance.store, {
          ...(values.job ? { jobName: values.job } : {}),
          ...(values.limit ? { limit: Number(values.limit) } : {}),
        });
      case 'events':
        return await eventsCommand(instance.store, arg!, { types: values.type ?? [] });
      default:
        return await eventsCommand(instance.store, arg!, { logsOnly: true });
    }
  } finally {
    await instance.close();
  }
}

function reportAbandonedRuns(runs: readonly AbandonedRun[]): void {
  for (const run of runs) {
    process.stderr.write(
      `stepster: run ${run.runId} of ${run.jobName} was left STARTED: the process that ran it ` +
        `(pid ${run.process.pid} on host ${run.process.host}) exited without finishing it; recorded RUN_FAILURE` +
        `${run.sensorsNotFired ? ` (its sensors did not fire: ${run.sensorsNotFired})` : ''}\n`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof DefinitionError || error instanceof DefinitionsLoadError) {
      process.stderr.write(`stepster: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof LocalDynamoLockedError) {
      // Says which process holds the store and what to do; a stack would bury that.
      process.stderr.write(`stepster: ${error.message}\n`);
      process.exitCode = 1;
    } else if (
      error instanceof TypeError &&
      String((error as { code?: string }).code) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`stepster: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`stepster: ${(error instanceof Error ? error.stack : undefined) ?? errorMessage(error)}\n`);
      process.exitCode = 1;
    }
  },
);
