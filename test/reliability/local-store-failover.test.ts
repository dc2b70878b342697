import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import {
  type LocalDynamo,
  type LocalDynamoFailover,
  startLocalDynamo,
} from '../../shared/local-dynamo/start-local-dynamo.js';

const TABLE = 'stepster-events';
const opened: LocalDynamo[] = [];

afterEach(async () => {
  for (const dynamo of opened.splice(0)) await dynamo.close();
});

function run(runId: string) {
  return { runId, jobName: 'failover_job', status: 'STARTED' as const, tags: {}, startTime: new Date().toISOString() };
}

// Real dynalite on one directory, opened three times as three processes open it (the lock
// tells opens of one process apart); the fault is the serving one closing mid-use.
describe('local store fail-over', () => {
  it('two borrowers survive the server closing: one serves the directory, the other borrows it, nothing is lost', async () => {
    // Prepare
    const dir = join(mkdtempSync(join(tmpdir(), 'stepster-failover-')), 'dynamodb');
    const server = await startLocalDynamo({ dir });
    await ensureTable(server.client, TABLE);
    const failovers: LocalDynamoFailover[] = [];
    const first = await startLocalDynamo({ dir, ifLocked: 'connect', onFailover: (f) => failovers.push(f) });
    const second = await startLocalDynamo({ dir, ifLocked: 'connect', onFailover: (f) => failovers.push(f) });
    opened.push(first, second);
    const firstStore = new EventLogStore({ client: first.client, tableName: TABLE });
    const secondStore = new EventLogStore({ client: second.client, tableName: TABLE });
    await firstStore.startRun(run('before-close'), []);
    const oldEndpoint = server.endpoint;

    // Act
    await server.close();
    await Promise.all([firstStore.startRun(run('after-close-1'), []), secondStore.startRun(run('after-close-2'), [])]);
    const seen = await Promise.all(
      ['before-close', 'after-close-1', 'after-close-2'].map((runId) => secondStore.getRun(runId)),
    );

    // Assess
    expect([first.shared, second.shared].sort()).toEqual([false, true]);
    expect(first.endpoint).toBe(second.endpoint);
    expect(first.endpoint).not.toBe(oldEndpoint);
    expect(failovers.map((f) => f.from)).toEqual([oldEndpoint, oldEndpoint]);
    expect(failovers.filter((f) => f.served)).toHaveLength(1);
    expect(seen.map((stored) => stored?.runId)).toEqual(['before-close', 'after-close-1', 'after-close-2']);
  });

  it('keeps the data a failed-over server wrote once the directory is reopened', async () => {
    // Prepare
    const dir = join(mkdtempSync(join(tmpdir(), 'stepster-failover-')), 'dynamodb');
    const server = await startLocalDynamo({ dir });
    await ensureTable(server.client, TABLE);
    const borrower = await startLocalDynamo({ dir, ifLocked: 'connect' });
    await server.close();
    await new EventLogStore({ client: borrower.client, tableName: TABLE }).startRun(run('written-after'), []);
    await borrower.close();

    // Act
    const reopened = await startLocalDynamo({ dir });
    opened.push(reopened);
    const stored = await new EventLogStore({ client: reopened.client, tableName: TABLE }).getRun('written-after');

    // Assess
    expect(reopened.shared).toBe(false);
    expect(stored?.runId).toBe('written-after');
  });
});
