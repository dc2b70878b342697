import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DefinitionError } from '../../shared/errors/definition-error.js';
import { describeValue } from '../../shared/errors/describe-value.js';
import { errorMessage } from '../../shared/errors/error-message.js';
import { formatPropertyPath } from '../../shared/errors/property-path.js';
import { isRetryRequested, RetryRequested } from '../../shared/errors/retry-requested.js';
import { MetadataError } from '../../shared/errors/metadata-error.js';
import { RunConfigError } from '../../shared/errors/run-config-error.js';
import { StepsterError } from '../../shared/errors/stepster-error.js';
import { serializeError } from '../../shared/errors/serialized-error.js';
import { TypeCheckError } from '../../shared/errors/type-check-error.js';
import { Failure, isFailure } from '../../shared/events/failure.js';
import { LifecycleError } from '../../shared/lifecycle/lifecycle-error.js';
import { LogDeliveryError } from '../../shared/loggers/log-delivery-error.js';
import { MetadataValue } from '../../shared/metadata/metadata-value.js';
import type { RawMetadata } from '../../shared/metadata/normalize-metadata.js';
import { thrown } from '../support/thrown.js';

describe('Failure', () => {
  it('carries description, raw metadata, allowRetries and cause', () => {
    // Prepare
    const cause = new Error('ENOENT');
    const metadata = { filepath: MetadataValue.path('/path/to/files'), count: 0 };

    // Act
    const failure = new Failure({ description: 'No files to process', metadata, allowRetries: false }, { cause });

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('Failure');
    expect(failure.message).toBe('No files to process');
    expect(failure.description).toBe('No files to process');
    expect(failure.metadata).toBe(metadata);
    expect(failure.allowRetries).toBe(false);
    expect(failure.cause).toBe(cause);
  });

  it('defaults to allowRetries true, empty message and no metadata', () => {
    // Prepare
    const options = {};

    // Act
    const failure = new Failure(options);

    // Assess
    expect(failure.allowRetries).toBe(true);
    expect(failure.message).toBe('');
    expect(failure.description).toBeUndefined();
    expect(failure.metadata).toEqual({});
    expect('cause' in failure).toBe(false);
  });

  it('normalizes metadata on demand and builds the userFailure payload', () => {
    // Prepare
    const failure = new Failure({ description: 'bad', metadata: { filepath: MetadataValue.path('/x'), n: 2 } });

    // Act
    const userFailure = failure.toUserFailureData('op "load"');

    // Assess
    expect(userFailure).toEqual({
      description: 'bad',
      metadata: { filepath: { type: 'path', value: '/x' }, n: { type: 'int', value: 2 } },
    });
    expect(new Failure().toUserFailureData('op "load"')).toEqual({ description: null, metadata: {} });
  });

  it('names the Failure and op when its metadata cannot be stored', () => {
    // Prepare
    const failure = new Failure({ metadata: { at: new Date(0) } as unknown as RawMetadata });

    // Act
    const error = thrown(() => failure.normalizedMetadata('op "load"'));

    // Assess
    expect(error).toBeInstanceOf(MetadataError);
    expect(error.message).toBe(
      'metadata key "at" of Failure of op "load" is a Date, which cannot be stored. Use MetadataValue.timestamp(date), or date.toISOString() for text.',
    );
  });

  it('rejects a non-boolean allowRetries', () => {
    // Prepare
    const act = () => new Failure({ allowRetries: 'no' as never });

    // Act
    const error = thrown(act);

    // Assess
    expect(error.message).toBe('Failure.allowRetries must be true or false, got "no"');
  });

  it('isFailure recognises a Failure from another copy of the package by name and fields', () => {
    // Prepare
    const foreign = Object.assign(new Error('x'), { name: 'Failure', allowRetries: false });
    const impostor = Object.assign(new Error('x'), { name: 'Failure' });

    // Act
    const results = [isFailure(new Failure()), isFailure(foreign), isFailure(impostor), isFailure(new Error('x'))];

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});

describe('RetryRequested', () => {
  it('defaults to one retry without waiting', () => {
    // Prepare
    const cause = new Error('flaky');

    // Act
    const request = new RetryRequested({}, { cause });

    // Assess
    expect(request.name).toBe('RetryRequested');
    expect(request.maxRetries).toBe(1);
    expect(request.secondsToWait).toBe(0);
    expect(request.cause).toBe(cause);
    expect(request.message).toBe('Retry requested (maxRetries: 1, secondsToWait: 0)');
  });

  it('keeps its own maxRetries and secondsToWait', () => {
    // Prepare
    const options = { maxRetries: 3, secondsToWait: 2.5 };

    // Act
    const request = new RetryRequested(options);

    // Assess
    expect([request.maxRetries, request.secondsToWait]).toEqual([3, 2.5]);
  });

  it('validates its fields, naming them', () => {
    // Prepare
    const acts = [
      () => new RetryRequested({ maxRetries: -1 }),
      () => new RetryRequested({ maxRetries: 1.5 }),
      () => new RetryRequested({ secondsToWait: -2 }),
      () => new RetryRequested({ secondsToWait: Number.POSITIVE_INFINITY }),
    ];

    // Act
    const messages = acts.map((act) => thrown(act).message);

    // Assess
    expect(messages).toEqual([
      'RetryRequested.maxRetries must be a non-negative integer, got -1',
      'RetryRequested.maxRetries must be a non-negative integer, got 1.5',
      'RetryRequested.secondsToWait must be a finite number of seconds ≥ 0, got -2',
      'RetryRequested.secondsToWait must be a finite number of seconds ≥ 0, got Infinity',
    ]);
  });

  it('isRetryRequested recognises one from another copy of the package', () => {
    // Prepare
    const foreign = Object.assign(new Error('x'), { name: 'RetryRequested', maxRetries: 2, secondsToWait: 1 });

    // Act
    const results = [
      isRetryRequested(new RetryRequested()),
      isRetryRequested(foreign),
      isRetryRequested(new Failure()),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });
});

describe('DefinitionError and MetadataError', () => {
  it('carry their subject / key and cause', () => {
    // Prepare
    const cause = new Error('root');

    // Act
    const definition = new DefinitionError('op "fetch_sales" has no body.', { subject: 'fetch_sales', cause });
    const metadata = new MetadataError('bad', { key: 'size', where: 'job "j"' });

    // Assess
    expect(definition.name).toBe('DefinitionError');
    expect(definition.subject).toBe('fetch_sales');
    expect(definition.message).toBe('op "fetch_sales" has no body.');
    expect(definition.cause).toBe(cause);
    expect(metadata.name).toBe('MetadataError');
    expect([metadata.key, metadata.where]).toEqual(['size', 'job "j"']);
  });
});

describe('RunConfigError', () => {
  const schema = z.object({ date: z.string(), rows: z.array(z.object({ 'unit price': z.number() })) }).strict();

  it('lists one issue on one line', () => {
    // Prepare
    const issues = [{ path: 'runConfig.ops.fetch_sales.config.date', message: 'expected string, received number' }];

    // Act
    const error = new RunConfigError(issues);

    // Assess
    expect(error.name).toBe('RunConfigError');
    expect(error.message).toBe(
      'Invalid run config: runConfig.ops.fetch_sales.config.date: expected string, received number',
    );
    expect(error.issues).toEqual(issues);
  });

  it('converts zod 4 issues into full paths, one per unrecognized key', () => {
    // Prepare
    const parsed = schema.safeParse({ date: 3, rows: [{ 'unit price': 'x' }], extra: true });
    if (parsed.success) throw new Error('expected the sample to fail validation');

    // Act
    const error = RunConfigError.fromZodError('runConfig.ops.fetch_sales.config', parsed.error);

    // Assess
    expect(error.issues).toEqual([
      { path: 'runConfig.ops.fetch_sales.config.date', message: 'expected string, received number' },
      { path: 'runConfig.ops.fetch_sales.config.rows[0]["unit price"]', message: 'expected number, received string' },
      { path: 'runConfig.ops.fetch_sales.config.extra', message: 'unrecognized key: remove it or check its spelling' },
    ]);
    expect(error.message).toBe(
      [
        'Invalid run config (3 issues):',
        '  - runConfig.ops.fetch_sales.config.date: expected string, received number',
        '  - runConfig.ops.fetch_sales.config.rows[0]["unit price"]: expected number, received string',
        '  - runConfig.ops.fetch_sales.config.extra: unrecognized key: remove it or check its spelling',
      ].join('\n'),
    );
    expect(error.cause).toBe(parsed.error);
  });

  it('lists at most ten issues and counts the rest', () => {
    // Prepare
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `runConfig.x[${i}]`, message: 'bad' }));

    // Act
    const error = new RunConfigError(issues);

    // Assess
    expect(error.message.split('\n')).toHaveLength(12);
    expect(error.message.endsWith('  - … and 2 more')).toBe(true);
  });
});

