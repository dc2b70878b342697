import { type SecretsManagerDouble, startSecretsManagerDouble } from '../support/secrets-manager-double.js';
import { openTaskHarness, type TaskHarness } from '../tasks/support/task-harness.js';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssetMaterialization,
  executeInProcess,
  Failure,
  job,
  makeColoredConsoleLogger,
  makeJsonConsoleLogger,
  op,
  RunFailedError,
  secret,
} from 'stepster';
import { createJobLambdaHandlers } from '../../shared/aws/job-lambda-handlers.js';
import type { Definitions } from '../../shared/definitions/definitions.js';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../shared/event-log/table-schema.js';
import { toLambdaError } from '../../shared/local/lambda-boundary.js';
import { createSensorLog, type SensorLogRecord } from '../../shared/sensors/sensor-log.js';

// Issue 8, item 8: a value fetched through secret(...) is written nowhere; `***` stands in its
// place in the event table (dynalite), the console loggers' output, RunFailedError and the Cause
// that crosses the Lambda boundary. Secrets Manager has no local implementation, so the secrets
// are served by a double on 127.0.0.1 speaking its protocol, read with the real SDK client.

const PASSWORD = 'hunter2-Pa55word';
const TOKEN = 'tok-9f8e7d6c5b4a';
const SECRETS: Record<string, string> = {
  'prod/db': JSON.stringify({ user: 'app', password: PASSWORD }),
  'prod/token': TOKEN,
};

let secretsManager: SecretsManagerDouble;
let harness: TaskHarness;
let store: EventLogStore;

beforeAll(async () => {
  secretsManager = await startSecretsManagerDouble(SECRETS);
  harness = await openTaskHarness();
  store = harness.store;
});

afterAll(async () => {
  await harness.close();
  await secretsManager.close();
});

/** Every item of the event table as JSON: events, step states, run records, whatever was written. */
async function tableText(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.client.send(
      new ScanCommand({ TableName: DEFAULT_EVENT_TABLE_NAME, ...(start ? { ExclusiveStartKey: start as never } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

describe('a fetched secret value', () => {
  it('is masked as *** in the event log, the console loggers and RunFailedError', async () => {
    // Prepare
    const colored: string[] = [];
    const json: string[] = [];
    const resources = { dbPassword: secret('prod/db', { jsonField: 'password' }), apiToken: secret('prod/token') };
    const throwing = op({ name: 'throwing', requiredResourceKeys: ['dbPassword'] }, async (context) => {
      const password = await (context.resources.dbPassword as typeof resources.dbPassword).value();
      context.log.error(`login failed with ${password}`, { password });
      context.logEvent(
        new AssetMaterialization({ assetKey: 'accounts', metadata: { dsn: `postgres://app:${password}@db` } }),
      );
      throw new Error(`bad password ${password}`);
    });
    const failing = op({ name: 'failing', requiredResourceKeys: ['apiToken'] }, async (context) => {
      const token = await (context.resources.apiToken as typeof resources.apiToken).value();
      throw new Failure(
        { description: `token ${token} rejected`, metadata: { tried: token } },
        { cause: new Error(`bad token ${token}`) },
      );
    });
    const leaky = job(
      {
        name: 'leaky_secrets',
        loggerDefs: {
          colored: makeColoredConsoleLogger({ stream: { write: (line) => colored.push(line) }, env: {} }),
          json: makeJsonConsoleLogger({ stream: { write: (line) => json.push(line) }, env: {} }),
        },
      },
      () => {
        throwing();
        failing();
      },
    );

    // Act
    const thrown = await executeInProcess(leaky, { instance: store, resources }).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(thrown).toBeInstanceOf(RunFailedError);
    const runFailed = thrown as RunFailedError;
    const events = JSON.stringify(runFailed.result.events);
    const written = [
      events,
      await tableText(),
      colored.join(''),
      json.join(''),
      runFailed.message,
      JSON.stringify(runFailed.cause),
    ];
    for (const text of written) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
    expect(events).toContain('bad password ***');
    expect(events).toContain('login failed with ***');
    expect(events).toContain('postgres://app:***@db');
    expect(events).toContain('token *** rejected');
    expect(events).toContain('bad token ***');
    expect(colored.join('')).toContain('login failed with *** {"password":"***"}');
    expect(json.join('')).toContain('"message":"login failed with ***"');
    expect(runFailed.message).toContain('***');
  });

  it('is masked in the Cause of an error crossing the Lambda boundary', async () => {
    // Prepare
    const token = await secret('prod/token').value();
    const error = new Error(`bad token ${token}`, { cause: new Error(`cause holds ${token}`) });

    // Act
    const crossed = toLambdaError(error);

    // Assess
    const cause = JSON.parse(crossed.message) as { errorMessage: string; trace: string[] };
    expect(crossed.message).not.toContain(TOKEN);
    expect(cause.errorMessage).toBe('bad token ***');
    expect(cause.trace[0]).toBe('Error: bad token ***');
  });

  it('is masked in what the AWS handlers throw, message, stack and cause', async () => {
    // Prepare
    const password = await secret('prod/db', { jsonField: 'password' }).value();
    const handlers = createJobLambdaHandlers({
      definitions: async (): Promise<Definitions> => {
        throw new Error(`cannot connect with ${password}`);
      },
      env: { [StepsterEnv.JOB]: 'some_job', [StepsterEnv.NODE]: 'some_op' },
      store,
      tokens: { sendTaskSuccess: async () => undefined },
    });

    // Act
    const thrown = await handlers.runStart({ runConfig: {} } as never).then(
      () => undefined,
      (error: unknown) => error as Error,
    );

    // Assess
    // What Lambda's Node.js runtime reports for a thrown error, and the chain of causes it may print.
    const report = { errorType: thrown?.name, errorMessage: thrown?.message, trace: thrown?.stack?.split('\n') };
    const causes: string[] = [];
    for (let cause: unknown = thrown?.cause; cause instanceof Error; cause = cause.cause) {
      causes.push(`${cause.message}\n${cause.stack}`);
    }
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
    expect(causes.join('\n')).not.toContain(PASSWORD);
    expect(thrown?.message).toContain('cannot connect with ***');
  });

  it('is masked in what a sensor logs', async () => {
    // Prepare
    const token = await secret('prod/token').value();
    const records: SensorLogRecord[] = [];
    const log = createSensorLog('on_failure', 'run-1', (record) => records.push(record));

    // Act
    log.error(`paging with ${token} failed`);

    // Assess
    expect(records.map((record) => record.message)).toEqual(['paging with *** failed']);
  });
});
