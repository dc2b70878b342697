#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DefinitionError } from '../errors/index.js';
import { openLocalInstance } from '../local/local-instance.js';
import { CliError, loadDefinitions } from './load-definitions.js';
import { eventsCommand, listCommand, runsCommand } from './query-commands.js';
import { runCommand } from './run-command.js';

// Local runs are supported on Node 20; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: stepster <command> [options]

Commands:
  run <job> [--config file.json] [--tag k=v]...   run a job locally through its state machine
  list                                            list the jobs
  runs [--job name]                               list recent runs, newest first
  events <runId> [--type T]...                    print a run's event log
  logs <runId>                                    print a run's log messages

Options:
  --definitions <file>   definitions module (default examples/definitions.ts, or $STEPSTER_DEFINITIONS)
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      tag: { type: 'string', multiple: true },
      job: { type: 'string' },
      type: { type: 'string', multiple: true },
      definitions: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const needsDefinitions = command === 'run' || command === 'list';
  const loaded = needsDefinitions ? await loadDefinitions(values.definitions) : undefined;
  if (command === 'list' && loaded) return listCommand(loaded.definitions);
  if (!['run', 'runs', 'events', 'logs'].includes(command)) {
    throw new CliError(`unknown command "${command}".\n\n${USAGE}`);
  }
  if ((command === 'run' || command === 'events' || command === 'logs') && !arg) {
    throw new CliError(`"${command}" needs ${command === 'run' ? 'a job name' : 'a run id'}.\n\n${USAGE}`);
  }
  const instance = await openLocalInstance();
  try {
    switch (command) {
      case 'run':
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          jobName: arg!,
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
        });
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof DefinitionError) {
      process.stderr.write(`stepster: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof TypeError && String((error as { code?: string }).code) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`stepster: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`stepster: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