describe('TypeCheckError', () => {
  it('names op, output and the zod issues, rooted at value', () => {
    // Prepare
    const parsed = z.array(z.object({ amount: z.number() })).safeParse([{ amount: 1 }, { amount: 'x' }]);
    if (parsed.success) throw new Error('expected the sample to fail validation');

    // Act
    const error = TypeCheckError.fromZodError({ opName: 'fetch_sales', outputName: 'rows' }, parsed.error);

    // Assess
    expect(error.name).toBe('TypeCheckError');
    expect(error.message).toBe(
      'Type check failed for output "rows" of op "fetch_sales": value[1].amount: expected number, received string. Return a value that matches the output\'s Out({ schema }), or change the schema.',
    );
    expect([error.opName, error.outputName, error.subject]).toEqual([
      'fetch_sales',
      'rows',
      'output "rows" of op "fetch_sales"',
    ]);
    expect(error.issues).toEqual([{ path: 'value[1].amount', message: 'expected number, received string' }]);
  });

  it('accepts a ready-made subject and a root-level issue', () => {
    // Prepare
    const parsed = z.number().safeParse('3');
    if (parsed.success) throw new Error('expected the sample to fail validation');

    // Act
    const error = TypeCheckError.fromZodError('op "a" output "result"', parsed.error);

    // Assess
    expect(error.message).toMatch(
      /^Type check failed for op "a" output "result": value: expected number, received string\./,
    );
    expect(error.opName).toBeUndefined();
  });
});

