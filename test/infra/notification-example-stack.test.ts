// examples/notifications as `cdk synth -c env.NAME=value` deploys it: bundled for real, checked
// by cdk-nag's AwsSolutions rules (the synth throws on any finding nobody acknowledged), with
// each endpoint variable set only on the functions whose steps or sensors use that resource.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStepsterApp, type StepsterApp } from '../../infra/stepster-app.js';

const ENDPOINTS = {
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/example',
  SMTP_HOST: 'smtp.example.com',
  SMTP_PORT: '587',
  SMTP_FROM: 'pipelines@example.com',
};

let built: StepsterApp;
let template: Template;

beforeAll(async () => {
  const context = Object.fromEntries(Object.entries(ENDPOINTS).map(([name, value]) => [`env.${name}`, value]));
  built = await createStepsterApp({
    app: new App({ outdir: mkdtempSync(join(tmpdir(), 'stepster-cdk-')), context }),
    stage: 'notify',
    definitionsFile: 'examples/notifications/definitions.ts',
  });
  built.app.synth();
  template = Template.fromStack(built.stack);
}, 300_000);

/** The names of the functions whose environment sets `variable`, sorted. */
function functionsWith(variable: string): string[] {
  return Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((fn) => variable in (fn.Properties?.Environment?.Variables ?? {}))
    .map((fn) => String(fn.Properties?.FunctionName))
    .sort();
}

describe('examples/notifications on AWS', () => {
  it('synthesizes with cdk-nag clean, deploying the pipeline, its asset job and the failing job', () => {
    // Assess
    expect([...built.stack.jobs.keys()].sort()).toEqual([
      '__ASSET_JOB',
      'broken_warehouse_job',
      'sales_assets',
      'sales_pipeline',
    ]);
  });

  it('sets the Slack webhook only on the notification asset and the sensors function', () => {
    // Act
    const slack = functionsWith('SLACK_WEBHOOK_URL');

    // Assess
    expect(slack).toEqual([
      'stepster-notify-__ASSET_JOB-notify_sales_complete',
      'stepster-notify-lifecycle',
      'stepster-notify-sales_pipeline-notify_sales_complete',
    ]);
  });

  it('sets the SMTP endpoint only on the email asset and the sensors function', () => {
    // Act
    const smtp = functionsWith('SMTP_HOST');

    // Assess
    expect(smtp).toEqual([
      'stepster-notify-__ASSET_JOB-email_pipeline_report',
      'stepster-notify-lifecycle',
      'stepster-notify-sales_pipeline-email_pipeline_report',
    ]);
    expect(functionsWith('SMTP_PORT')).toEqual(smtp);
  });
});
