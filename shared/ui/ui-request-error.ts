import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/** The HTTP statuses the `stepster ui` server answers an error with. */
export const UiErrorStatus = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MISDIRECTED: 421,
  BAD_GATEWAY: 502,
  NOT_IMPLEMENTED: 501,
} as const;

export type UiErrorStatus = (typeof UiErrorStatus)[keyof typeof UiErrorStatus];

/**
 * A request the `stepster ui` server refuses: its status, and a message that says what was
 * wrong and what to do. The server answers it as an `ErrorResponse`; any other error is a 500.
 *
 * @example
 * throw new UiRequestError(UiErrorStatus.NOT_FOUND, 'no run "abc": pick one from /runs');
 */
export class UiRequestError extends StepsterError {
  override readonly name = 'UiRequestError' as const;

  constructor(
    readonly status: UiErrorStatus,
    message: string,
    options: StepsterErrorOptions = {},
  ) {
    super(message, options);
  }
}
