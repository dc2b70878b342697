import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Backoff,
  buildOpContext,
  DefinitionError,
  Definitions,
  graph,
  In,
  job,
  MetadataValue,
  Out,
  Output,
  op,
  RetryPolicy,
  RunStatus,
  runStatusSensor,
  schedule,
} from 'stepster';
import { jobGraphOf } from '../../shared/compiler/job-graph.js';
import { validateGraph } from '../../shared/compiler/validate-graph.js';
import {
  assertValidDefinitionName,
  DEFINITION_NAME_MAX_LENGTH,
  isValidDefinitionName,
} from '../../shared/definitions/definition-name.js';
import { thrown } from '../support/thrown.js';

const source = op({ name: 'source' }, async () => 1);
const double = op({ name: 'double', ins: { x: In() } }, async (_c, { x }) => (x as number) * 2);
const add = op({ name: 'add', ins: { a: In(), b: In() } }, async (_c, { a, b }) => (a as number) + (b as number));
const split = op({ name: 'split', out: { left: Out(), right: Out() } }, async () => ({ left: 1, right: 2 }));

describe('job wiring', () => {
  it('wires positional inputs in the order of ins', () => {
    // Prepare / Act
    const j = job({ name: 'positional' }, () => {
      const s = source();
      add(double(s), s);
    });

    // Assess
    expect(j.node('add').inputs).toEqual({
      a: { node: 'double', output: 'result' },
      b: { node: 'source', output: 'result' },
    });
    expect(j.node('add').upstream).toEqual(['double', 'source']);
  });

  it('wires inputs given as one object keyed by input name', () => {
    // Prepare / Act
    const j = job({ name: 'keyed' }, () => {
      const s = source();
      add({ b: s, a: double(s) });
    });

    // Assess
    expect(j.node('add').inputs.a).toEqual({ node: 'double', output: 'result' });
    expect(j.node('add').inputs.b).toEqual({ node: 'source', output: 'result' });
  });

  it('returns an object of handles for multi-output ops', () => {
    // Prepare / Act
    const j = job({ name: 'multi' }, () => {
      const { left, right } = split();
      add(left, right);
    });

    // Assess
    expect(j.node('add').inputs).toEqual({
      a: { node: 'split', output: 'left' },
      b: { node: 'split', output: 'right' },
    });
  });

  it('aliases a second use of the same op, and honours op.alias', () => {
    // Prepare / Act
    const j = job({ name: 'aliases' }, () => {
      const s = source();
      double(s);
      double(s);
      double.alias('triple_ish')(s);
    });

    // Assess
    expect(j.nodes.map((n) => n.name)).toEqual(['source', 'double', 'double_2', 'triple_ish']);
  });

  it('applies retry policy precedence: call site, op, job', () => {
    // Prepare
    const opPolicy = new RetryPolicy({ maxRetries: 2 });
    const jobPolicy = new RetryPolicy({ maxRetries: 5, delay: 1, backoff: Backoff.LINEAR });
    const callPolicy = new RetryPolicy({ maxRetries: 9 });
    const withPolicy = op({ name: 'with_policy', retryPolicy: opPolicy }, async () => 1);

    // Act
    const j = job({ name: 'retries', opRetryPolicy: jobPolicy }, () => {
      withPolicy();
      source();
      double.withRetryPolicy(callPolicy)(source.alias('source_2')());
    });

    // Assess
    expect(j.retryPolicyFor('with_policy')).toBe(opPolicy);
    expect(j.retryPolicyFor('source')).toBe(jobPolicy);
    expect(j.retryPolicyFor('double')).toBe(callPolicy);
  });

  it('normalises job metadata and tags as Dagster does', () => {
    // Prepare / Act
    const j = job(
      {
        name: 'meta',
        tags: { foo: 'bar', n: 3, obj: { a: 1 } },
        metadata: { owner: 'data team', docs: MetadataValue.url('https://docs.dagster.io'), count: 2 },
      },
      () => {
        source();
      },
    );

    // Assess
    expect(j.tags).toEqual({ foo: 'bar', n: '3', obj: '{"a":1}' });
    expect(j.metadata.owner).toEqual({ type: 'text', value: 'data team' });
    expect(j.metadata.docs).toEqual({ type: 'url', value: 'https://docs.dagster.io' });
    expect(j.metadata.count).toEqual({ type: 'int', value: 2 });
  });

  it('builds several jobs from one graph with toJob', () => {
    // Prepare
    const g = graph({ name: 'shared_graph' }, () => {
      double(source());
    });

    // Act
    const a = g.toJob({ name: 'job_a', tags: { env: 'local' } });
    const b = g.toJob({ name: 'job_b', metadata: { owner: 'api team' } });

    // Assess
    expect(a.nodes.map((n) => n.name)).toEqual(['source', 'double']);
    expect(b.nodes).toEqual(a.nodes);
    expect(a.tags).toEqual({ env: 'local' });
    expect(b.metadata.owner).toEqual({ type: 'text', value: 'api team' });
  });
});

