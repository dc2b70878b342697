import { Writable } from 'node:stream';
import { CloudWatchLogsClient, PutLogEventsCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalInstance, type LocalInstance } from 'stepster';
import definitions from '../../examples/definitions.js';
import { remoteLogsCommand, runLogGroups } from '../../shared/cli/remote-logs-command.js';
import { type CloudwatchLogsDouble, startCloudwatchLogsDouble } from '../support/cloudwatch-logs-double.js';

// No local CloudWatch Logs exists: FilterLogEvents is answered by a protocol double on 127.0.0.1
// that speaks the CloudWatch Logs JSON 1.1 API. The event table is dynalite.
let cloudwatch: CloudwatchLogsDouble;
let instance: LocalInstance;
const opGroup = '/aws/lambda/stepster-prod-prod_logs-log_op';
beforeAll(async () => {
  cloudwatch = await startCloudwatchLogsDouble({ logGroups: [opGroup, '/stepster/prod_logs'] });
  instance = await openLocalInstance({ inMemory: true });
});
afterAll(async () => {
  await cloudwatch.close();
  await instance.close();
});

describe('stepster logs --remote', () => {
  it('lists the op function groups and the CloudWatch logger groups of the job in the stage', () => {
    expect(runLogGroups(definitions, 'prod', 'prod_logs')).toEqual([opGroup, '/stepster/prod_logs']);
  });

  it("merges the run's lines from every group in time order, and only that run's", async () => {
    // Prepare
    const runId = 'run-remote-1';
    await instance.store.startRun(
      {
        runId,
        jobName: 'prod_logs',
        status: 'STARTED',
        tags: {},
        startTime: new Date(Date.now() - 1000).toISOString(),
      },
      [],
    );
    const client = new CloudWatchLogsClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const now = Date.now();
    const put = async (group: string, events: { timestamp: number; message: string }[]) => {
      await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
      await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents: events }));
    };
    await put(opGroup, [
      { timestamp: now, message: `{"level":"INFO","runId":"${runId}","message":"first"}` },
      { timestamp: now + 2, message: '{"level":"INFO","runId":"another-run","message":"not mine"}' },
    ]);
    await put('/stepster/prod_logs', [
      { timestamp: now + 1, message: `{"level":"WARNING","runId":"${runId}","message":"second"}` },
    ]);
    const lines: string[] = [];
    const out = new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    }) as unknown as NodeJS.WriteStream;

    // Act
    const code = await remoteLogsCommand({
      definitions,
      runId,
      target: { stage: 'prod' },
      logs: client,
      store: instance.store,
      out,
    });

    // Assess
    expect(code).toBe(0);
    const text = lines.join('');
    expect(text.indexOf('first')).toBeGreaterThan(-1);
    expect(text.indexOf('second')).toBeGreaterThan(text.indexOf('first'));
    expect(text).not.toContain('not mine');
    expect(cloudwatch.callsOf('FilterLogEvents').map((c) => c.body.filterPattern)).toContain(`"${runId}"`);
  });
});
