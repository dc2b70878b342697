// A real SMTP server (the `smtp-server` package) on 127.0.0.1, recording each message it accepts.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly user?: string;
  /** The whole message as received (headers and MIME body). */
  readonly raw: string;
}

export interface SmtpDouble {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts it with plain-text login (no TLS on the loopback); `onAuth` decides who may log in. */
export async function startSmtpDouble(
  options: {
    readonly users?: Readonly<Record<string, string>>;
    readonly rejectAuth?: (password: string) => string;
  } = {},
): Promise<SmtpDouble> {
  const mails: ReceivedMail[] = [];
  const config: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.users === undefined,
    onAuth(auth, _session, callback) {
      const password = auth.password ?? '';
      if (options.users?.[auth.username ?? ''] === password) return callback(null, { user: auth.username });
      return callback(new Error(options.rejectAuth?.(password) ?? 'Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address() as { port: number };
  return {
    port: address.port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
