// The built-in notification resources against what they talk to on 127.0.0.1: SMTP against a
// real SMTP server (the smtp-server package); Slack and SES v2 against HTTP protocol doubles
// (test/support/notification-doubles.ts), since neither has a local implementation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationDeliveryError } from '../../shared/notifications/notification-delivery-error.js';
import { SesEmailResource } from '../../shared/notifications/ses-email-resource.js';
import { SlackResource } from '../../shared/notifications/slack-resource.js';
import { SmtpResource } from '../../shared/notifications/smtp-resource.js';
import { EnvVar } from '../../shared/resources/env-var.js';
import { ResourceConfigError } from '../../shared/resources/resource-config-error.js';
import { ResourceSet } from '../../shared/resources/resource-set.js';
import {
  type HttpDouble,
  sesError,
  slackError,
  startSesDouble,
  startSlackDouble,
} from '../support/notification-doubles.js';
import { type SmtpDouble, startSmtpDouble } from '../support/smtp-double.js';
import { rejection } from '../support/rejection.js';

/** A resource as stepster hands it to an op: config validated, set up once. */
async function setUp<R>(resource: R, env: Record<string, string> = {}): Promise<R> {
  const resources = await new ResourceSet({ it: resource }, { env }).forKeys(['it']);
  return resources.it as R;
}

let slackDouble: HttpDouble;
let sesDouble: HttpDouble;
let smtp: SmtpDouble;

beforeAll(async () => {
  slackDouble = await startSlackDouble();
  sesDouble = await startSesDouble();
  smtp = await startSmtpDouble({ users: { reports: 'mail-password-123' } });
});

afterAll(async () => {
  await Promise.all([slackDouble.close(), sesDouble.close(), smtp.close()]);
});

