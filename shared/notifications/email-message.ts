/** One file attached to an email. */
export interface EmailAttachment {
  readonly filename: string;
  /** The file's bytes, or its text (sent as UTF-8). */
  readonly content: string | Uint8Array;
  /** @default guessed from the filename's extension */
  readonly contentType?: string;
}

/** What `send` takes, the same for {@link SmtpResource} and {@link SesEmailResource}. */
export interface EmailMessage {
  /** One address or several. */
  readonly to: string | readonly string[];
  readonly subject: string;
  /** The plain-text body. */
  readonly body: string;
  /** An HTML body, sent beside the plain text (multipart/alternative). */
  readonly html?: string;
  readonly attachments?: readonly EmailAttachment[];
}

/** What the mail service answered. */
export interface EmailSendResult {
  /** The service's message id (SES's MessageId, the SMTP Message-ID). */
  readonly messageId: string;
}

/** Anything that sends an {@link EmailMessage}: both built-in email resources, or your own. */
export interface EmailSender {
  send(message: EmailMessage): Promise<EmailSendResult>;
}

/** The recipients as a list; an empty list is refused by the caller. */
export function recipientsOf(message: EmailMessage): string[] {
  const to = typeof message.to === 'string' ? [message.to] : [...message.to];
  return to.map((address) => address.trim()).filter((address) => address.length > 0);
}
