import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/** The services a built-in notification resource delivers to. */
export const NotificationService = {
  SLACK: 'slack',
  SES: 'ses',
  SMTP: 'smtp',
} as const;

export type NotificationService = (typeof NotificationService)[keyof typeof NotificationService];

/**
 * A notification was not delivered: the service refused it (Slack's `{ ok: false, error }`, a
 * webhook's non-2xx reply, an SES or SMTP rejection) or could not be reached. The message names
 * the service, what was sent where, and the service's reason; it never holds a token, a
 * password or a webhook URL.
 *
 * @example
 * try { await slack.postMessage({ channel: '#alerts', text }) }
 * catch (error) { if (error instanceof NotificationDeliveryError) console.log(error.reason) } // 'channel_not_found'
 */
export class NotificationDeliveryError extends StepsterError {
  override readonly name = 'NotificationDeliveryError' as const;

  constructor(
    readonly service: NotificationService,
    /** What was being delivered, e.g. `chat.postMessage to #alerts`. */
    readonly what: string,
    /** The service's own words: Slack's error code, the SMTP reply, the SES error name and message. */
    readonly reason: string,
    options: StepsterErrorOptions = {},
  ) {
    super(`${serviceLabel(service)} ${what} failed: ${reason}`, options);
  }
}

function serviceLabel(service: NotificationService): string {
  switch (service) {
    case NotificationService.SLACK:
      return 'Slack';
    case NotificationService.SES:
      return 'SES';
    case NotificationService.SMTP:
      return 'SMTP';
  }
}
