import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../errors/error-message.js';

/** One dynalite server listening on 127.0.0.1. */
export interface DynaliteServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Stops listening, lets requests in flight finish, then closes LevelDB. */
  close(): Promise<void>;
}

/** Options of {@link startDynaliteServer}. */
export interface DynaliteServerOptions {
  /** LevelDB directory; in memory when absent. The caller holds the directory's lock. */
  readonly dir?: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** False: the server's handles do not keep the process alive (see `LocalDynamoOptions.keepProcessAlive`). */
  readonly keepProcessAlive: boolean;
}

/** How often a closing server drops keep-alive connections that went idle. */
const IDLE_SWEEP_MS = 20;

/**
 * Starts dynalite with tables ACTIVE at once (createTableMs 0).
 *
 * @example
 * const server = await startDynaliteServer({ port: 0, keepProcessAlive: true });
 * await server.close();
 */
export async function startDynaliteServer(options: DynaliteServerOptions): Promise<DynaliteServer> {
  // Loaded lazily: a Lambda bundle that reaches this module through `stepster` never
  // evaluates dynalite and its native LevelDB binding.
  const { default: dynalite } = await import('dynalite');
  const server: Server = dynalite({
    ...(options.dir !== undefined ? { path: options.dir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  if (!options.keepProcessAlive) {
    // The listening socket and each accepted connection are unref'd; the client's socket of a
    // request in flight stays ref'd, so the process still waits for every answer.
    server.unref();
    server.on('connection', (socket) => socket.unref());
  }
  try {
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', failed);
        listening();
      });
    });
  } catch (error) {
    throw new Error(
      `local DynamoDB could not listen on 127.0.0.1:${options.port} (${errorMessage(error)}): pass port 0 for a free port`,
      { cause: error },
    );
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((closed, failed) => {
        // Another process borrowing this server keeps keep-alive connections open; close() waits
        // for every connection to end, so each one is dropped as soon as its request is answered
        // (the borrower's next request is refused, and it fails over).
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        if (!options.keepProcessAlive) sweep.unref();
        server.close((error) => {
          clearInterval(sweep);
          if (error) failed(error);
          else closed();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