describe('SlackResource', () => {
  it('posts through an incoming webhook, and names the reply of one that refuses', async () => {
    // Prepare
    const slack = await setUp(new SlackResource({ webhookUrl: EnvVar('SLACK_WEBHOOK_URL') }), {
      SLACK_WEBHOOK_URL: `${slackDouble.url}/hooks/T000/B000/XXXX`,
    });
    const before = slackDouble.requests.length;

    // Act
    await slack.postMessage({ text: 'Sales pipeline completed', blocks: [{ type: 'divider' }] });
    slackDouble.reply(() => ({ status: 404, body: 'no_service' }));
    const refused = await rejection(slack.postMessage({ text: 'again' }));
    slackDouble.reply((request) =>
      request.path.startsWith('/hooks/') ? { status: 200, body: 'ok' } : slackError('x'),
    );

    // Assess
    const request = slackDouble.requests[before];
    expect(request?.path).toBe('/hooks/T000/B000/XXXX');
    expect(request?.json()).toEqual({ text: 'Sales pipeline completed', blocks: [{ type: 'divider' }] });
    expect(refused).toBeInstanceOf(NotificationDeliveryError);
    expect((refused as NotificationDeliveryError).message).toBe(
      'Slack incoming webhook post failed: HTTP 404 no_service',
    );
    expect((refused as Error).message).not.toContain('/hooks/');
  });

  it('posts with a bot token through chat.postMessage, and names Slack’s error when it answers ok: false', async () => {
    // Prepare
    await slackDouble.close();
    slackDouble = await startSlackDouble();
    const slack = await setUp(new SlackResource({ token: 'xoxb-test-token', baseUrl: `${slackDouble.url}/api` }));

    // Act
    const posted = await slack.postMessage({ channel: '#data-alerts', text: 'Run failed' });
    slackDouble.reply(() => slackError('channel_not_found'));
    const refused = await rejection(slack.postMessage({ channel: '#nowhere', text: 'Run failed' }));
    const noChannel = await rejection(slack.postMessage({ text: 'Run failed' }));

    // Assess
    const request = slackDouble.requests[0];
    expect(request?.path).toBe('/api/chat.postMessage');
    expect(request?.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(request?.json()).toEqual({ channel: '#data-alerts', text: 'Run failed' });
    expect(posted).toEqual({ channel: 'C-data-alerts', ts: '1700000000.000100' });
    expect((refused as NotificationDeliveryError).reason).toBe('channel_not_found');
    expect((refused as Error).message).toBe('Slack chat.postMessage to #nowhere failed: channel_not_found');
    expect((noChannel as Error).message).toContain('no channel');
    expect(slackDouble.requests).toHaveLength(2);
  });

  it('refuses config with both or neither of webhookUrl and token, naming the resource', async () => {
    // Prepare
    const neither = new SlackResource({});
    const both = new SlackResource({ webhookUrl: 'https://hooks.slack.com/services/x', token: 'xoxb-1' });

    // Act
    const issues = new ResourceSet({ slack: neither, other: both }).validate(['slack', 'other']);
    const setUpError = await rejection(setUp(neither));

    // Assess
    expect(issues.map((i) => i.path)).toEqual(['resources.slack.config', 'resources.other.config']);
    expect(issues[0]?.message).toContain('exactly one of webhookUrl');
    expect(setUpError).toBeInstanceOf(ResourceConfigError);
  });
});

describe('SmtpResource', () => {
  it('sends through a real SMTP server: login, subject, body, and an attachment', async () => {
    // Prepare
    const resource = await setUp(
      new SmtpResource({
        host: '127.0.0.1',
        port: EnvVar('SMTP_PORT'),
        user: 'reports',
        password: 'mail-password-123',
        from: 'reports@example.com',
      }),
      { SMTP_PORT: String(smtp.port) },
    );
    const warnings = JSON.stringify([{ asset: 'sales', errors: 3 }]);

    // Act
    const sent = await resource.send({
      to: ['team@example.com', 'lead@example.com'],
      subject: 'Daily Pipeline Report',
      body: 'Pipeline completed successfully.',
      attachments: [{ filename: 'validation_warnings.json', content: warnings, contentType: 'application/json' }],
    });

    // Assess
    const mail = smtp.mails.at(-1);
    expect(mail?.user).toBe('reports');
    expect(mail?.from).toBe('reports@example.com');
    expect(mail?.to).toEqual(['team@example.com', 'lead@example.com']);
    expect(mail?.raw).toMatch(/^Subject: Daily Pipeline Report\r?$/m);
    expect(mail?.raw).toContain('Pipeline completed successfully.');
    expect(mail?.raw).toMatch(/Content-Type: application\/json; name=validation_warnings\.json/);
    expect(mail?.raw).toContain(Buffer.from(warnings).toString('base64'));
    expect(sent.messageId).toMatch(/@/);
  });

  it('throws the server’s reply when the login is refused', async () => {
    // Prepare
    const resource = await setUp(
      new SmtpResource({ host: '127.0.0.1', port: smtp.port, user: 'reports', password: 'wrong-password' }),
    );
    const before = smtp.mails.length;

    // Act
    const error = await rejection(resource.send({ to: 'team@example.com', subject: 'Report', body: 'Done' }));

    // Assess
    expect(error).toBeInstanceOf(NotificationDeliveryError);
    expect((error as Error).message).toContain(
      `SMTP message "Report" to team@example.com via 127.0.0.1:${smtp.port} failed`,
    );
    expect((error as Error).message).toContain('Invalid username or password');
    expect(smtp.mails).toHaveLength(before);
  });
});

describe('SesEmailResource', () => {
  it('sends SES v2 SendEmail: Simple content without attachments, a raw MIME message with them', async () => {
    // Prepare
    const ses = await setUp(new SesEmailResource({ from: 'alerts@example.com', endpoint: sesDouble.url }));

    // Act
    const plain = await ses.send({
      to: 'team@example.com',
      subject: 'Run failed',
      body: 'sales_job failed',
      html: '<b>failed</b>',
    });
    const withFile = await ses.send({
      to: 'team@example.com',
      subject: 'Warnings',
      body: '3 warnings',
      attachments: [
        { filename: 'warnings.csv', content: new TextEncoder().encode('row,error\n3,bad'), contentType: 'text/csv' },
      ],
    });

    // Assess
    const [first, second] = sesDouble.requests.map((r) => r.json());
    expect(first).toEqual({
      FromEmailAddress: 'alerts@example.com',
      Destination: { ToAddresses: ['team@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Run failed', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'sales_job failed', Charset: 'UTF-8' },
            Html: { Data: '<b>failed</b>', Charset: 'UTF-8' },
          },
        },
      },
    });
    const content = second?.Content as { Raw?: { Data?: string } } | undefined;
    const raw = Buffer.from(String(content?.Raw?.Data), 'base64').toString('utf8');
    expect(raw).toMatch(/^Subject: Warnings\r?$/m);
    expect(raw).toMatch(/^From: alerts@example.com\r?$/m);
    expect(raw).toContain('Content-Type: text/csv; name=warnings.csv');
    expect(raw).toContain(Buffer.from('row,error\n3,bad').toString('base64'));
    expect(sesDouble.requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect([plain.messageId, withFile.messageId]).toEqual(['local-message-1', 'local-message-2']);
  });

  it('throws SES’s error name and message when it rejects the message', async () => {
    // Prepare
    const ses = await setUp(new SesEmailResource({ from: 'unverified@example.com', endpoint: sesDouble.url }));
    sesDouble.reply(() => sesError(400, 'MessageRejected', 'Email address is not verified: unverified@example.com'));

    // Act
    const error = await rejection(ses.send({ to: 'team@example.com', subject: 'Run failed', body: 'x' }));

    // Assess
    expect(error).toBeInstanceOf(NotificationDeliveryError);
    expect((error as NotificationDeliveryError).reason).toBe(
      'MessageRejected: Email address is not verified: unverified@example.com',
    );
    expect((error as Error).message).toContain('SES SendEmail "Run failed" to team@example.com failed');
  });
});
