// The one place where errors are mapped to JavaScript.
//
// Core errors cross the wasm boundary as one JSON object per error (see bindings-wasm/src/error.rs)
// and become instances of the classes below: real `Error`s with a `name`, a stable `code`, the
// `kind`, the wire `field` and the `httpStatus` where there is one. Validation errors carry every
// violation in `errors`; API errors carry the platform's result code, its table entry and retry
// advice.
//
// Arguments of the wrong JavaScript type never reach the core: they are `TypeError`s (and numbers
// that are not integers, or strings over 1 MiB, `RangeError`s) with a Node-style `code`
// (`ERR_INVALID_ARG_TYPE`, `ERR_INVALID_ARG_VALUE`, `ERR_OUT_OF_RANGE`); a freed `Client` throws an
// `Error` with code `ERR_INVALID_STATE`. No message ever contains a secret or an argument's value.

import type { ResultCodeEntry, RetryAdvice } from './types.js';

/** The five kinds of error; each has its own class. */
export type ErrorKind = 'validation' | 'api' | 'parse' | 'push_auth' | 'config';

/**
 * Every error code this package knows, with its kind, in the core's declaration order. A test
 * compares this list with the core's own (`errorCodes()`), so the two cannot drift apart.
 */
export const ERROR_CODES = Object.freeze({
  invalid_request: 'validation',
  length: 'validation',
  phone_format: 'validation',
  phone_trunk_prefix: 'validation',
  language_type_unsupported: 'validation',
  tone_format: 'validation',
  verify_code_digits: 'validation',
  times_range: 'validation',
  url_scheme: 'validation',
  url_charset: 'validation',
  url_host: 'validation',
  url_encoded_length: 'validation',
  user_data_braces: 'validation',
  user_data_non_ascii: 'validation',
  api_error: 'api',
  empty_body: 'parse',
  body_too_large: 'parse',
  byte_order_mark: 'parse',
  invalid_utf8: 'parse',
  invalid_json: 'parse',
  nesting_too_deep: 'parse',
  not_json_object: 'parse',
  missing_field: 'parse',
  wrong_type: 'parse',
  duplicate_field: 'parse',
  invalid_value: 'parse',
  invalid_timestamp: 'parse',
  missing_session_id: 'parse',
  status_mismatch: 'parse',
  fee_record_count: 'parse',
  unsigned_push: 'push_auth',
  missing_auth_header: 'push_auth',
  malformed_auth_header: 'push_auth',
  wrong_authorization: 'push_auth',
  app_key_mismatch: 'push_auth',
  created_format: 'push_auth',
  digest_encoding: 'push_auth',
  digest_mismatch: 'push_auth',
  stale_push: 'push_auth',
  future_push: 'push_auth',
  app_key_empty: 'config',
  app_key_charset: 'config',
  app_secret_empty: 'config',
  nonce_invalid: 'config',
  base_url_invalid: 'config',
  base_url_path: 'config',
  base_url_insecure: 'config',
  created_offset_invalid: 'config',
  time_out_of_range: 'config',
  digits_out_of_range: 'config',
  window_invalid: 'config',
  ambiguous_result_code: 'config',
  random_unavailable: 'config',
  clock_unavailable: 'config',
} as const satisfies Record<string, ErrorKind>);

/** A stable, snake_case error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Error codes of one kind. */
export type ErrorCodeOf<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C] extends K ? C : never;
}[ErrorCode];

/** The code of a broken table-4 rule (a validation code other than `invalid_request`). */
export type ViolationCode = Exclude<ErrorCodeOf<'validation'>, 'invalid_request'>;

/** One broken rule of a callVerify request. */
export interface Violation {
  /** The wire (table-4) name of the field, e.g. `calleeNbr`. */
  readonly field: string;
  /** The rule that was broken. */
  readonly code: ViolationCode;
  /** What was wrong and what is allowed. */
  readonly message: string;
}

/** What `JSON.stringify` shows of a callverify error. */
export interface CallVerifyErrorJSON {
  name: string;
  kind: ErrorKind;
  code: ErrorCode;
  message: string;
  field: string | null;
  httpStatus: number | null;
  errors?: readonly Violation[];
  resultCode?: string;
  resultDesc?: string;
  entry?: ResultCodeEntry | null;
  retry?: RetryAdvice;
  retryAfterSeconds?: number | null;
}

