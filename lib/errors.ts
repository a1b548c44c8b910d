// The closed set of errors the app reports to people and programs. Each has an HTTP
// status and a message meant for the user; anything else is "internal" and its detail
// goes to the log only.
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_persistent_id: 400,
  invalid_document: 400,
  unauthorized: 401,
  session_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  vendor_not_configured: 503,
  vendor_unreachable: 502,
  vendor_refused: 502,
  vendor_invalid_response: 502,
  vendor_timeout: 504,
  storage_unavailable: 503,
  shutting_down: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    options: { cause?: unknown; detail?: Record<string, unknown> } = {},
  ) {
    super(userMessage, { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.detail = options.detail ?? {};
  }

  readonly detail: Record<string, unknown>;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function toErrorBody(error: AppError): { error: { code: ErrorCode; message: string } } {
  return { error: { code: error.code, message: error.userMessage } };
}
