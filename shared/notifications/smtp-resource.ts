import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { errorMessage } from '../errors/error-message.js';
import { ConfigurableResource } from '../resources/configurable-resource.js';
import { type EmailMessage, type EmailSendResult, type EmailSender, recipientsOf } from './email-message.js';
import { nodemailerMessage } from './mime-message.js';
import { NotificationDeliveryError, NotificationService } from './notification-delivery-error.js';

/** SMTP's implicit-TLS port: `secure` defaults to true there, STARTTLS elsewhere. */
const IMPLICIT_TLS_PORT = 465;

const booleanValue = z.union([z.boolean(), z.stringbool()]);

const smtpConfig = z
  .object({
    host: z.string().min(1),
    /** @default 587 */
    port: z.coerce.number().int().min(1).max(65535).default(587),
    user: z.string().min(1).optional(),
    /** Give it as `secret(...)`. */
    password: z.string().min(1).optional(),
    /** The sender. @default user */
    from: z.string().min(3).optional(),
    /** TLS from the first byte; else STARTTLS when the server offers it. @default port === 465 */
    secure: booleanValue.optional(),
    /** How long connecting and each SMTP command may take. @default 30 */
    timeoutSeconds: z.coerce.number().positive().default(30),
  })
  .refine((c) => c.from !== undefined || c.user !== undefined, {
    message: 'give from (the sender address) or user (used as the sender)',
    path: ['from'],
  })
  .refine((c) => (c.user === undefined) === (c.password === undefined), {
    message: 'give both user and password to log in, or neither',
    path: ['password'],
  });

/**
 * Sends email through an SMTP server (seed 001's `SmtpResource`), for mail servers that are not
 * SES, with nodemailer: STARTTLS when the server offers it, login when `user` is given. Give
 * the password as `secret(...)` so it never is an environment variable. A refused message or
 * an unreachable server throws {@link NotificationDeliveryError} with the server's reply.
 *
 * @example
 * new Definitions({ jobs, resources: { smtp: new SmtpResource({
 *   host: EnvVar('SMTP_HOST'), port: EnvVar('SMTP_PORT'), user: EnvVar('SMTP_USER'), password: secret('prod/smtp') }) } });
 * await context.resources.smtp.send({ to: 'team@example.com', subject: 'Report', body: 'Done' });
 */
export class SmtpResource extends ConfigurableResource(smtpConfig) implements EmailSender {
  /** Sends one message; resolves once the server accepted it. */
  async send(message: EmailMessage): Promise<EmailSendResult> {
    const { host, port, user, password, from, secure, timeoutSeconds } = this.config;
    const to = recipientsOf(message);
    const what = `message "${message.subject}" to ${to.join(', ') || '(nobody)'} via ${host}:${port}`;
    if (to.length === 0) throw failure(what, 'no recipient: pass send({ to: "team@example.com", ... })');
    const timeout = timeoutSeconds * 1000;
    // One connection per message: notifications are rare, and a pooled socket would outlive the Lambda's freeze.
    const transport = createTransport({
      host,
      port,
      secure: secure ?? port === IMPLICIT_TLS_PORT,
      ...(user !== undefined && password !== undefined ? { auth: { user, pass: password } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    try {
      // The config refuses neither-from-nor-user, so one of them is the sender.
      const info = await transport.sendMail(nodemailerMessage(from ?? user ?? '', message));
      return { messageId: info.messageId };
    } catch (error) {
      throw failure(what, errorMessage(error), error);
    } finally {
      transport.close();
    }
  }
}

function failure(what: string, reason: string, cause?: unknown): NotificationDeliveryError {
  return new NotificationDeliveryError(NotificationService.SMTP, what, reason, cause !== undefined ? { cause } : {});
}
