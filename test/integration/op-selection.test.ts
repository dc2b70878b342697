// Op selection through the real compiled state machine (aws-local-stepfunctions + dynalite):
// unselected steps are skipped by their own tasks at run time, not compiled out.
import { describe, expect, it } from 'vitest';
import { compileJob, executeInProcess, In, job, op, RunFailedError } from 'stepster';

const ran: string[] = [];
const a = op({ name: 'a' }, async () => {
  ran.push('a');
  return 1;
});
const b = op({ name: 'b', ins: { x: In() } }, async (_c, { x }) => {
  ran.push('b');
  return (x as number) + 1;
});
const c = op({ name: 'c', ins: { x: In() } }, async (_c, { x }) => {
  ran.push('c');
  return (x as number) * 10;
});
const d = op({ name: 'd', ins: { x: In() } }, async (_c, { x }) => {
  ran.push('d');
  return (x as number) + 100;
});
// a → b → c, a → d
const fork = job({ name: 'fork_job' }, () => {
  const first = a();
  c(b(first));
  d(first);
});

// Not series-parallel (A→C, A→D, B→D, B→E): D waits behind a gate that its upstream steps release.
const gatedOp = (name: string) =>
  op({ name, ins: { x: In(), y: In() } }, async (_c, { x, y }) => {
    ran.push(name);
    return [x, y];
  });
const src = (name: string) =>
  op({ name }, async () => {
    ran.push(name);
    return name;
  });
const single = (name: string) =>
  op({ name, ins: { x: In() } }, async (_c, { x }) => {
    ran.push(name);
    return x;
  });
const gated = job({ name: 'gated_job' }, () => {
  const A = src('A')();
  const B = src('B')();
  single('C')(A);
  gatedOp('D')(A, B);
  single('E')(B);
});

describe('executeInProcess({ opSelection })', () => {
  it('runs only the selected steps, writes nothing for the others and tags the run', async () => {
    // Prepare
    ran.length = 0;

    // Act
    const result = await executeInProcess(fork, { opSelection: ['*b'] });

    // Assess
    expect(ran).toEqual(['a', 'b']);
    expect(result.outputFor('b')).toBe(2);
    expect([...new Set(result.events.flatMap((e) => (e.stepKey ? [e.stepKey] : [])))].sort()).toEqual(['a', 'b']);
    expect(result.events.some((e) => e.eventType === 'STEP_SKIPPED')).toBe(false);
    const run = await result.instance.getRun(result.runId);
    expect(run?.status).toBe('SUCCESS');
    expect(run?.tags['stepster/op_selection']).toBe('["a","b"]');
    const states = await result.instance.getStepStates(result.runId);
    expect(states.c?.status).toBe('NOT_SELECTED');
    expect(() => result.outputFor('c')).toThrow(/produced no output/);
  });

  it('takes one layer down with a+ and two with a++', async () => {
    // Prepare
    ran.length = 0;

    // Act
    await executeInProcess(fork, { opSelection: ['a+'] });
    const oneLayer = [...ran].sort();
    ran.length = 0;
    await executeInProcess(fork, { opSelection: ['a++'] });

    // Assess
    expect(oneLayer).toEqual(['a', 'b', 'd']);
    expect([...ran].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails the run before any op runs when a query names no step', async () => {
    // Prepare
    ran.length = 0;

    // Act
    const act = executeInProcess(fork, { opSelection: ['a', 'nope*'] });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RunFailedError);
    await expect(act).rejects.toThrow('selection[1]: job "fork_job" has no step "nope"; its steps are: a, b, c, d');
    expect(ran).toEqual([]);
  });

  it('refuses a selected step whose input comes from an unselected op, naming the step and the input', async () => {
    // Prepare
    ran.length = 0;

    // Act
    const result = await executeInProcess(fork, { opSelection: ['c'], raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(ran).toEqual([]);
    const failure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    expect(failure?.message).toContain(
      'step "c" input "x" reads output "result" of step "b", which the selection leaves out: select "b" too (e.g. "+c")',
    );
  });

  it('releases a gated join whose upstream steps were left out of the selection', async () => {
    // Prepare
    ran.length = 0;
    const compiled = compileJob(gated);

    // Act
    const result = await executeInProcess(gated, { opSelection: ['*D'] });
    const onlyE = await executeInProcess(gated, { opSelection: ['+E'] });

    // Assess
    expect(compiled.stats.gatedOps).toContain('D');
    expect(result.outputFor('D')).toEqual(['A', 'B']);
    expect(onlyE.outputFor('E')).toBe('B');
    expect([...ran].sort()).toEqual(['A', 'B', 'B', 'D', 'E']);
  });
});
