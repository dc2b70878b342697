// A local inbox for trying the notification examples without a Slack workspace or a mail
// account: a Slack incoming-webhook endpoint and an SMTP server (the `smtp-server` package) on
// 127.0.0.1 that print what they receive. Start it in one terminal with `npm run example:inbox`,
// then run the examples in another with the variables it prints.
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const SLACK_PORT = Number(process.env.INBOX_SLACK_PORT ?? 3900);
const SMTP_PORT = Number(process.env.INBOX_SMTP_PORT ?? 2525);

const slack = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    process.stdout.write(`\n[slack] ${request.method} ${request.url}\n${Buffer.concat(chunks).toString('utf8')}\n`);
    // What Slack answers a webhook post that it accepted.
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});

const smtp = new SMTPServer({
  // The loopback needs no TLS, and the examples log in with no user.
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '(no subject)';
      const attachments = [...raw.matchAll(/name=([^\s;]+)/g)].map((match) => match[1]);
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      process.stdout.write(
        `\n[email] to ${to}: ${subject}${attachments.length > 0 ? ` (attached: ${[...new Set(attachments)].join(', ')})` : ''}\n`,
      );
      callback();
    });
  },
});

slack.listen(SLACK_PORT, '127.0.0.1');
smtp.listen(SMTP_PORT, '127.0.0.1');
process.stdout.write(
  `Local inbox: Slack webhooks on http://127.0.0.1:${SLACK_PORT}, SMTP on 127.0.0.1:${SMTP_PORT}. In another terminal:\n\n` +
    `  export SLACK_WEBHOOK_URL=http://127.0.0.1:${SLACK_PORT}/hooks/local SMTP_HOST=127.0.0.1 SMTP_PORT=${SMTP_PORT} SMTP_FROM=pipelines@example.com\n` +
    '  npx stepster run broken_warehouse_job --definitions examples/notifications/definitions.ts\n\n',
);
