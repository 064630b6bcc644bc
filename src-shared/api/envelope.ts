/** Error codes survive every transport; Electron alone would carry only an Error's message. */
export const ERROR_CODES = ['unknown_method', 'invalid_argument', 'not_found', 'conflict', 'unavailable', 'forbidden', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers for a failure the user should read; the dispatcher turns it into an envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
