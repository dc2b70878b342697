// `cdk synth` of an observation job on a daily schedule (fixtures/observation-definitions.ts):
// the observation job deploys as its own state machine, and the schedule starts exactly it.
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedStepster, synthStepster } from './support/stepster-synth.js';

let synth: SynthesizedStepster;

beforeAll(async () => {
  synth = await synthStepster({ definitionsFile: 'test/infra/fixtures/observation-definitions.ts', stage: 'test' });
}, 300_000);

describe('an observation job on a daily schedule', () => {
  it('synthesizes an EventBridge Scheduler schedule at midnight UTC that starts the observation job’s state machine', () => {
    // Prepare
    const resources = Object.entries(synth.template.Resources);
    const schedules = resources.filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule').map(([, r]) => r);
    const machines = resources.filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');

    // Act
    const [daily] = schedules;
    const target = daily?.Properties?.Target as { Input?: unknown } | undefined;
    const input = JSON.stringify(target?.Input);
    const observationMachine = machines.find(
      ([, r]) => r.Properties?.StateMachineName === 'stepster-test-observation_job',
    );

    // Assess
    expect(schedules).toHaveLength(1);
    expect(daily?.Properties).toMatchObject({ Name: 'observe_foo_daily', ScheduleExpression: 'cron(0 0 * * ? *)' });
    expect(observationMachine).toBeDefined();
    expect(input).toContain(':stateMachine:stepster-test-observation_job\\"');
    expect(input).toContain('\\"stepster/schedule_name\\":\\"observe_foo_daily\\"');
    expect(synth.definitions.getJob('observation_job').nodes.map((n) => n.name)).toEqual(['foo_source_asset']);
    expect(synth.definitions.getJob('__ASSET_JOB').nodes.map((n) => n.name)).toEqual(['foo_report']);
  });
});
