// What `cdk synth` does with resources: each EnvVar a resource reads is looked up in the
// deploying environment (or `-c env.NAME=value`), validated with the resource's schema, and set
// only on the functions whose ops require that resource; a secret never becomes a value.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StepsterStack } from '../../infra/stepster-stack.js';
import {
  ConfigurableResource,
  DefinitionError,
  Definitions,
  EnvVar,
  job,
  makeEmailOnRunFailureSensor,
  op,
  SesEmailResource,
  secret,
} from 'stepster';
import { fakeBundles } from './support/fake-bundles.js';

class MailResource extends ConfigurableResource(
  z.object({ host: z.string().min(1), port: z.coerce.number().int(), password: z.string() }),
) {}

const send = op({ name: 'send', requiredResourceKeys: ['mail'] }, async () => 1);
const count = op({ name: 'count' }, async () => 2);
const mailJob = job({ name: 'mail_job' }, () => {
  send();
  count();
});
const definitions = new Definitions({
  jobs: [mailJob],
  resources: {
    mail: new MailResource({ host: EnvVar('MAIL_HOST'), port: EnvVar('MAIL_PORT'), password: secret('prod/mail') }),
  },
});

function synth(resourceEnv: Record<string, string>, context: Record<string, string> = {}): Template {
  const stack = new StepsterStack(new App({ context }), 'stepster-unit', {
    definitions,
    bundles: fakeBundles(['send', 'count']),
    stage: 'unit',
    resourceEnv,
  });
  return Template.fromStack(stack);
}

function variablesOf(template: Template, functionName: string): Record<string, string> {
  const [fn] = Object.values(
    template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName } }),
  );
  return (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, string>;
}

describe('EnvVar at synth', () => {
  it('sets each variable only on the functions whose ops require the resource, never the secret', () => {
    // Prepare
    const env = { MAIL_HOST: 'smtp.example.com', MAIL_PORT: '587' };

    // Act
    const template = synth(env);

    // Assess
    expect(variablesOf(template, 'stepster-unit-mail_job-send')).toMatchObject(env);
    expect(Object.keys(variablesOf(template, 'stepster-unit-mail_job-count'))).not.toContain('MAIL_HOST');
    expect(Object.keys(variablesOf(template, 'stepster-unit-mail_job-run-start'))).not.toContain('MAIL_HOST');
    expect(JSON.stringify(template.toJSON())).not.toContain('prod/mail"');
  });

  it('takes -c env.NAME=value before the environment', () => {
    // Act
    const template = synth({ MAIL_HOST: 'from-shell', MAIL_PORT: '25' }, { 'env.MAIL_HOST': 'from-context' });

    // Assess
    expect(variablesOf(template, 'stepster-unit-mail_job-send').MAIL_HOST).toBe('from-context');
  });

  it('refuses to synth when a variable is missing or invalid, naming the job, the field, the variable and the fix', () => {
    // Act
    const missing = () => synth({ MAIL_PORT: '587' });
    const invalid = () => synth({ MAIL_HOST: 'smtp.example.com', MAIL_PORT: 'twenty-five' });

    // Assess
    expect(missing).toThrow(DefinitionError);
    expect(missing).toThrow(/job "mail_job" cannot be deployed/);
    expect(missing).toThrow(/resources\.mail\.config\.host: environment variable MAIL_HOST is not set/);
    expect(missing).toThrow(/-c env\.<NAME>=<value>/);
    expect(invalid).toThrow(/resources\.mail\.config\.port/);
  });
});

describe('notification resources at synth', () => {
  class Sender extends SesEmailResource {}
  const notify = op({ name: 'notify', requiredResourceKeys: ['email'] }, async () => 1);
  const quiet = op({ name: 'quiet' }, async () => 1);
  const alertJob = job({ name: 'alert_job' }, () => {
    notify();
    quiet();
  });
  const alertDefinitions = new Definitions({
    jobs: [alertJob],
    resources: { email: new Sender({ from: EnvVar('ALERT_FROM') }) },
    sensors: [makeEmailOnRunFailureSensor({ name: 'mail_on_failure', emailTo: 'oncall@example.com', email: 'email' })],
  });

  function alertTemplate(): Template {
    const stack = new StepsterStack(new App(), 'stepster-unit', {
      definitions: alertDefinitions,
      bundles: fakeBundles(['notify', 'quiet']),
      stage: 'unit',
      resourceEnv: { ALERT_FROM: 'Reports <reports@example.com>' },
    });
    return Template.fromStack(stack);
  }

  it('lets only the functions that send (the op that requires it, and the lifecycle for the sensor) use SES, from that identity', () => {
    // Act
    const template = alertTemplate();

    // Assess
    const senders = statementsWith(template, 'ses:SendEmail');
    expect(senders.map((s) => s.role).sort()).toEqual([
      expect.stringMatching(/^JobalertjobOpnotify/),
      expect.stringMatching(/^LifecycleFunction/),
    ]);
    for (const { resources } of senders) {
      expect(resources).toContain(':identity/reports@example.com');
      expect(resources).toContain(':identity/example.com');
    }
    expect(variablesOf(template, 'stepster-unit-lifecycle').ALERT_FROM).toBe('Reports <reports@example.com>');
    expect(variablesOf(template, 'stepster-unit-alert_job-quiet').ALERT_FROM).toBeUndefined();
  });
});

function statementsWith(template: Template, action: string): { role: string; resources: string }[] {
  const found: { role: string; resources: string }[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy.Properties?.Roles ?? []) as { Ref?: string }[];
    const statements = (policy.Properties?.PolicyDocument?.Statement ?? []) as { Action: unknown; Resource: unknown }[];
    for (const statement of statements) {
      if (![statement.Action].flat().includes(action)) continue;
      for (const role of roles) found.push({ role: role.Ref ?? '', resources: JSON.stringify(statement.Resource) });
    }
  }
  return found;
}