describe('definition errors name the op and the fix', () => {
  it('fails when an input is not connected', () => {
    expect(() => job({ name: 'unconnected' }, () => add(source()))).toThrow(
      /op "add" in "unconnected": input "b" is not connected/,
    );
  });

  it('fails when an op gets more inputs than it declares', () => {
    expect(() => job({ name: 'too_many' }, () => double(source(), source.alias('s2')()))).toThrow(
      /takes 1 input\(s\) \(x\) but was called with 2/,
    );
  });

  it('fails when a keyed input does not exist', () => {
    expect(() => job({ name: 'bad_key' }, () => double({ y: source() } as never))).toThrow(DefinitionError);
  });

  it('fails when a constant is passed as an input', () => {
    expect(() => job({ name: 'constant' }, () => double(5 as never))).toThrow(/Constant inputs belong in op config/);
  });

  it('fails when a multi-output op is passed whole', () => {
    expect(() => job({ name: 'whole' }, () => double(split() as never))).toThrow(/Pass one of them: left, right/);
  });

  it('fails when an op name is invalid', () => {
    expect(() => op({ name: 'bad-name' }, async () => 1)).toThrow(/op name "bad-name" is invalid/);
    expect(() => op({ name: 'x'.repeat(65) }, async () => 1)).toThrow(/at most 64 characters/);
  });

  it('fails when a job body has no ops or is async', () => {
    expect(() => job({ name: 'empty' }, () => undefined)).toThrow(/has no ops/);
    expect(() => job({ name: 'asynchronous' }, async () => source())).toThrow(/must be synchronous/);
  });

  it('fails when an op is called outside a job body', () => {
    expect(() => source()).toThrow(/called outside a job or graph body/);
  });

  it('fails when a user tag uses the reserved stepster/ prefix', () => {
    expect(() => job({ name: 'reserved', tags: { 'stepster/schedule_name': 'x' } }, () => source())).toThrow(
      /"stepster\/" prefix is reserved/,
    );
  });

  it('fails when lambda options are out of range', () => {
    expect(() => op({ name: 'slow', lambda: { timeoutSeconds: 901 } }, async () => 1)).toThrow(
      /lambda.timeoutSeconds must be an integer from 1 to 900/,
    );
  });

  it('fails when two jobs share a name in Definitions, and lists known jobs', () => {
    const a = job({ name: 'dup' }, () => source());
    expect(() => new Definitions({ jobs: [a, a] })).toThrow(/two jobs are named "dup"/);
    expect(() => new Definitions({ jobs: [a] }).getJob('nope')).toThrow(/Known jobs: dup/);
  });
});

describe('buildOpContext', () => {
  it('invokes an op body directly with config and captures its logs', async () => {
    // Prepare
    const greet = op({ name: 'greet', config: z.object({ who: z.string() }) }, async (context) => {
      context.log.info(`hello ${context.opConfig.who}`);
      return new Output(`hi ${context.opConfig.who}`, { metadata: { length: 2 } });
    });
    const context = buildOpContext({ opConfig: { who: 'ada' } });

    // Act
    const result = (await greet.body(context, {})) as Output<string>;

    // Assess
    expect(result.value).toBe('hi ada');
    expect(context.log.records).toEqual([{ level: 'INFO', message: 'hello ada' }]);
  });
});

