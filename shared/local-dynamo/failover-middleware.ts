import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isConnectionFailure } from './connection-failure.js';

/** How a client's requests find the local store's server. */
export interface FailoverTarget {
  /** The endpoint requests go to now. */
  current(): string;
  /**
   * Moves to a working endpoint after `failed` stopped answering; resolves true when the request
   * should be sent again, false when it should fail with its error.
   */
  reattach(failed: string): Promise<boolean>;
}

/** One server change per request is expected; more means the store keeps going away. */
const MAX_FAILOVERS_PER_REQUEST = 3;

/**
 * Adds a middleware that, when a request fails because the local store's server is gone (after
 * the SDK's own retries), reattaches and sends the request again. Resending is as safe as the
 * SDK's own retry of a reset connection: a refused connection never reached a server, and every
 * stepster write is conditional or keyed, so a repeat is harmless.
 *
 * @example
 * withFailover(client, { current: () => endpoint, reattach: async () => { endpoint = await findServer(); return true; } });
 */
export function withFailover(client: DynamoDBClient, target: FailoverTarget): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      for (let failovers = 0; ; failovers++) {
        // Read before sending: the client resolves the same endpoint for this send.
        const used = target.current();
        try {
          return await next(args);
        } catch (error) {
          if (!isConnectionFailure(error) || failovers >= MAX_FAILOVERS_PER_REQUEST) throw error;
          if (!(await target.reattach(used))) throw error;
        }
      }
    },
    { step: 'initialize', name: 'stepsterLocalStoreFailover', priority: 'high' },
  );
}
