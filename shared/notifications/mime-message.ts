import MailComposer from 'nodemailer/lib/mail-composer';
import { type EmailMessage, recipientsOf } from './email-message.js';

/**
 * The message as one raw MIME document (RFC 5322), built by nodemailer's composer rather than
 * by hand: headers encoded, text and HTML as multipart/alternative, attachments base64 in
 * multipart/mixed. SES needs this form for attachments.
 *
 * @example
 * const raw = await buildMimeMessage('reports@example.com', { to: 'team@example.com', subject: 'Report', body: 'Done',
 *   attachments: [{ filename: 'warnings.json', content: '[]', contentType: 'application/json' }] });
 */
export async function buildMimeMessage(from: string, message: EmailMessage): Promise<Buffer> {
  return new MailComposer(nodemailerMessage(from, message)).compile().build();
}

/**
 * The message in nodemailer's shape, which both the SMTP transport and the MIME composer take.
 *
 * @example
 * transport.sendMail(nodemailerMessage('reports@example.com', message));
 */
export function nodemailerMessage(from: string, message: EmailMessage) {
  return {
    from,
    to: recipientsOf(message),
    subject: message.subject,
    text: message.body,
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: typeof attachment.content === 'string' ? attachment.content : Buffer.from(attachment.content),
      ...(attachment.contentType !== undefined ? { contentType: attachment.contentType } : {}),
    })),
  };
}
