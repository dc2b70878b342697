import { randomUUID } from 'node:crypto';
import type { Definitions } from '../definitions/definitions.js';
import { errorMessage } from '../errors/error-message.js';
import type { LocalInstance } from '../local/local-instance.js';
import type { UiLauncher } from '../ui/ui-launcher.js';
import { localLauncher, validateLaunch } from '../ui/ui-launcher.js';
import { UiListenError } from '../ui/ui-listen-error.js';
import { UiErrorStatus, UiRequestError } from '../ui/ui-request-error.js';
import { DEFAULT_UI_HOST, DEFAULT_UI_PORT, startUiServer } from '../ui/ui-server.js';
import { CliError } from './cli-error.js';
import { launchCommand, openRemoteStore, type RemoteTarget, remoteStage } from './remote-commands.js';

/** Options of {@link uiCommand}. */
export interface UiCommandOptions {
  readonly definitions: Definitions;
  /** The local store (kept open while serving), or the deployed stack's table. */
  readonly source: { readonly local: LocalInstance } | { readonly remote: RemoteTarget };
  /** `--port`, as typed. @default '3000' */
  readonly port?: string;
  /** `--host`. @default '127.0.0.1' */
  readonly host?: string;
  readonly out?: NodeJS.WritableStream;
  readonly err?: NodeJS.WritableStream;
  /**
   * Resolves when to stop serving; a second resolution is not expected, so runs still going
   * are waited for until `interrupted` resolves. @default the first SIGINT or SIGTERM
   */
  readonly stop?: Promise<void>;
  /** @default the next SIGINT or SIGTERM after `stop` */
  readonly interrupted?: () => Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `stepster ui [--port 3000] [--host 127.0.0.1] [--remote --stage s]`: serves the web app over
 * the local store (runs launched from the page run in this process) or over a deployed stack
 * (launch = StartExecution), prints its URL, and serves until Ctrl-C. On Ctrl-C it waits for
 * the runs it started, unless interrupted again.
 *
 * @example
 * await uiCommand({ definitions, source: { local }, port: '0' });
 */
export async function uiCommand(options: UiCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const port = parsePort(options.port);
  const host = options.host ?? DEFAULT_UI_HOST;
  const log = (line: string) => err.write(`${line}\n`);
  const local = 'local' in options.source ? options.source.local : undefined;
  const target = 'remote' in options.source ? options.source.remote : {};
  // A deployed stage has only its own jobs (and their schedules and sensors).
  const definitions = local ? options.definitions : options.definitions.forStage(remoteStage(target));
  const launcher =
    local !== undefined
      ? localLauncher({
          definitions,
          store: local.store,
          leaseRun: (runId, jobName) => local.leaseRun(runId, jobName),
          log,
        })
      : undefined;
  let server: Awaited<ReturnType<typeof startUiServer>>;
  try {
    server = await startUiServer({
      instance: local?.store ?? openRemoteStore(target),
      definitions,
      launcher: launcher ?? remoteLauncher(definitions, target, out),
      host,
      port,
      log,
    });
  } catch (error) {
    if (error instanceof UiListenError) throw listenError(error, host, port);
    throw error;
  }
  const what = local ? 'the local store' : `stage ${remoteStage(target)} (deployed)`;
  out.write(`stepster ui: ${server.url}\n`);
  out.write(`  serving ${what}; Ctrl-C to stop\n`);
  if (!LOOPBACK.has(host)) {
    log(
      `stepster ui: --host ${host} makes your runs readable from the network; only the page's token guards launching`,
    );
  }
  await (options.stop ?? nextSignal());
  await server.close();
  if (launcher !== undefined && launcher.running > 0) {
    log(`stepster ui: waiting for ${launcher.running} run(s) to finish; Ctrl-C again to stop now`);
    await Promise.race([launcher.settled(), (options.interrupted ?? nextSignal)()]);
  }
  return 0;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_UI_PORT;
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port ${value}: use a port number from 1 to 65535, or --port 0 for any free port`);
  }
  return port;
}

function listenError(error: UiListenError, host: string, port: number): CliError {
  if (error.code === 'EADDRINUSE') {
    return new CliError(
      `--port ${port}: ${error.message} (another stepster ui?); pass another --port, or --port 0 for any free port`,
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new CliError(`--host ${host}: ${error.message}; pass an address of this machine, e.g. --host 127.0.0.1`);
  }
  return new CliError(`--host ${host} --port ${port}: ${error.message}`);
}

function nextSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/**
 * Launch on a deployed stack: the input is checked against the job as run start will check
 * it (not its resources: the functions read their own environment), then StartExecution, as
 * `stepster launch` does. The run appears once its run-start function records it.
 */
function remoteLauncher(definitions: Definitions, target: RemoteTarget, out: NodeJS.WritableStream): UiLauncher {
  return {
    launch: async (jobName, request) => {
      const runId = randomUUID();
      const { input } = validateLaunch(definitions, jobName, request, { runId, resources: false });
      try {
        await launchCommand({ jobName, input, runId, target, out });
      } catch (error) {
        if (error instanceof CliError) throw new UiRequestError(UiErrorStatus.NOT_FOUND, error.message);
        throw new UiRequestError(UiErrorStatus.BAD_GATEWAY, `StartExecution failed: ${errorMessage(error)}`, {
          cause: error,
        });
      }
      return { runId };
    },
  };
}