const BRAND = Symbol.for('callverify.CallVerifyError');

/** Base class of every error the core reports. */
export class CallVerifyError extends Error {
  /** Which of the five kinds this is. */
  readonly kind: ErrorKind;
  /** The stable code. */
  readonly code: ErrorCode;
  /** The wire field or header concerned, when there is exactly one. */
  readonly field: string | null;
  /** The HTTP status involved (API errors and response parse errors), else `null`. */
  readonly httpStatus: number | null;

  constructor(
    kind: ErrorKind,
    code: ErrorCode,
    message: string,
    field: string | null,
    httpStatus: number | null,
  ) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.field = field;
    this.httpStatus = httpStatus;
  }

  toJSON(): CallVerifyErrorJSON {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.message,
      field: this.field,
      httpStatus: this.httpStatus,
    };
  }
}

/** A callVerify request broke one or more table-4 rules; `errors` lists every one. */
export class ValidationError extends CallVerifyError {
  declare readonly kind: 'validation';
  declare readonly code: 'invalid_request';
  /** Every broken rule, in table-4 field order. */
  readonly errors: readonly Violation[];

  constructor(message: string, errors: readonly Violation[]) {
    super('validation', 'invalid_request', message, errors.length === 1 ? (errors[0]?.field ?? null) : null, null);
    this.errors = Object.freeze(errors.map((v) => Object.freeze({ ...v })));
  }

  override toJSON(): CallVerifyErrorJSON {
    return { ...super.toJSON(), errors: this.errors };
  }
}

/** The platform answered with a result code other than "0". */
export class ApiError extends CallVerifyError {
  declare readonly kind: 'api';
  declare readonly code: 'api_error';
  declare readonly httpStatus: number;
  /** The platform's `resultcode`, e.g. "1010010". */
  readonly resultCode: string;
  /** The platform's `resultdesc` (empty when absent). */
  readonly resultDesc: string;
  /** The result-code table's row for this code at this status, when known. */
  readonly entry: ResultCodeEntry | null;
  /** Retry advice from the table (`never` for unknown codes). */
  readonly retry: RetryAdvice;
  /**
   * Seconds to wait before retrying (signed afresh): the advised delay, 0 for "retry at once with a
   * fresh signature", `null` for "do not retry automatically".
   */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    httpStatus: number,
    resultCode: string,
    resultDesc: string,
    entry: ResultCodeEntry | null,
    retry: RetryAdvice,
  ) {
    super('api', 'api_error', message, null, httpStatus);
    this.resultCode = resultCode;
    this.resultDesc = resultDesc;
    this.entry = entry;
    this.retry = retry;
    this.retryAfterSeconds =
      retry.kind === 'after_seconds' ? retry.seconds : retry.kind === 'never' ? null : 0;
  }

  override toJSON(): CallVerifyErrorJSON {
    return {
      ...super.toJSON(),
      resultCode: this.resultCode,
      resultDesc: this.resultDesc,
      entry: this.entry,
      retry: this.retry,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/** A response or push body could not be understood. */
export class ParseError extends CallVerifyError {
  declare readonly kind: 'parse';
  declare readonly code: ErrorCodeOf<'parse'>;
}

/** A push failed signature verification: answer it with 401 and do not process it. */
export class PushAuthError extends CallVerifyError {
  declare readonly kind: 'push_auth';
  declare readonly code: ErrorCodeOf<'push_auth'>;
}

/** Bad credentials, base URL, nonce, time or option given to the SDK itself. */
export class ConfigError extends CallVerifyError {
  declare readonly kind: 'config';
  declare readonly code: ErrorCodeOf<'config'>;
}

// `name` lives on the prototypes (so it is not an own enumerable property) and the brand lets the
// type guards recognise errors from another copy of this package.
for (const [cls, name] of [
  [CallVerifyError, 'CallVerifyError'],
  [ValidationError, 'ValidationError'],
  [ApiError, 'ApiError'],
  [ParseError, 'ParseError'],
  [PushAuthError, 'PushAuthError'],
  [ConfigError, 'ConfigError'],
] as const) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}
Object.defineProperty(CallVerifyError.prototype, BRAND, { value: true });

function hasKind(e: unknown, kind: ErrorKind | null): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const branded = (e as { [BRAND]?: unknown })[BRAND] === true;
  return branded && (kind === null || (e as { kind?: unknown }).kind === kind);
}

