import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurableResource,
  DefinitionError,
  Definitions,
  EnvVar,
  type EventRecord,
  executeInProcess,
  In,
  job,
  op,
  resource,
  secret,
} from 'stepster';
import { setSecretFetcher } from '../../shared/secrets/secret-reference.js';

class WarehouseResource extends ConfigurableResource(
  z.object({ host: z.string().min(1), port: z.number().int().default(5432), user: z.string().optional() }),
) {
  url(): string {
    return `postgres://${this.config.user ?? 'app'}@${this.config.host}:${this.config.port}`;
  }
}

const issuesOf = (events: readonly EventRecord[]) =>
  (events.find((e) => e.eventType === 'RUN_FAILURE')?.data?.issues ?? []) as { path: string; message: string }[];

afterEach(() => {
  delete process.env.STEPSTER_TEST_PGHOST;
  setSecretFetcher(undefined);
});

describe('ConfigurableResource', () => {
  it('reads EnvVar, literals and defaults into this.config, and gives each op exactly the keys it requires', async () => {
    // Prepare
    process.env.STEPSTER_TEST_PGHOST = 'db.internal';
    const seen: string[][] = [];
    const query = op({ name: 'query', requiredResourceKeys: ['warehouse'] }, async (context) => {
      seen.push(Object.keys(context.resources));
      return (context.resources.warehouse as WarehouseResource).url();
    });
    const plain = op({ name: 'plain' }, async (context) => {
      seen.push(Object.keys(context.resources));
      return 1;
    });
    const warehouseJob = job({ name: 'warehouse_job' }, () => {
      query();
      plain();
    });
    const resources = { warehouse: new WarehouseResource({ host: EnvVar('STEPSTER_TEST_PGHOST') }), other: { x: 1 } };

    // Act
    const result = await executeInProcess(warehouseJob, { resources });

    // Assess
    expect(result.outputFor('query')).toBe('postgres://app@db.internal:5432');
    expect(seen.sort()).toEqual([[], ['warehouse']]);
  });

  it('fails the run before any op runs when an EnvVar is unset, naming the resource, the field and the variable', async () => {
    // Prepare
    const ran: string[] = [];
    const query = op({ name: 'query', requiredResourceKeys: ['warehouse'] }, async () => {
      ran.push('query');
    });
    const warehouseJob = job({ name: 'warehouse_job' }, () => {
      query();
    });

    // Act
    const result = await executeInProcess(warehouseJob, {
      resources: { warehouse: new WarehouseResource({ host: EnvVar('STEPSTER_TEST_PGHOST'), port: 'x' as never }) },
      raiseOnError: false,
    });

    // Assess
    expect(result.success).toBe(false);
    expect(ran).toEqual([]);
    expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
    const issues = issuesOf(result.events);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'resources.warehouse.config.host',
      'resources.warehouse.config.port',
    ]);
    expect(issues.find((i) => i.path.endsWith('host'))?.message).toContain(
      'environment variable STEPSTER_TEST_PGHOST is not set',
    );
  });

  it('takes overrides from runConfig.resources, validated and named there', async () => {
    // Prepare
    const query = op({ name: 'query', requiredResourceKeys: ['warehouse'] }, async (context) =>
      (context.resources.warehouse as WarehouseResource).url(),
    );
    const warehouseJob = job({ name: 'warehouse_job' }, () => {
      query();
    });
    const resources = { warehouse: new WarehouseResource({ host: 'db' }) };

    // Act
    const good = await executeInProcess(warehouseJob, {
      resources,
      runConfig: { resources: { warehouse: { config: { port: 6000, user: 'etl' } } } },
    });
    const bad = await executeInProcess(warehouseJob, {
      resources,
      raiseOnError: false,
      runConfig: { resources: { warehouse: { config: { port: 'high' } }, cache: { config: {} } } },
    });

    // Assess
    expect(good.outputFor('query')).toBe('postgres://etl@db:6000');
    expect(
      issuesOf(bad.events)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['runConfig.resources.cache', 'runConfig.resources.warehouse.config.port']);
  });

  it('fetches a secret field when the op sets the resource up, never at run start', async () => {
    // Prepare
    const fetched: string[] = [];
    setSecretFetcher(async (name) => {
      fetched.push(name);
      return JSON.stringify({ user: 'vault-user' });
    });
    const query = op({ name: 'query', requiredResourceKeys: ['warehouse'] }, async (context) =>
      (context.resources.warehouse as WarehouseResource).url(),
    );
    const warehouseJob = job({ name: 'warehouse_job' }, () => {
      query();
    });

    // Act
    const result = await executeInProcess(warehouseJob, {
      resources: { warehouse: new WarehouseResource({ host: 'db', user: secret('test/pg', { jsonField: 'user' }) }) },
    });

    // Assess
    expect(result.outputFor('query')).toBe('postgres://vault-user@db:5432');
    expect(fetched).toEqual(['test/pg']);
  });
});

describe('resource()', () => {
  it('builds once per run set-up (per Lambda container on AWS), only for jobs that require it, with .configured values', async () => {
    // Prepare
    let builds = 0;
    const counter = resource({ config: z.object({ prefix: z.string() }) }, (config) => {
      builds += 1;
      return { label: (n: number) => `${config.prefix}-${n}` };
    });
    type Counter = { label(n: number): string };
    const first = op({ name: 'first', requiredResourceKeys: ['counter'] }, async (context) =>
      (context.resources.counter as Counter).label(1),
    );
    const second = op(
      { name: 'second', ins: { previous: In() }, requiredResourceKeys: ['counter'] },
      async (context, { previous }) => `${String(previous)},${(context.resources.counter as Counter).label(2)}`,
    );
    const unused = op({ name: 'unused' }, async () => 0);
    const counterJob = job({ name: 'counter_job' }, () => {
      second(first());
    });
    const untouched = job({ name: 'untouched' }, () => {
      unused();
    });
    const defs = new Definitions({
      jobs: [counterJob, untouched],
      resources: { counter: counter.configured({ prefix: 'run' }) },
    });

    // Act
    await executeInProcess(defs.getJob('untouched'), { definitions: defs });
    const afterUntouched = builds;
    const result = await executeInProcess(defs.getJob('counter_job'), { definitions: defs });

    // Assess
    expect(afterUntouched).toBe(0);
    expect(result.outputFor('second')).toBe('run-1,run-2');
    expect(builds).toBe(1);
  });
});

describe('requiredResourceKeys', () => {
  it('refuses a Definitions that lacks a required key, naming the op, the key and the fix', () => {
    // Prepare
    const needy = op({ name: 'needy', requiredResourceKeys: ['slack'] }, async () => 1);
    const needyJob = job({ name: 'needy_job' }, () => {
      needy();
    });

    // Act
    const act = () => new Definitions({ jobs: [needyJob], resources: { smtp: {} } });

    // Assess
    expect(act).toThrow(DefinitionError);
    expect(act).toThrow(
      'op "needy" of job "needy_job" requires resource "slack", which is not among the resources ("smtp"). Add it to Definitions({ resources })',
    );
  });
});