describe('serializeError', () => {
  it('serialises name, message, stack and the cause chain', () => {
    // Prepare
    const root = new TypeError('socket hang up');
    const failure = new Failure({ description: 'no files' }, { cause: root });

    // Act
    const serialized = serializeError(failure);

    // Assess
    expect(serialized.name).toBe('Failure');
    expect(serialized.message).toBe('no files');
    expect(serialized.stack).toContain('no files');
    expect(serialized.cause?.name).toBe('TypeError');
    expect(serialized.cause?.message).toBe('socket hang up');
    expect(serialized.cause?.cause).toBeUndefined();
    expect(JSON.parse(JSON.stringify(serialized))).toEqual(serialized);
  });

  it('limits the depth and stops at cycles', () => {
    // Prepare
    let chain: Error = new Error('level 0');
    for (let i = 1; i <= 8; i++) chain = new Error(`level ${i}`, { cause: chain });
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.defineProperty(a, 'cause', { value: b });

    // Act
    const deep = serializeError(chain, 3);
    const cyclic = serializeError(a);

    // Assess
    const messages: string[] = [];
    for (let s: ReturnType<typeof serializeError> | undefined = deep; s; s = s.cause) messages.push(s.message);
    expect(messages).toEqual(['level 8', 'level 7', 'level 6', 'level 5']);
    expect(cyclic.message).toBe('a');
    expect(cyclic.cause?.message).toBe('b');
    expect(cyclic.cause?.cause).toBeUndefined();
  });

  it('serialises thrown non-Error values', () => {
    // Prepare
    const values: unknown[] = ['boom', { code: 42 }, undefined, { name: 'AbortError', message: 'aborted' }];

    // Act
    const serialized = values.map((v) => serializeError(v));

    // Assess
    expect(serialized).toEqual([
      { name: 'NonError', message: 'boom' },
      { name: 'NonError', message: 'Non-Error value thrown: {"code":42}' },
      { name: 'NonError', message: 'Non-Error value thrown: undefined' },
      { name: 'AbortError', message: 'aborted' },
    ]);
  });
});

