import { errorMessage } from '../errors/error-message.js';

/** Where a failed delivery is reported: an op's `context.log`, a sensor's `context.log`. */
export interface DeliveryLog {
  error(message: string): void;
}

/** What {@link deliverNotification} did. */
export type DeliveryOutcome<T> =
  | { readonly delivered: true; readonly result: T }
  | { readonly delivered: false; readonly error: string };

/**
 * Sends a notification from an op without letting a failed delivery fail the run: on failure,
 * an ERROR record naming what was sent and the service's reason goes to `log` (in an op, an
 * ERROR event in the run's log, secrets masked), and the outcome says it was not delivered.
 * Call the resource directly instead when a failed delivery should fail the step.
 *
 * @example
 * const posted = await deliverNotification(context.log, 'Slack post to #data', () =>
 *   context.resources.slack.postMessage({ channel: '#data', text: 'Sales pipeline completed' }));
 * if (posted.delivered) context.log.info('Slack notification sent');
 */
export async function deliverNotification<T>(
  log: DeliveryLog,
  description: string,
  send: () => Promise<T>,
): Promise<DeliveryOutcome<T>> {
  try {
    return { delivered: true, result: await send() };
  } catch (error) {
    const reason = errorMessage(error);
    log.error(`${description} was not delivered: ${reason}`);
    return { delivered: false, error: reason };
  }
}
