import { describe, expect, it } from 'vitest';
import {
  blocksDownstream,
  countsAsFailed,
  isStepDone,
  isStepFinal,
  StepStatus,
} from '../../shared/event-log/step-state.js';

const EVERY_STATUS: readonly (StepStatus | undefined)[] = [undefined, ...Object.values(StepStatus)];

/** The statuses for which `predicate` holds, in EVERY_STATUS order (undefined printed as 'none'). */
function holdingFor(predicate: (status: StepStatus | undefined) => boolean): string[] {
  return EVERY_STATUS.filter(predicate).map((status) => status ?? 'none');
}

describe('step status predicates', () => {
  it('isStepFinal: SUCCESS, FAILURE, SKIPPED, BLOCKED and NOT_SELECTED, not UP_FOR_RETRY nor no state', () => {
    // Prepare
    const expected = ['SUCCESS', 'FAILURE', 'SKIPPED', 'BLOCKED', 'NOT_SELECTED'];

    // Act
    const final = holdingFor(isStepFinal);

    // Assess
    expect(final).toEqual(expected);
  });

  it('isStepDone agrees with isStepFinal on every status, and is false without a state', () => {
    // Prepare
    const states = Object.values(StepStatus).map((status) => ({ status, attempt: 1 }));

    // Act
    const done = states.map((state) => isStepDone(state));
    const withoutState = isStepDone(undefined);

    // Assess
    expect(done).toEqual(states.map((state) => isStepFinal(state.status)));
    expect(withoutState).toBe(false);
  });

  it('blocksDownstream: no state, FAILURE, BLOCKED and UP_FOR_RETRY; SKIPPED lets the downstream skip itself, NOT_SELECTED lets it read reused outputs', () => {
    // Prepare
    const expected = ['none', 'UP_FOR_RETRY', 'FAILURE', 'BLOCKED'];

    // Act
    const blocking = holdingFor(blocksDownstream);

    // Assess
    expect(blocking).toEqual(expected);
  });

  it('countsAsFailed: no state, FAILURE and UP_FOR_RETRY; BLOCKED steps are not listed as failed', () => {
    // Prepare
    const expected = ['none', 'UP_FOR_RETRY', 'FAILURE'];

    // Act
    const failed = holdingFor(countsAsFailed);

    // Assess
    expect(failed).toEqual(expected);
  });
});
