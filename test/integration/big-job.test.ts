// Issue 12, item 6: a job too big for one state machine runs locally through its compiled parent
// and child state machines (aws-local-stepfunctions, dynalite): one run, one event log.
import { describe, expect, it } from 'vitest';
import { compileJob, EventType, executeInProcess, In, job, op } from 'stepster';

/** A chain of `length` ops, each adding one to what it reads; `fail` names an op that throws. */
function chainJob(length: number, fail?: string) {
  const first = op({ name: 'step_0' }, async () => 0);
  const next = op({ name: 'step', ins: { n: In() } }, async (context, { n }) => {
    if (context.opName === fail) throw new Error(`boom in ${fail}`);
    return (n as number) + 1;
  });
  return job({ name: `chain_${length}` }, () => {
    let value = first();
    for (let i = 1; i < length; i++) value = next.alias(`step_${i}`)(value);
  });
}

describe('a job past one state machine', () => {
  it('runs 3,000 ops locally through a parent and its child executions, as one run', async () => {
    // Prepare
    const big = chainJob(3000);
    const { children, stats } = compileJob(big);

    // Act
    const result = await executeInProcess(big);

    // Assess
    expect(children.length).toBeGreaterThan(1);
    expect(result.success).toBe(true);
    expect(result.outputFor('step_2999')).toBe(2999);
    const successes = result.events.filter((e) => e.eventType === EventType.STEP_SUCCESS);
    expect(successes).toHaveLength(3000);
    expect(result.events.filter((e) => e.eventType === EventType.RUN_SUCCESS)).toHaveLength(1);
    expect(result.stateTransitions).toBe(stats.transitionsPerRun);
  }, 300_000);

  it('fails the run naming the op that failed in a child, and runs nothing behind it', async () => {
    // Prepare
    const big = chainJob(1200, 'step_700');

    // Act
    const result = await executeInProcess(big, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    const failed = result.events.filter((e) => e.eventType === EventType.STEP_FAILURE).map((e) => e.stepKey);
    expect(failed).toEqual(['step_700']);
    expect(result.events.some((e) => e.stepKey === 'step_701' && e.eventType === EventType.STEP_START)).toBe(false);
    expect(result.events.filter((e) => e.eventType === EventType.RUN_FAILURE)).toHaveLength(1);
  }, 300_000);
});
