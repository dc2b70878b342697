import { openTaskHarness, type TaskHarness } from '../tasks/support/task-harness.js';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssetMaterialization,
  type EventRecord,
  executeInProcess,
  Failure,
  job,
  logger,
  MetadataValue,
  op,
  RetryPolicy,
} from 'stepster';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import { createJobLambdaHandlers } from '../../shared/aws/job-lambda-handlers.js';
import type { Definitions } from '../../shared/definitions/definitions.js';
import { STEP_FUNCTIONS_CAUSE_MAX_LENGTH } from '../../shared/errors/lambda-error-report.js';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { toLambdaError } from '../../shared/local/lambda-boundary.js';

// Issue 8, item 10: texts of any size cross the event table (dynalite) and the Lambda boundary
// shortened, head first, with a marker; never replaced by a storage error.

const MEGABYTE = 1_000_000;
const MARKER = /… \[truncated [\d,]+ characters\]$/;

let harness: TaskHarness;
let store: EventLogStore;

beforeAll(async () => {
  harness = await openTaskHarness();
  store = harness.store;
});

afterAll(async () => {
  await harness.close();
});

/** Text that gzip cannot shrink below the item limit (1 MB of base64 from random bytes). */
function incompressibleText(): string {
  return randomBytes((MEGABYTE * 3) / 4).toString('base64');
}

/** Loggers that drop records: the event log still gets them, the test output does not get 1 MB lines. */
const quiet = { quiet: logger({}, () => ({ log: () => undefined })) };

function failureOf(events: readonly EventRecord[]): EventRecord {
  const failure = events.find((event) => event.eventType === 'STEP_FAILURE');
  if (!failure) throw new Error(`no STEP_FAILURE among ${events.map((event) => event.eventType).join(', ')}`);
  return failure;
}