describe('the definition name rule', () => {
  it('accepts letters, digits and underscores, starting with a letter or underscore, up to 64 characters', () => {
    // Prepare
    const names: unknown[] = [
      'fetch_sales',
      '_private',
      'Op2',
      'x'.repeat(64),
      'x'.repeat(65),
      '2op',
      'a-b',
      'a.b',
      '',
      3,
    ];

    // Act
    const valid = names.map((name) => isValidDefinitionName(name));

    // Assess
    expect(valid).toEqual([true, true, true, true, false, false, false, false, false, false]);
  });

  it('names what the name belongs to, the rule, the length and an example', () => {
    // Prepare
    const act = () => assertValidDefinitionName('daily-sales', 'schedule', { maxLength: 60, example: 'daily_sales' });

    // Act
    const error = thrown(act);

    // Assess
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error.message).toBe(
      'schedule name "daily-sales" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 60 characters (e.g. "daily_sales").',
    );
    expect((error as DefinitionError).subject).toBe('daily-sales');
  });

  it('is the same rule for ops, jobs, graphs, schedules, sensors and the compiler', () => {
    // Prepare
    const tooLong = 'x'.repeat(DEFINITION_NAME_MAX_LENGTH + 1);
    const acts = [
      () => op({ name: tooLong }, async () => 1),
      () => job({ name: tooLong }, () => source()),
      () => graph({ name: tooLong }, () => source()),
      () => schedule({ name: 'daily-sales', job: 'sales_job', cronSchedule: '0 6 * * *' }),
      () => runStatusSensor({ name: 'on-success', runStatus: RunStatus.SUCCESS }, () => undefined),
      () => validateGraph({ jobName: 'j', nodes: [{ name: tooLong, upstream: [], timeoutSeconds: 60 }] }),
    ];

    // Act
    const messages = acts.map((act) => thrown(act).message);

    // Assess
    expect(messages).toEqual([
      `op name "${tooLong}" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters (e.g. "fetch_sales").`,
      `job name "${tooLong}" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters (e.g. "fetch_sales").`,
      `graph name "${tooLong}" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters (e.g. "fetch_sales").`,
      'schedule name "daily-sales" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 60 characters (e.g. "daily_sales").',
      'sensor name "on-success" is invalid: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters (e.g. "on_run_failure").',
      `op "${tooLong}" in job "j" has an invalid name: node names must match /^[A-Za-z_][A-Za-z0-9_]*$/ and be at most 64 characters (so the state "${tooLong}.retry" fits Step Functions' 80-character limit). Rename the op or give it an alias such as "load_sales_2".`,
    ]);
  });

  it('keeps schedule names to 60 characters, since they prefix run ids', () => {
    // Prepare
    const options = { job: 'sales_job', cronSchedule: '0 6 * * *' };

    // Act
    const sixty = schedule({ ...options, name: 'x'.repeat(60) });
    const error = thrown(() => schedule({ ...options, name: 'x'.repeat(61) }));

    // Assess
    expect(sixty.name).toHaveLength(60);
    expect(error.message).toMatch(/at most 60 characters/);
  });
});

describe('jobGraphOf', () => {
  it("gives the compiler each node's name, upstream nodes and Lambda timeout", () => {
    // Prepare
    const slow = op({ name: 'slow', ins: { x: In() }, lambda: { timeoutSeconds: 300 } }, async () => 1);
    const wired = job({ name: 'graph_job' }, () => {
      const s = source();
      add(slow(s), double(s));
    });

    // Act
    const jobGraph = jobGraphOf(wired);

    // Assess
    expect(jobGraph).toEqual({
      jobName: 'graph_job',
      nodes: [
        { name: 'source', upstream: [], timeoutSeconds: 60 },
        { name: 'slow', upstream: ['source'], timeoutSeconds: 300 },
        { name: 'double', upstream: ['source'], timeoutSeconds: 60 },
        { name: 'add', upstream: ['slow', 'double'], timeoutSeconds: 60 },
      ],
    });
  });
});
