import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeInProcess, job, op, RetryPolicy } from 'stepster';
import { DEFAULT_EVENT_TABLE_NAME } from '../../shared/event-log/table-schema.js';
import { EventLogError } from '../../shared/event-log/event-log-error.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';

// Issue 8, item 13: DynamoDB throttling that outlasts the SDK's own retries. The fault is
// injected at the outermost step of the real client (after it, the SDK would not retry),
// then requests pass through to dynalite.

let local: LocalDynamo;

/** Throttles the next `count` requests (of the named commands, or any) the client sends. */
const throttle = { left: 0, commands: undefined as ReadonlySet<string> | undefined, thrown: 0 };

function armThrottle(count: number, commands?: readonly string[]): void {
  throttle.left = count;
  throttle.commands = commands ? new Set(commands) : undefined;
  throttle.thrown = 0;
}

beforeAll(async () => {
  local = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, DEFAULT_EVENT_TABLE_NAME);
  local.client.middlewareStack.add(
    (next, context) => async (args) => {
      const matches = throttle.commands === undefined || throttle.commands.has(context.commandName ?? '');
      if (throttle.left > 0 && matches) {
        throttle.left--;
        throttle.thrown++;
        throw new ProvisionedThroughputExceededException({
          message: 'The level of configured provisioned throughput for the table was exceeded.',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'throttleAfterSdkRetries', priority: 'high' },
  );
});

afterAll(async () => {
  await local.close();
});

describe('storage throttling beyond the SDK retries', () => {
  it('does not fail an op with a retry policy: the commit is retried, the body runs once, its events are recorded once', async () => {
    // Prepare
    const store = new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME });
    let bodies = 0;
    const busy = op({ name: 'busy', retryPolicy: new RetryPolicy({ maxRetries: 2 }) }, async (context) => {
      bodies++;
      context.log.info('working');
      // The burst hits this attempt's commit, one BatchWriteItem, five times in a row.
      armThrottle(5, ['BatchWriteItemCommand']);
      return 42;
    });
    const throttled = job({ name: 'throttled_commit' }, () => {
      busy();
    });

    // Act
    const result = await executeInProcess(throttled, { instance: store, raiseOnError: false });

    // Assess
    expect(throttle.thrown).toBe(5);
    expect(result.success).toBe(true);
    expect(bodies).toBe(1);
    expect(result.outputFor('busy')).toBe(42);
    const types = result.eventsForNode('busy').map((event) => event.eventType);
    expect(types).toEqual(['STEP_START', 'LOG_MESSAGE', 'STEP_OUTPUT', 'HANDLED_OUTPUT', 'STEP_SUCCESS']);
  });

  it('counts a retried request once, and its extra tries apart', async () => {
    // Prepare
    const store = new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME });
    armThrottle(3);

    // Act
    const states = await store.getStepStates('run-throttled-read');

    // Assess
    expect(states).toEqual({});
    expect(store.requestCount).toBe(1);
    expect(store.throttledRetryCount).toBe(3);
  });

  it('gives up within its bounded wait with an error that names the throttling and the fix', async () => {
    // Prepare
    const store = new EventLogStore({
      client: local.client,
      tableName: DEFAULT_EVENT_TABLE_NAME,
      throttleRetry: { maxWaitMs: 400, baseDelayMs: 20, maxDelayMs: 100 },
    });
    armThrottle(Number.POSITIVE_INFINITY);
    const started = Date.now();

    // Act
    const read = store.getStepStates('run-throttled-forever');

    // Assess
    await expect(read).rejects.toThrow(EventLogError);
    await expect(read).rejects.toThrow(/kept refusing a request .*ProvisionedThroughputExceededException.*on-demand/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(store.requestCount).toBe(1);
    armThrottle(0);
  });
});