describe('a huge error, log line or metadata value', () => {
  it('is recorded in STEP_FAILURE with the head of the thrown message and a marker, not replaced by a storage error', async () => {
    // Prepare
    const message = 'x'.repeat(MEGABYTE);
    const thrower = op({ name: 'thrower' }, async () => {
      throw new Error(message);
    });
    const failing = job({ name: 'huge_error', loggerDefs: quiet }, () => {
      thrower();
    });

    // Act
    const result = await executeInProcess(failing, { instance: store, raiseOnError: false });

    // Assess
    const failure = failureOf(result.eventsForNode('thrower'));
    const error = failure.data?.error as { name: string; message: string; stack: string };
    expect(error.name).toBe('Error');
    expect(error.message.startsWith('x'.repeat(10_000))).toBe(true);
    expect(error.message).toMatch(MARKER);
    expect(error.stack.startsWith(`Error: ${'x'.repeat(10_000)}`)).toBe(true);
    expect(failure.message.startsWith(`Execution of step "thrower" failed: Error: ${'x'.repeat(1000)}`)).toBe(true);
    expect(failure.message).toMatch(MARKER);
    expect(JSON.stringify(result.events)).not.toContain('EventLogError');
    expect(result.events.at(-1)?.eventType).toBe('RUN_FAILURE');
  });

  it('keeps the retry path: STEP_UP_FOR_RETRY and the final "Exceeded max_retries" carry the shortened error', async () => {
    // Prepare
    const message = incompressibleText();
    const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 1 }) }, async () => {
      throw new Error(message);
    });
    const retrying = job({ name: 'huge_error_retried', loggerDefs: quiet }, () => {
      flaky();
    });

    // Act
    const result = await executeInProcess(retrying, { instance: store, raiseOnError: false });

    // Assess
    const events = result.eventsForNode('flaky');
    const retry = events.find((event) => event.eventType === 'STEP_UP_FOR_RETRY');
    const retryError = retry?.data?.error as { message: string };
    expect(retryError.message.startsWith(message.slice(0, 10_000))).toBe(true);
    expect(retryError.message).toMatch(MARKER);
    const failure = failureOf(events);
    expect(failure.message).toBe('Execution of step "flaky" failed: Exceeded max_retries of 1.');
    const cause = (failure.data?.error as { cause?: { message: string } } | undefined)?.cause;
    expect(cause?.message.startsWith(message.slice(0, 10_000))).toBe(true);
    expect(cause?.message).toMatch(MARKER);
  });

  it('keeps a 1 MB log line as a LOG_MESSAGE event with its head and a marker, and the op succeeds', async () => {
    // Prepare
    const line = incompressibleText();
    const chatty = op({ name: 'chatty' }, async (context) => {
      context.log.info(line);
      return 1;
    });
    const logging = job({ name: 'huge_log_line', loggerDefs: quiet }, () => {
      chatty();
    });

    // Act
    const result = await executeInProcess(logging, { instance: store });

    // Assess
    const logged = result.eventsForNode('chatty').find((event) => event.eventType === 'LOG_MESSAGE');
    expect(logged?.message.startsWith(line.slice(0, 10_000))).toBe(true);
    expect(logged?.message).toMatch(MARKER);
    expect(result.outputFor('chatty')).toBe(1);
  });

  it('keeps a 1 MB Failure metadata value with its head and a marker, and the description whole', async () => {
    // Prepare
    const dump = incompressibleText();
    const picky = op({ name: 'picky' }, async () => {
      throw new Failure({ description: 'rows failed validation', metadata: { dump: MetadataValue.text(dump) } });
    });
    const failing = job({ name: 'huge_failure_metadata', loggerDefs: quiet }, () => {
      picky();
    });

    // Act
    const result = await executeInProcess(failing, { instance: store, raiseOnError: false });

    // Assess
    const failure = failureOf(result.eventsForNode('picky'));
    const userFailure = failure.data?.userFailure as {
      description: string;
      metadata: { dump: { type: string; value: string } };
    };
    expect(userFailure.description).toBe('rows failed validation');
    expect(userFailure.metadata.dump.type).toBe('text');
    expect(userFailure.metadata.dump.value.startsWith(dump.slice(0, 10_000))).toBe(true);
    expect(userFailure.metadata.dump.value).toMatch(MARKER);
  });

  it('keeps a 1 MB materialization metadata value with its head and a marker', async () => {
    // Prepare
    const report = incompressibleText();
    const materializing = op({ name: 'materializing' }, async (context) => {
      context.logEvent(new AssetMaterialization({ assetKey: 'sales', metadata: { report } }));
      return 1;
    });
    const assets = job({ name: 'huge_event_metadata', loggerDefs: quiet }, () => {
      materializing();
    });

    // Act
    const result = await executeInProcess(assets, { instance: store });

    // Assess
    const materialization = result.events.find((event) => event.eventType === 'ASSET_MATERIALIZATION');
    const metadata = materialization?.data?.metadata as { report: { value: string } } | undefined;
    const value = metadata?.report.value ?? '';
    expect(value.startsWith(report.slice(0, 10_000))).toBe(true);
    expect(value).toMatch(MARKER);
  });
});

describe('a huge error crossing the Lambda boundary', () => {
  it('reaches Step Functions as a Cause within 32,768 characters that still parses, the message first', () => {
    // Prepare
    const error = new Error('x'.repeat(MEGABYTE));

    // Act
    const crossed = toLambdaError(error);

    // Assess
    expect(crossed.message.length).toBeLessThanOrEqual(STEP_FUNCTIONS_CAUSE_MAX_LENGTH);
    const cause = JSON.parse(crossed.message) as { errorType: string; errorMessage: string; trace: string[] };
    expect(cause.errorType).toBe('Error');
    expect(cause.errorMessage.startsWith('x'.repeat(10_000))).toBe(true);
    expect(cause.errorMessage).toMatch(MARKER);
  });

  it('is shortened by the AWS handlers too, so Lambda reports a Cause that fits', async () => {
    // Prepare
    const handlers = createJobLambdaHandlers({
      definitions: async (): Promise<Definitions> => {
        throw new Error('m'.repeat(MEGABYTE));
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
    expect(thrown?.name).toBe('stepster.DefinitionsLoadFailed');
    // What Lambda's Node.js runtime reports for a thrown error.
    const report = { errorType: thrown?.name, errorMessage: thrown?.message, trace: thrown?.stack?.split('\n') };
    expect(JSON.stringify(report).length).toBeLessThanOrEqual(STEP_FUNCTIONS_CAUSE_MAX_LENGTH);
    expect(
      thrown?.message.startsWith(`the Definitions module of job "some_job" threw while loading: ${'m'.repeat(1000)}`),
    ).toBe(true);
    expect(thrown?.message).toMatch(MARKER);
  });
});
