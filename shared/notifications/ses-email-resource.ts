import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { errorMessage } from '../errors/error-message.js';
import { ConfigurableResource } from '../resources/configurable-resource.js';
import { type EmailMessage, type EmailSendResult, type EmailSender, recipientsOf } from './email-message.js';
import { buildMimeMessage } from './mime-message.js';
import { NotificationDeliveryError, NotificationService } from './notification-delivery-error.js';

const sesConfig = z.object({
  /** A verified SES identity (address or an address of a verified domain). */
  from: z.string().min(3),
  /** @default the function's region (AWS_REGION) */
  region: z.string().min(1).optional(),
  /** Another SES endpoint (a local one in tests). @default SES's endpoint of the region */
  endpoint: z.string().url().optional(),
});

/** Region of a client pointed at a local endpoint when nothing names one. */
const LOCAL_REGION = 'us-east-1';

/**
 * Sends email through Amazon SES v2 `SendEmail` with the function's own role: no SMTP
 * password exists, and the deployed stack grants `ses:SendEmail` on the `from` identity only.
 * A message with attachments goes as a raw MIME document. A rejection (unverified identity,
 * sandbox recipient, throttling) throws {@link NotificationDeliveryError} naming SES's error.
 *
 * @example
 * new Definitions({ jobs, resources: { email: new SesEmailResource({ from: EnvVar('REPORT_FROM') }) } });
 * await context.resources.email.send({ to: 'team@example.com', subject: 'Daily report', body: 'Done',
 *   attachments: [{ filename: 'report.csv', content: csv, contentType: 'text/csv' }] });
 */
export class SesEmailResource extends ConfigurableResource(sesConfig) implements EmailSender {
  private client: SESv2Client | undefined;

  /** Sends one message; resolves with SES's MessageId. */
  async send(message: EmailMessage): Promise<EmailSendResult> {
    const to = recipientsOf(message);
    const what = `SendEmail "${message.subject}" to ${to.join(', ') || '(nobody)'}`;
    if (to.length === 0) throw failure(what, 'no recipient: pass send({ to: "team@example.com", ... })');
    const { from } = this.config;
    const content =
      message.attachments !== undefined && message.attachments.length > 0
        ? { Raw: { Data: new Uint8Array(await buildMimeMessage(from, message)) } }
        : {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.body, Charset: 'UTF-8' },
                ...(message.html !== undefined ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
              },
            },
          };
    try {
      const output = await this.sesClient().send(
        new SendEmailCommand({ FromEmailAddress: from, Destination: { ToAddresses: to }, Content: content }),
      );
      return { messageId: output.MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw failure(what, `${name}: ${errorMessage(error)}`, error);
    }
  }

  // Built on first use, once per set-up copy (once per container).
  private sesClient(): SESv2Client {
    const { region, endpoint } = this.config;
    this.client ??= new SESv2Client({
      ...(region !== undefined
        ? { region }
        : endpoint !== undefined && !process.env.AWS_REGION
          ? { region: LOCAL_REGION }
          : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      // A local endpoint takes any signature; real AWS uses the function's role.
      ...(endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    return this.client;
  }
}

function failure(what: string, reason: string, cause?: unknown): NotificationDeliveryError {
  return new NotificationDeliveryError(NotificationService.SES, what, reason, cause !== undefined ? { cause } : {});
}
