// An op failure reaches the run's loggers with its stack, its Failure metadata and, for a retried
// attempt, the error that caused the retry, as Dagster's console logger prints a STEP_FAILURE.
// The script runs in a child process, so what it prints on its real stderr is what is checked.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../shared/loggers/log-record.js';

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'test/integration/fixtures/failing-op-script.ts');

function runScript(mode: 'default' | 'custom') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, mode], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '{}';
  return {
    code: result.status,
    err: result.stderr,
    out: JSON.parse(last) as { success: boolean; records: LogRecord[] },
  };
}

describe('an op failure on the console under executeInProcess', () => {
  it('prints the retry cause, then the failure with its stack and Failure metadata, with the default loggers', () => {
    // Act
    const { out, err } = runScript('default');

    // Assess
    expect(out.success).toBe(false);
    const lines = err.split('\n');
    const retry = lines.findIndex((line) =>
      line.includes('- load_files - WARNING - Execution of step "load_files" failed'),
    );
    const failure = lines.findIndex((line) =>
      line.includes('- load_files - ERROR - Execution of step "load_files" failed'),
    );
    expect(retry, err).toBeGreaterThanOrEqual(0);
    expect(failure, err).toBeGreaterThan(retry);
    expect(lines[retry + 1]).toBe('    Retry cause: Error: connection reset by the SFTP server');
    expect(lines[retry + 2]).toMatch(/^ {8}at .*failing-op-script\.ts:\d+:\d+/);
    const afterFailure = lines.slice(failure + 1);
    expect(afterFailure[0]).toBe('    RetriesExhausted: Exceeded max_retries of 1');
    expect(afterFailure[1]).toBe('    Caused by: Failure: No files to process in /landing');
    expect(afterFailure[2]).toMatch(/^ {8}at .*failing-op-script\.ts:\d+:\d+/);
    expect(afterFailure).toContain('    Failure metadata:');
    expect(afterFailure).toContain('        directory: /landing');
    expect(afterFailure).toContain('        report (markdown):');
    expect(afterFailure).toContain('            # Missing files');
    expect(afterFailure).toContain('            - sales.csv');
    expect(err).toContain('    Caused by: Error: ECONNRESET');
  });

  it('leaves the console alone when the job chose its own loggers, which get the failure with its data', () => {
    // Act
    const { out, err } = runScript('custom');

    // Assess
    expect(err).not.toContain('Execution of step "load_files" failed');
    const events = out.records.filter((record) => record.event !== undefined);
    expect(events.map((record) => [record.level, record.event?.eventType])).toEqual([
      ['WARNING', 'STEP_UP_FOR_RETRY'],
      ['ERROR', 'STEP_FAILURE'],
    ]);
    const failure = events[1]?.event?.data as { error: { cause: { stack: string } }; userFailure: unknown };
    expect(failure.error.cause.stack).toContain('failing-op-script.ts');
    expect(failure.userFailure).toEqual({
      description: 'No files to process in /landing',
      metadata: {
        directory: { type: 'path', value: '/landing' },
        report: { type: 'md', value: '# Missing files\n\n- sales.csv' },
      },
    });
  });
});
