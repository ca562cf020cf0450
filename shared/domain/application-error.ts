/**
 * An error of the published catalogue (api.md §6): its number, HTTP status and literal `detail` text. The status is
 * part of the contract of each code, which is why the domain names it; only the HTTP layer turns it into a response.
 */
export type ApplicationErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 422 | 451 | 500 | 502;

export interface ApplicationError {
  errorCode: number;
  status: ApplicationErrorStatus;
  detail: string;
}

/** What a use case returns when a failure is part of its contract (thrown errors are for the unexpected). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApplicationError };
