// Re-execution through the real compiled state machine (aws-local-stepfunctions + dynalite):
// reused steps run no body and their outputs are read from the run that produced them.
import { describe, expect, it } from 'vitest';
import {
  executeInProcess,
  In,
  job,
  op,
  RunConfigError,
  reexecute,
  ReexecutionError,
  reexecuteFromFailure,
} from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { ReexecutionRefusal } from '../../shared/local/reexecution-error.js';
import { planRunReexecution } from '../../shared/local/reexecution-plan.js';

const bodies: Record<string, number> = {};
const failing = new Set<string>();
const counted = (name: string, body: (x: number) => number) =>
  op({ name, ins: name === 'a' ? {} : { x: In() } }, async (_c, inputs) => {
    bodies[name] = (bodies[name] ?? 0) + 1;
    if (failing.has(name)) throw new Error(`${name} is broken`);
    return body((inputs as { x?: number }).x ?? 0);
  });
const a = counted('a', () => 1);
const b = counted('b', (x) => x + 1);
const c = counted('c', (x) => x * 10);
const d = counted('d', (x) => x + 100);
// a → b → c, a → d
const fork = job({ name: 'reexec_job', tags: { team: 'data' } }, () => {
  const first = a();
  c(b(first));
  d(first);
});

function reset(...broken: string[]): void {
  for (const key of Object.keys(bodies)) delete bodies[key];
  failing.clear();
  for (const name of broken) failing.add(name);
}

describe('re-execution', () => {
  it('from failure re-runs the failed and not-run steps and reuses the outputs of the others', async () => {
    // Prepare
    reset('b');
    const failed = await executeInProcess(fork, { raiseOnError: false, tags: { requested_by: 'me' } });
    failing.clear();

    // Act
    const retried = await reexecuteFromFailure(fork, failed.runId, { instance: failed.instance });

    // Assess
    expect(failed.success).toBe(false);
    expect(retried.success).toBe(true);
    expect(bodies).toEqual({ a: 1, b: 2, c: 1, d: 1 });
    expect(retried.outputFor('c')).toBe(20);
    expect(retried.outputFor('a')).toBe(1);
    const run = await retried.instance.getRun(retried.runId);
    expect(run).toMatchObject({ parentRunId: failed.runId, rootRunId: failed.runId });
    expect(run?.tags).toMatchObject({
      'stepster/parent_run_id': failed.runId,
      'stepster/root_run_id': failed.runId,
      'stepster/op_selection': '["b","c"]',
      requested_by: 'me',
      team: 'data',
    });
    expect(retried.eventsForNode('a')).toEqual([]);
    expect(retried.eventsForNode('b').map((e) => e.eventType)).toContain('LOADED_INPUT');
  });

  it('keeps the root of a chain of re-executions and reads each output from the run that produced it', async () => {
    // Prepare
    reset('b', 'd');
    const first = await executeInProcess(fork, { raiseOnError: false });
    failing.delete('b');
    failing.add('c');
    const second = await reexecuteFromFailure(fork, first.runId, { instance: first.instance, raiseOnError: false });
    failing.clear();

    // Act
    const third = await reexecuteFromFailure(fork, second.runId, { instance: first.instance });

    // Assess
    expect(second.success).toBe(false);
    expect(bodies).toEqual({ a: 1, b: 2, c: 2, d: 3 });
    expect(third.outputFor('c')).toBe(20);
    expect(third.outputFor('d')).toBe(101);
    const run = await third.instance.getRun(third.runId);
    expect(run).toMatchObject({ parentRunId: second.runId, rootRunId: first.runId });
    const states = await third.instance.getStepStates(third.runId);
    expect(states.a).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: first.runId });
    expect(states.b).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: second.runId });
  });

  it('re-executes all of a run, and only a selection of it while reusing the rest', async () => {
    // Prepare
    reset();
    const first = await executeInProcess(fork);

    // Act
    const all = await reexecute(fork, first.runId, { instance: first.instance, mode: 'all' });
    const afterAll = { ...bodies };
    const part = await reexecute(fork, first.runId, { instance: first.instance, selection: ['c'] });

    // Assess
    expect(afterAll).toEqual({ a: 2, b: 2, c: 2, d: 2 });
    expect(bodies).toEqual({ a: 2, b: 2, c: 3, d: 2 });
    expect(all.outputFor('d')).toBe(101);
    expect(part.outputFor('c')).toBe(20);
    expect((await all.instance.getRun(all.runId))?.tags['stepster/op_selection']).toBeUndefined();
  });

  it('refuses to re-execute from failure a run that succeeded, before any run starts', async () => {
    // Prepare
    reset();
    const first = await executeInProcess(fork);
    const runsBefore = (await first.instance.getRuns({ jobName: 'reexec_job', limit: 100 })).length;

    // Act
    const act = reexecuteFromFailure(fork, first.runId, { instance: first.instance });

    // Assess
    await expect(act).rejects.toBeInstanceOf(ReexecutionError);
    await expect(act).rejects.toThrow(/succeeded, so there is no failure to re-execute from/);
    expect((await first.instance.getRuns({ jobName: 'reexec_job', limit: 100 })).length).toBe(runsBefore);
  });

  it('refuses lineage tags that name a run of another job, in an input written by hand', async () => {
    // Prepare
    reset();
    const other = job({ name: 'other_job' }, () => {
      a();
    });
    const foreign = await executeInProcess(other);
    const tasks = createJobTasks({ job: fork, store: foreign.instance, tokens: { sendTaskSuccess: async () => {} } });
    const lineage = { 'stepster/parent_run_id': foreign.runId, 'stepster/root_run_id': foreign.runId };

    // Act
    const act = tasks.runStart({
      input: { stepster: { tags: lineage } },
      execution: { Name: `forged-${foreign.runId}` },
    });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RunConfigError);
    await expect(act).rejects.toThrow(`run "${foreign.runId}" ran job "other_job", not "reexec_job"`);
    expect(bodies).toEqual({ a: 1 });
  });

  it('plans every launcher’s re-execution in one place, telling an unknown run or job from a refused one', async () => {
    // Prepare
    reset('b');
    const failed = await executeInProcess(fork, { raiseOnError: false });
    const withJob = new Definitions({ jobs: [fork] });
    const withoutJob = new Definitions({ jobs: [job({ name: 'another_job' }, () => void a())] });
    const refusal = (act: Promise<unknown>) =>
      act.then(
        () => 'planned',
        (error: unknown) => (error instanceof ReexecutionError ? error.reason : 'other error'),
      );

    // Act
    const planned = await planRunReexecution(withJob, failed.instance, failed.runId, { mode: 'from-failure' });
    const reasons = await Promise.all([
      refusal(planRunReexecution(withJob, failed.instance, 'no-such-run')),
      refusal(planRunReexecution(withoutJob, failed.instance, failed.runId)),
      refusal(planRunReexecution(withJob, failed.instance, failed.runId, { mode: 'from-failure', selection: ['a'] })),
    ]);

    // Assess
    expect(planned.job).toBe(fork);
    expect(planned.plan.input.selection).toEqual(['b', 'c']);
    expect(reasons).toEqual([
      ReexecutionRefusal.UNKNOWN_RUN,
      ReexecutionRefusal.UNKNOWN_JOB,
      ReexecutionRefusal.NOT_REEXECUTABLE,
    ]);
  });
});