/** Any error reported by the core (validation, api, parse, push_auth, config). */
export function isCallVerifyError(e: unknown): e is CallVerifyError {
  return hasKind(e, null);
}
/** A `ValidationError` (code `invalid_request`, with `errors`). */
export function isValidationError(e: unknown): e is ValidationError {
  return hasKind(e, 'validation');
}
/** An `ApiError` (code `api_error`, with `resultCode`, `entry`, `retryAfterSeconds`). */
export function isApiError(e: unknown): e is ApiError {
  return hasKind(e, 'api');
}
/** A `ParseError`. */
export function isParseError(e: unknown): e is ParseError {
  return hasKind(e, 'parse');
}
/** A `PushAuthError`. */
export function isPushAuthError(e: unknown): e is PushAuthError {
  return hasKind(e, 'push_auth');
}
/** A `ConfigError`. */
export function isConfigError(e: unknown): e is ConfigError {
  return hasKind(e, 'config');
}

// ---- from the wasm side ------------------------------------------------------------------------

interface WireViolation {
  field: string;
  code: ViolationCode;
  message: string;
}

interface WireApi {
  resultCode: string;
  resultDesc: string;
  entry: ResultCodeEntry | null;
  retry: RetryAdvice;
}

interface WireError {
  kind: ErrorKind | 'type' | 'range';
  code: ErrorCode;
  message: string;
  field?: string | null;
  httpStatus?: number | null;
  violations?: WireViolation[];
  api?: WireApi;
}

/** Node-style codes of argument and state errors raised by the wrapper itself. */
export type ArgumentErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_INVALID_STATE';

/** A `TypeError`, `RangeError` or `Error` raised before anything reached the core. */
export type ArgumentError = (TypeError | RangeError | Error) & { readonly code: ArgumentErrorCode };

function withCode<E extends Error>(error: E, code: ArgumentErrorCode): E & { readonly code: ArgumentErrorCode } {
  return Object.defineProperty(error, 'code', { value: code, enumerable: true }) as E & {
    readonly code: ArgumentErrorCode;
  };
}

/** Describes a value's type for a message, never the value itself (it may be a secret). */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' || t === 'undefined' ? t : `a ${t}`;
}

/** `name` has the wrong JavaScript type. */
export function argType(name: string, expected: string, value: unknown): ArgumentError {
  return withCode(new TypeError(`callverify: ${name} must be ${expected}, got ${typeOf(value)}`), 'ERR_INVALID_ARG_TYPE');
}

/** `name` has the right type but a value the wrapper cannot pass on. */
export function argValue(name: string, expected: string): ArgumentError {
  return withCode(new TypeError(`callverify: ${name} must be ${expected}`), 'ERR_INVALID_ARG_VALUE');
}

/** `name` is out of range. */
export function argRange(message: string): ArgumentError {
  return withCode(new RangeError(`callverify: ${message}`), 'ERR_OUT_OF_RANGE');
}

/** The object was freed. */
export function invalidState(message: string): ArgumentError {
  return withCode(new Error(`callverify: ${message}`), 'ERR_INVALID_STATE');
}

/** Turns what a wasm export threw into the matching error; anything else is returned unchanged. */
export function fromWasm(thrown: unknown): unknown {
  if (typeof thrown !== 'string') return thrown;
  let wire: WireError;
  try {
    wire = JSON.parse(thrown) as WireError;
  } catch {
    return new Error(`callverify: unexpected error from the wasm module`);
  }
  const field = wire.field ?? null;
  const status = wire.httpStatus ?? null;
  switch (wire.kind) {
    case 'validation':
      return new ValidationError(wire.message, wire.violations ?? []);
    case 'api': {
      const api = wire.api ?? { resultCode: '', resultDesc: '', entry: null, retry: { kind: 'never' } };
      return new ApiError(
        wire.message,
        status ?? 0,
        api.resultCode,
        api.resultDesc,
        api.entry,
        api.retry,
      );
    }
    case 'parse':
      return new ParseError('parse', wire.code, wire.message, field, status);
    case 'push_auth':
      return new PushAuthError('push_auth', wire.code, wire.message, field, status);
    case 'config':
      return new ConfigError('config', wire.code, wire.message, field, status);
    case 'type':
      return withCode(new TypeError(`callverify: ${wire.message}`), 'ERR_INVALID_ARG_VALUE');
    case 'range':
      return argRange(wire.message);
  }
}
