// Dynamic fan-out, as the compiler and the job body see it: the Map state's shape (valid ASL),
// and the wiring errors a Dagster user meets before anything runs.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  compileJob,
  DefinitionError,
  DynamicOut,
  DynamicOutput,
  FanOutMode,
  In,
  job,
  MappingKeyError,
  op,
} from 'stepster';
import type { AslMapState, AslTaskState } from '../../shared/compiler/asl-types.js';

// asl-validator is CommonJS without type declarations: `module.exports = validator`.
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
  yield new DynamicOutput('a', { mappingKey: 'a', outputName: 'items' });
});
const process = op({ name: 'process', ins: { f: In() } }, async (_c, { f }) => f);
const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => all);
const pair = op({ name: 'pair', ins: { x: In(), y: In() } }, async (_c, { x, y }) => [x, y]);
const side = op({ name: 'side' }, async () => 1);

describe('compileJob: a mapped op is a Map state over the mapping keys', () => {
  it('emits X.keys then an inline Map (MaxConcurrency 40) whose iteration is the op with its retry and crash states', () => {
    // Prepare
    const fan = job({ name: 'fan' }, () => {
      merge(files().map(process).collect());
    });

    // Act
    const { definition, stats } = compileJob(fan);

    // Assess
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    const states = definition.States;
    expect((states.files as AslTaskState).Next).toBe('process.keys');
    const keys = states['process.keys'] as AslTaskState;
    expect(keys).toMatchObject({ Type: 'Task', ResultPath: '$.k', Next: 'process.map' });
    expect(keys.Parameters).toMatchObject({ readMappingKeys: true, 'runId.$': '$.runId' });
    const map = states['process.map'] as AslMapState;
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.k.mappingKeys', MaxConcurrency: 40, ResultPath: null });
    expect(map.Next).toBe('merge');
    expect(map.ItemSelector['mappingKey.$']).toBe('$$.Map.Item.Value');
    expect(map.ItemProcessor.StartAt).toBe('process');
    expect(Object.keys(map.ItemProcessor.States).sort()).toEqual(
      ['process', 'process.crash', 'process.retry', 'process.wait'].sort(),
    );
    expect(states.process).toBeUndefined();
    // start, files, process.keys, process.map, merge, end (each item adds one more at run time)
    expect(stats.transitionsPerRun).toBe(6);
  });

  it('takes MaxConcurrency from compileJob(job, { fanOut: { maxConcurrency } })', () => {
    // Prepare
    const fan = job({ name: 'fan_10' }, () => {
      merge(files().map(process).collect());
    });

    // Act
    const { definition } = compileJob(fan, { fanOut: { maxConcurrency: 10 } });

    // Assess
    expect((definition.States['process.map'] as AslMapState).MaxConcurrency).toBe(10);
  });

  it('emits a Distributed Map (Standard child executions, 1000 at once) for fanOut: { mode: DISTRIBUTED }', () => {
    // Prepare
    const fan = job({ name: 'fan_big', fanOut: { mode: FanOutMode.DISTRIBUTED } }, () => {
      merge(files().map(process).collect());
    });

    // Act
    const { definition } = compileJob(fan);

    // Assess
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    const map = definition.States['process.map'] as AslMapState;
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(1000);
  });

  it('runs a fan-out beside other ops inside a Parallel branch, still valid ASL', () => {
    // Prepare
    const fan = job({ name: 'fan_par' }, () => {
      pair(files().map(process).collect(), side());
    });

    // Act
    const { definition } = compileJob(fan);

    // Assess
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(JSON.stringify(definition)).toContain('"process.map"');
  });
});

describe('fan-out wiring errors, before anything runs', () => {
  it('refuses a dynamic output passed straight to an op, naming .map and .collect()', () => {
    // Prepare
    const body = () => {
      process(files());
    };

    // Act
    const build = () => job({ name: 'bad_direct' }, body);

    // Assess
    expect(build).toThrow(DefinitionError);
    expect(build).toThrow(/dynamic output "items" of "files".*\.map\(.*\.collect\(\)/);
  });

  it('refuses reading a mapped op without .collect()', () => {
    // Prepare
    const body = () => {
      const results = files().map(process);
      merge(results);
    };

    // Act
    const build = () => job({ name: 'bad_uncollected' }, body);

    // Assess
    expect(build).toThrow(/reads mapped op "process".*\.collect\(\)/);
  });

  it('refuses a chained map, saying it is not supported yet', () => {
    // Prepare
    const body = () => {
      files()
        .map(process)
        .map((x) => merge(x));
    };

    // Act
    const build = () => job({ name: 'bad_chain' }, body);

    // Assess
    expect(build).toThrow(/chaining maps is not supported yet/);
  });
});

describe('DynamicOutput', () => {
  it('refuses a mapping key outside ^[A-Za-z0-9_]+$, naming the key', () => {
    // Prepare
    const make = () => new DynamicOutput(1, { mappingKey: 'a-b', outputName: 'items' });

    // Act
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(MappingKeyError);
    expect(String(error)).toContain('a-b');
  });
});
