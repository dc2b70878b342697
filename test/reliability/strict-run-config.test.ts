import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeInProcess, job, logger, op, type RunConfigError } from 'stepster';
import { rejection } from './support/faulty-dynamo.js';

let ran = 0;
const load = op(
  {
    name: 'load',
    config: z.object({
      date: z.string(),
      source: z.object({ bucket: z.string(), prefix: z.string().default('') }),
      extras: z.looseObject({ owner: z.string().optional() }).optional(),
    }),
  },
  async (context) => {
    ran++;
    return context.opConfig;
  },
);
const quiet = logger({ config: z.object({ level: z.string().default('INFO') }) }, () => ({ log: () => undefined }));
const strictJob = job({ name: 'strict_config', loggerDefs: { quiet } }, () => {
  load();
});

async function configError(runConfig: unknown): Promise<RunConfigError> {
  const before = ran;
  const error = await rejection(executeInProcess(strictJob, { runConfig: runConfig as never }));
  expect(ran).toBe(before);
  expect(error).toBeInstanceOf(Error);
  const cause = (error as { cause?: unknown }).cause ?? error;
  return cause as RunConfigError;
}

const good = { date: '2026-11-01', source: { bucket: 'b' } };

describe('strict run config: unknown keys are errors naming the path, before any op runs', () => {
  it('refuses a misspelled key inside an op’s config', async () => {
    const error = await configError({ ops: { load: { config: { ...good, dat: 'x' } } } });
    expect(JSON.stringify(error)).toContain('runConfig.ops.load.config.dat');
  });

  it('refuses a misspelled key at any depth', async () => {
    const error = await configError({ ops: { load: { config: { ...good, source: { bucket: 'b', prefx: 'p' } } } } });
    expect(JSON.stringify(error)).toContain('runConfig.ops.load.config.source.prefx');
  });

  it('refuses an op entry with a key other than config', async () => {
    const error = await configError({ ops: { load: { config: good, confg: {} } } });
    expect(JSON.stringify(error)).toContain('runConfig.ops.load.confg');
  });

  it('refuses an unknown key in a logger’s config', async () => {
    const error = await configError({
      ops: { load: { config: good } },
      loggers: { quiet: { config: { levle: 'DEBUG' } } },
    });
    expect(JSON.stringify(error)).toContain('runConfig.loggers.quiet.config.levle');
  });

  it('accepts extra keys where the schema opts out with z.looseObject', async () => {
    // Act
    const result = await executeInProcess(strictJob, {
      runConfig: { ops: { load: { config: { ...good, extras: { owner: 'me', note: 'kept' } } } } },
    });

    // Assess
    expect(result.outputFor('load')).toMatchObject({ extras: { owner: 'me', note: 'kept' } });
  });
});
