import { describe, expect, it } from 'vitest';
import { synthStepster } from './support/stepster-synth.js';

describe('cdk deploy -c stage=prod of the examples', () => {
  it('deploys only the prod jobs, with the CloudWatch logger group of prod_logs and its grant', async () => {
    // Act
    const synth = await synthStepster({ definitionsFile: 'examples/definitions.ts', stage: 'prod' });

    // Assess
    const resources = Object.values(synth.template.Resources ?? {}) as {
      Type: string;
      Properties?: Record<string, unknown>;
    }[];
    const machines = resources
      .filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
      .map((r) => String(r.Properties?.StateMachineName ?? ''))
      .filter((n) => !n.endsWith('-schedules'));
    expect(machines.sort()).toEqual(
      [
        'stepster-prod-failure_job',
        'stepster-prod-prod_logs',
        'stepster-prod-retry_job',
        'stepster-prod-sales_job',
      ].sort(),
    );
    const group = resources.find(
      (r) => r.Type === 'AWS::Logs::LogGroup' && r.Properties?.LogGroupName === '/stepster/prod_logs',
    );
    expect(group?.Properties?.RetentionInDays).toBe(365);
    // Only the role of prod_logs' op function may write to the logger's group.
    const writers = Object.entries(synth.template.Resources ?? {})
      .filter(
        ([, r]) =>
          (r as { Type: string }).Type === 'AWS::IAM::Policy' &&
          JSON.stringify(r).includes('log-group:/stepster/prod_logs'),
      )
      .map(([, r]) => JSON.stringify(r.Properties?.Roles));
    expect(writers).toHaveLength(1);
    expect(writers[0]).toMatch(/JobprodlogsOplogop/);
  }, 300_000);
});