describe('describeValue and formatPropertyPath', () => {
  it('describe values for messages', () => {
    // Prepare
    class Point {}
    const values: unknown[] = [-1, 'abc', Number.NaN, null, undefined, () => 1, new Date(0), new Point(), [], {}, 5n];

    // Act
    const described = values.map(describeValue);

    // Assess
    expect(described).toEqual([
      '-1',
      '"abc"',
      'NaN',
      'null',
      'undefined',
      'a function',
      'a Date',
      'an instance of Point',
      'an array',
      'an object',
      'a bigint (5n)',
    ]);
    expect(describeValue('x'.repeat(100))).toHaveLength(62);
  });

  it('formats property paths like TypeScript', () => {
    // Prepare
    const segments = ['fetch_sales', 'config', 'rows', 0, 'unit price'];

    // Act
    const path = formatPropertyPath('runConfig.ops', segments);

    // Assess
    expect(path).toBe('runConfig.ops.fetch_sales.config.rows[0]["unit price"]');
    expect(formatPropertyPath('', ['a', 1])).toBe('a[1]');
  });
});

describe('StepsterError', () => {
  it('is the base of every stepster error, each keeping its literal name', () => {
    // Prepare
    const cause = new Error('root');

    // Act
    const errors = [
      new DefinitionError('d', { subject: 's', cause }),
      new MetadataError('m', { cause }),
      new RunConfigError([], { cause }),
      new TypeCheckError('output "x"', [], { cause }),
      new RetryRequested({}, { cause }),
      new Failure({}, { cause }),
      new LogDeliveryError('l', { cause }),
      new LifecycleError('c', { cause }),
    ];

    // Assess
    expect(errors.map((e) => [e instanceof StepsterError, e instanceof Error, e.cause === cause])).toEqual(
      errors.map(() => [true, true, true]),
    );
    expect(errors.map((e) => e.name)).toEqual([
      'DefinitionError',
      'MetadataError',
      'RunConfigError',
      'TypeCheckError',
      'RetryRequested',
      'Failure',
      'LogDeliveryError',
      'LifecycleError',
    ]);
  });

  it('sets cause only when one is given, as Error does', () => {
    // Prepare
    const messages = ['no options', 'explicit undefined cause'];

    // Act
    const without = new LifecycleError(messages[0]!);
    const explicit = new LifecycleError(messages[1]!, { cause: undefined });

    // Assess
    expect('cause' in without).toBe(false);
    expect('cause' in explicit).toBe(true);
    expect([without.message, explicit.message]).toEqual(messages);
  });
});

describe('errorMessage', () => {
  it('reads the message of an Error, whatever its class', () => {
    // Prepare
    const errors = [new Error('ENOENT: no such file'), new TypeError('bad type'), new Failure({ description: 'x' })];

    // Act
    const messages = errors.map(errorMessage);

    // Assess
    expect(messages).toEqual(['ENOENT: no such file', 'bad type', 'x']);
  });

  it('gives a readable string for anything else thrown', () => {
    // Prepare
    const thrownValues: unknown[] = [
      'boom',
      { message: 'from another realm', name: 'Error' },
      { code: 42 },
      {},
      undefined,
      null,
      7,
      () => 1,
      Symbol('s'),
    ];

    // Act
    const messages = thrownValues.map(errorMessage);

    // Assess
    expect(messages).toEqual([
      'boom',
      'from another realm',
      '{"code":42}',
      'an object',
      'undefined',
      'null',
      '7',
      'a function',
      'a symbol (Symbol(s))',
    ]);
  });

  it('shortens a large thrown object and never throws itself', () => {
    // Prepare
    const large = { rows: 'x'.repeat(5000) };
    const hostile = Object.defineProperty({}, 'message', {
      get() {
        throw new Error('getter fails');
      },
      enumerable: false,
    });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;

    // Act
    const messages = [errorMessage(large), errorMessage(hostile), errorMessage(circular)];

    // Assess
    expect(messages[0]).toHaveLength(1000);
    expect(messages[0]!.endsWith('...')).toBe(true);
    expect(messages.slice(1)).toEqual(['an object', 'an object']);
  });
});
