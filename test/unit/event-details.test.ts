// The one rendering of event details (stepster run, events --full, the colored console logger).
import { describe, expect, it } from 'vitest';
import { errorTextLines } from '../../shared/errors/error-text.js';
import { eventDetailLines } from '../../shared/events/event-details.js';
import { formatConsoleLine } from '../../shared/loggers/colored-console-logger.js';
import type { LogRecord } from '../../shared/loggers/log-record.js';
import { structuredLogFields } from '../../shared/loggers/structured-log-fields.js';
import { metadataTextLines } from '../../shared/metadata/metadata-text.js';
import { MetadataValue } from '../../shared/metadata/metadata-value.js';
import { normalizeMetadata } from '../../shared/metadata/normalize-metadata.js';
import { TableColumn, TableSchema } from '../../shared/metadata/table-schema.js';

describe('metadataTextLines', () => {
  it('prints a table schema as a table of its columns, with constraints, and a timestamp as its instant', () => {
    // Prepare
    const metadata = normalizeMetadata(
      {
        schema: MetadataValue.tableSchema(
          new TableSchema({
            columns: [
              new TableColumn({ name: 'order_id', type: 'int', constraints: { nullable: false, unique: true } }),
              new TableColumn({ name: 'region', type: 'string', description: 'sales region' }),
            ],
          }),
        ),
        loadedAt: MetadataValue.timestamp(new Date('2026-11-01T10:00:00.000Z')),
        owner: MetadataValue.jobName('sales_job'),
      },
      'test',
    );

    // Act
    const lines = metadataTextLines(metadata);

    // Assess
    expect(lines).toEqual([
      'schema (table schema):',
      '    name      type    description   constraints',
      '    --------  ------  ------------  ----------------',
      '    order_id  int                   not null, unique',
      '    region    string  sales region',
      'loadedAt: 2026-11-01T10:00:00.000Z',
      'owner: sales_job',
    ]);
  });

  it('prints a value that is not typed metadata as JSON instead of failing', () => {
    // Act
    const lines = metadataTextLines({ legacy: [1, 2], nested: { a: { b: 1 } } });

    // Assess
    expect(lines).toEqual([
      'legacy (json):',
      '    [',
      '      1,',
      '      2',
      '    ]',
      'nested (json):',
      '    {',
      '      "a": {',
      '        "b": 1',
      '      }',
      '    }',
    ]);
  });
});

describe('errorTextLines', () => {
  it('follows causes, and reads a Lambda error report (a crash) and a plain string as errors', () => {
    // Prepare
    const crash = {
      name: 'States.TaskFailed',
      message: 'Task timed out',
      cause: {
        errorType: 'Sandbox.Timedout',
        errorMessage: 'Task timed out after 3.00 seconds',
        trace: ['Error: x', '    at handler (index.js:1:1)'],
      },
    };

    // Act
    const crashLines = errorTextLines(crash);
    const stringCause = errorTextLines({ name: 'Error', message: 'outer', cause: 'socket hang up' });

    // Assess
    expect(crashLines).toEqual([
      'States.TaskFailed: Task timed out',
      'Caused by: Sandbox.Timedout: Task timed out after 3.00 seconds',
      '    at handler (index.js:1:1)',
    ]);
    expect(stringCause).toEqual(['Error: outer', 'Caused by: socket hang up']);
  });
});

describe('a step failure on the loggers', () => {
  const record: LogRecord = {
    runId: 'c0ffee00-1111-2222-3333-444455556666',
    jobName: 'files_job',
    stepKey: 'load_files',
    attempt: 1,
    timestamp: '2026-11-01T10:00:00.000Z',
    level: 'ERROR',
    levelNumber: 40,
    message: 'Execution of step "load_files" failed: Failure: no files',
    event: {
      eventType: 'STEP_FAILURE',
      data: {
        error: { name: 'Failure', message: 'no files', stack: 'Error: no files\n    at load (ops.ts:3:9)' },
        userFailure: {
          description: 'none in /in',
          metadata: { report: { type: 'md', value: '# Missing\n\n- a.csv' } },
        },
      },
    },
  };

  it('goes on, in the colored console, over indented lines: stack, description, metadata', () => {
    // Act
    const text = formatConsoleLine(record, { name: 'stepster', color: false });

    // Assess
    expect(text.split('\n')).toEqual([
      '2026-11-01T10:00:00.000Z - stepster - c0ffee00 - load_files - ERROR - Execution of step "load_files" failed: Failure: no files',
      '    Failure: no files',
      '        at load (ops.ts:3:9)',
      '    Description: none in /in',
      '    Failure metadata:',
      '        report (markdown):',
      '            # Missing',
      '',
      '            - a.csv',
    ]);
  });

  it('is one JSON field, event, on a structured line', () => {
    // Act
    const fields = structuredLogFields(record, { loggerName: 'stepster' });

    // Assess
    expect(fields.event).toEqual(record.event);
    expect(eventDetailLines('STEP_UP_FOR_RETRY', { error: { name: 'Error', message: 'reset' } })).toEqual([
      'Retry cause: Error: reset',
    ]);
  });
});
