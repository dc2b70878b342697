import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurableResource,
  EnvVar,
  ResourceConfigError,
  ResourceEnvironment,
  ResourceSet,
  SlackResource,
  secret,
} from 'stepster';

class Smtp extends ConfigurableResource(
  z.object({ host: z.string(), port: z.number().default(587), password: z.string() }),
) {
  address(): string {
    return `${this.config.host}:${this.config.port}`;
  }
}

describe('ResourceSet.validate', () => {
  it('locally reports an unset EnvVar; deployed (synth checked it) leaves it to the functions that have it', () => {
    // Prepare
    const resources = { smtp: new Smtp({ host: EnvVar('SMTP_HOST_UNSET_IN_TESTS'), password: secret('prod/smtp') }) };

    // Act
    const local = new ResourceSet(resources, { env: {} }).validate(['smtp']);
    const deployed = new ResourceSet(resources, { env: {}, environment: ResourceEnvironment.DEPLOYED }).validate([
      'smtp',
    ]);

    // Assess
    expect(local).toEqual([
      {
        path: 'resources.smtp.config.host',
        message:
          'environment variable SMTP_HOST_UNSET_IN_TESTS is not set: export it (or pass runConfig.resources.smtp.config.host)',
      },
    ]);
    // The secret field is never fetched nor reported at validation.
    expect(deployed).toEqual([]);
  });

  it('leaves a rule over several fields to set-up when one of them is a secret or a deployed EnvVar', () => {
    // Prepare: SlackResource requires exactly one of webhookUrl and token, a rule on the whole config.
    const fromSecret = { slack: new SlackResource({ webhookUrl: secret('prod/slack-webhook') }) };
    const fromEnv = { slack: new SlackResource({ webhookUrl: EnvVar('SLACK_WEBHOOK_URL_UNSET_IN_TESTS') }) };
    const both = { slack: new SlackResource({ webhookUrl: 'https://hooks.example.com/x', token: 'xoxb-1' }) };

    // Act
    const secretIssues = new ResourceSet(fromSecret, { env: {} }).validate(['slack']);
    const deployedIssues = new ResourceSet(fromEnv, { env: {}, environment: ResourceEnvironment.DEPLOYED }).validate([
      'slack',
    ]);
    const bothIssues = new ResourceSet(both, { env: {} }).validate(['slack']);

    // Assess
    expect(secretIssues).toEqual([]);
    expect(deployedIssues).toEqual([]);
    expect(bothIssues.map((issue) => issue.path)).toEqual(['resources.slack.config']);
  });

  it('names unknown fields and resources that take no config', () => {
    // Prepare
    const set = new ResourceSet({ smtp: new Smtp({ host: 'mail', password: 'p' }), paths: { out: '/tmp' } });

    // Act
    const issues = set.validate(['smtp', 'paths'], {
      smtp: { config: { hots: 'typo' } },
      paths: { config: { out: '/x' } },
    });

    // Assess
    expect(issues.map((i) => i.path)).toEqual(['runConfig.resources.smtp.config.hots', 'runConfig.resources.paths']);
    expect(issues[0]?.message).toMatch(/^unknown field/);
    expect(issues[1]?.message).toBe('resource "paths" takes no config');
  });
});

describe('a ConfigurableResource instance', () => {
  it('is never mutated: config lives on the set-up copy, and reading it before set-up says what to do', async () => {
    // Prepare
    const smtp = new Smtp({ host: 'mail', password: 'p' });

    // Act
    const { smtp: copy } = await new ResourceSet({ smtp }, { env: {} }).forKeys(['smtp']);

    // Assess
    expect((copy as Smtp).address()).toBe('mail:587');
    expect(copy).toBeInstanceOf(Smtp);
    expect(() => smtp.address()).toThrow(ResourceConfigError);
    expect(() => smtp.address()).toThrow(/declare the resource in Definitions\(\{ resources \}\)/);
  });
});
