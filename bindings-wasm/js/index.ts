/// <reference lib="esnext.disposable" preserve="true" />
/**
 * callverify: Huawei Cloud Voice Call's voice verification code API (语音验证码) for Node ≥ 20 and
 * browsers. The platform phones a user and reads a one-time code aloud.
 *
 * Everything is computed by the Rust core, compiled to WebAssembly: signing (X-AKSK), request
 * building and validation, response and result-code parsing, push parsing and push verification.
 * Nothing here performs I/O: send the request with `fetch` (or any HTTP client).
 *
 * @example
 * ```ts
 * import { Client, parseCallVerifyResponse, generateVerifyCode } from 'callverify';
 *
 * const client = new Client({ baseUrl: 'https://rtccall.cn-north-1.myhuaweicloud.cn:443',
 *                             appKey: process.env.APP_KEY!, appSecret: process.env.APP_SECRET! });
 * const r = client.callVerify({ displayNbr: '+8675528000088', calleeNbr: '+8618900000007',
 *                               verifyCode: generateVerifyCode(), preTone: 'welcome.wav' });
 * const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
 * const { sessionId } = parseCallVerifyResponse(res.status, new Uint8Array(await res.arrayBuffer()));
 * ```
 *
 * `now` arguments are Unix SECONDS (`Math.floor(Date.now() / 1000)`, the default), never
 * milliseconds.
 *
 * @module
 */

import raw from './raw.js';
import {
  argRange,
  argType,
  argValue,
  fromWasm,
  invalidState,
  type ErrorCode,
  type ErrorKind,
  type Violation,
} from './errors.js';
import type {
  Body,
  CallVerifyRequest,
  CallVerifyResponse,
  ClientOptions,
  CollectInfoPush,
  DigestForm,
  FeePush,
  FeeRecord,
  HangupCause,
  HeadersInput,
  HttpRequest,
  Push,
  PushCredentials,
  PushTime,
  PushVerification,
  RequestHeaders,
  ResultCodeEntry,
  SignOptions,
  Signature,
  StatusEventType,
  StatusPush,
  VerifyPushOptions,
} from './types.js';

export * from './errors.js';
export type * from './types.js';

type RawClient = InstanceType<typeof raw.WasmClient>;

/** Largest response or push body accepted, in bytes (1 MiB). */
export const MAX_BODY_BYTES: number = raw.max_body_bytes();

/**
 * Longest string (in UTF-16 code units) passed on to the core. No valid input comes close; the
 * limit keeps hostile input from growing the module's memory, which never shrinks.
 */
const MAX_STRING = 1 << 20;

// ---- conversions -------------------------------------------------------------------------------

/** Runs a wasm export and maps what it throws. */
function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fromWasm(e);
  }
}

/** The wasm side writes results as JSON with camelCase keys, in exactly the documented shapes. */
function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

function string(value: unknown, name: string): string {
  if (typeof value !== 'string') throw argType(name, 'a string', value);
  if (value.length > MAX_STRING) throw argRange(`${name} is longer than ${MAX_STRING} characters`);
  return value;
}

/** A required request field: missing (`undefined`/`null`) is passed as "" so validation reports it. */
function requiredField(value: unknown, name: string): string {
  return value === undefined || value === null ? '' : string(value, name);
}

function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, name);
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw argType(name, 'a number', value);
  return value;
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw argType(name, 'a boolean', value);
  return value;
}

function options<T extends object>(value: T | undefined | null, name: string): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw argType(name, 'an object', value);
  return value;
}

function nowSeconds(value: unknown, name: string): number {
  return optionalNumber(value, name) ?? Math.floor(Date.now() / 1000);
}

function digestForm(value: unknown): DigestForm | undefined {
  if (value === undefined || value === null) return undefined;
  if (value !== 'concatenated' && value !== 'newline') {
    throw argValue('options.digestForm', '"concatenated", "newline" or undefined');
  }
  return value;
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

let encoder: TextEncoder | undefined;
/** Reused for short strings: `encodeInto` a scratch buffer is much cheaper than the glue's copy. */
let scratch: Uint8Array | undefined;
const SCRATCH_CHARS = 1 << 14;

/** The UTF-8 bytes of `text` (lone surrogates become U+FFFD, as the wasm-bindgen glue does). */
function utf8(text: string): Uint8Array {
  encoder ??= new TextEncoder();
  if (text.length > SCRATCH_CHARS) return encoder.encode(text);
  scratch ??= new Uint8Array(SCRATCH_CHARS * 3);
  // Valid until the next call: the glue copies it into wasm memory at once.
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

/** A body as bytes; a body over `MAX_BODY_BYTES` is reported without entering wasm memory. */
function bodyBytes(body: unknown, status: number | undefined): Uint8Array {
  let bytes: Uint8Array;
  if (typeof body === 'string') {
    // More UTF-16 units than bytes is impossible: such a string is too large either way.
    bytes = body.length <= MAX_BODY_BYTES ? utf8(body) : (encoder ??= new TextEncoder()).encode(body);
  } else if (ArrayBuffer.isView(body)) {
    bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  } else if (isArrayBuffer(body)) {
    bytes = new Uint8Array(body);
  } else {
    throw argType('body', 'a string, Uint8Array or ArrayBuffer', body);
  }
  if (bytes.byteLength > MAX_BODY_BYTES) {
    const len = bytes.byteLength;
    call(() => raw.body_too_large(len, status));
  }
  return bytes;
}

function isHeadersLike(value: object): value is { forEach(cb: (value: unknown, name: unknown) => void): void } {
  return typeof (value as { forEach?: unknown }).forEach === 'function';
}

/** Any supported headers shape, as a flat `[name, value, …]` list. */
function headerList(headers: unknown): string[] {
  const out: string[] = [];
  let size = 0;
  const add = (name: unknown, value: unknown, what: string): void => {
    if (typeof name !== 'string') throw argType(`${what} name`, 'a string', name);
    if (typeof value !== 'string') throw argType(`${what} value`, 'a string', value);
    size += name.length + value.length;
    if (size > MAX_STRING) throw argRange(`headers are longer than ${MAX_STRING} characters in total`);
    out.push(name, value);
  };
  if (typeof headers !== 'object' || headers === null) {
    throw argType('headers', 'an object, an array or a Headers instance', headers);
  }
  if (Array.isArray(headers)) {
    const list: readonly unknown[] = headers;
    if (list.every((item) => typeof item === 'string')) {
      // Node's rawHeaders: name, value, name, value, …
      if (list.length % 2 !== 0) throw argValue('headers', 'a flat array of names and values (even length)');
      for (let i = 0; i < list.length; i += 2) add(list[i], list[i + 1], 'header');
    } else {
      for (const pair of list) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw argValue('headers', 'an array of [name, value] pairs or a flat array of strings');
        }
        add(pair[0], pair[1], 'header');
      }
    }
  } else if (isHeadersLike(headers)) {
    headers.forEach((value, name) => add(name, value, 'header'));
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        for (const v of value as unknown[]) add(name, v, `header ${JSON.stringify(name)}`);
      } else {
        add(name, value, 'header');
      }
    }
  }
  return out;
}

/**
 * The headers' UTF-8 bytes one after the other and each one's length in bytes: one copy into wasm
 * memory instead of one per string.
 */
function headerBytes(list: readonly string[]): [Uint8Array, Uint32Array] {
  const lengths = new Uint32Array(list.length);
  const joined = list.join('');
  const bytes = utf8(joined);
  if (bytes.byteLength === joined.length) {
    // ASCII (anything else takes more bytes than UTF-16 units): a string's length is its byte count.
    for (let i = 0; i < list.length; i++) lengths[i] = (list[i] ?? '').length;
    return [bytes, lengths];
  }
  // Encoded one by one, so that unpaired surrogates at the ends of two strings do not pair up.
  const enc = (encoder ??= new TextEncoder());
  const parts = list.map((s) => enc.encode(s));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  parts.forEach((p, i) => {
    out.set(p, offset);
    offset += p.byteLength;
    lengths[i] = p.byteLength;
  });
  return [out, lengths];
}

interface VerifyArgs {
  headerText: Uint8Array;
  headerLengths: Uint32Array;
  url: string;
  now: number;
  windowSeconds: number | undefined;
  allowUnsigned: boolean;
  digestForm: DigestForm | undefined;
  createdOffsetSeconds: number | undefined;
}

function verifyArgs(headers: unknown, url: unknown, opts: VerifyPushOptions | undefined): VerifyArgs {
  const o = options(opts, 'options');
  const [headerText, headerLengths] = headerBytes(headerList(headers));
  return {
    headerText,
    headerLengths,
    url: string(url, 'url'),
    now: nowSeconds(o.now, 'options.now'),
    windowSeconds: optionalNumber(o.windowSeconds, 'options.windowSeconds'),
    allowUnsigned: optionalBoolean(o.allowUnsigned, 'options.allowUnsigned') ?? false,
    digestForm: digestForm(o.digestForm),
    createdOffsetSeconds: optionalNumber(o.createdOffsetSeconds, 'options.createdOffsetSeconds'),
  };
}

/**
 * Splits the newline-framed record of `call_verify`: method, url, three header name/value pairs,
 * then the body (the only field that may contain a newline; see bindings-wasm/src/lib.rs).
 */
function unframeRequest(framed: string): HttpRequest {
  const a = framed.indexOf('\n');
  const b = framed.indexOf('\n', a + 1);
  const c = framed.indexOf('\n', b + 1);
  const d = framed.indexOf('\n', c + 1);
  const e = framed.indexOf('\n', d + 1);
  const f = framed.indexOf('\n', e + 1);
  const g = framed.indexOf('\n', f + 1);
  const h = framed.indexOf('\n', g + 1);
  const headers: Record<string, string> = {};
  headers[framed.slice(b + 1, c)] = framed.slice(c + 1, d);
  headers[framed.slice(d + 1, e)] = framed.slice(e + 1, f);
  headers[framed.slice(f + 1, g)] = framed.slice(g + 1, h);
  return {
    method: framed.slice(0, a) as 'POST',
    url: framed.slice(a + 1, b),
    headers: headers as unknown as RequestHeaders,
    body: framed.slice(h + 1),
  };
}

type RequestArgs = [
  string, string, string, string, number | undefined, string | undefined, number | undefined,
  string | undefined, string | undefined, boolean | undefined, string | undefined,
];

function requestArgs(request: unknown): RequestArgs {
  if (typeof request !== 'object' || request === null) throw argType('request', 'an object', request);
  const r = request as Partial<Record<keyof CallVerifyRequest, unknown>>;
  return [
    requiredField(r.displayNbr, 'displayNbr'),
    requiredField(r.calleeNbr, 'calleeNbr'),
    requiredField(r.verifyCode, 'verifyCode'),
    requiredField(r.preTone, 'preTone'),
    optionalNumber(r.languageType, 'languageType'),
    optionalString(r.posTone, 'posTone'),
    optionalNumber(r.times, 'times'),
    optionalString(r.statusUrl, 'statusUrl'),
    optionalString(r.feeUrl, 'feeUrl'),
    optionalBoolean(r.returnIdlePort, 'returnIdlePort'),
    optionalString(r.userData, 'userData'),
  ];
}

/**
 * Checks every rule of the platform's parameter table, without credentials: the violations
 * (`[]` for a valid request), exactly as `client.callVerify` would report them in a
 * `ValidationError`. For checking a form, also in the browser.
 */
export function validateCallVerify(request: CallVerifyRequest): Violation[] {
  const args = requestArgs(request);
  return parseJson<Violation[]>(call(() => raw.validate_call_verify(...args)));
}

// ---- Client ------------------------------------------------------------------------------------

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Holds the base URL, the credentials and the `Created` offset, and signs requests.
 *
 * The app secret is copied into WebAssembly memory once; only an HMAC state keyed with it is kept
 * there, and it is zeroed by `free()` (or `using client = new Client(…)` where `Symbol.dispose` is
 * supported, or eventually by garbage collection). The secret is never readable back, and never
 * appears in `JSON.stringify`, `console.log` or any error. Server-side only: an app secret never
 * belongs in browser code.
 */
export class Client {
  #inner: RawClient | null;
  /** The base URL (without a trailing slash). */
  readonly baseUrl: string;
  /** The app key (not secret). */
  readonly appKey: string;
  /** The `Created` offset in seconds. */
  readonly createdOffsetSeconds: number;

  /** Checks the credentials, the base URL and the offset; throws `ConfigError`. */
  constructor(options: ClientOptions) {
    if (typeof options !== 'object' || options === null) throw argType('options', 'an object', options);
    const baseUrl = string(options.baseUrl, 'options.baseUrl');
    const appKey = string(options.appKey, 'options.appKey');
    const appSecret = string(options.appSecret, 'options.appSecret');
    const offset = optionalNumber(options.createdOffsetSeconds, 'options.createdOffsetSeconds');
    const inner = call(() => new raw.WasmClient(baseUrl, appKey, appSecret, offset));
    this.#inner = inner;
    this.baseUrl = inner.base_url;
    this.appKey = inner.app_key;
    this.createdOffsetSeconds = inner.created_offset_seconds;
  }

  #live(): RawClient {
    if (this.#inner === null) throw invalidState('this Client was freed; create a new one');
    return this.#inner;
  }

  /**
   * Validates, builds and signs a callVerify request; throws `ValidationError` listing every broken
   * rule, or `ConfigError` for a bad `now` / `nonce`. Each call is one attempt with a fresh nonce:
   * call it again for a retry.
   */
  callVerify(request: CallVerifyRequest, options?: SignOptions): HttpRequest {
    const inner = this.#live();
    const a = requestArgs(request);
    const o = optionsOf(options);
    const now = nowSeconds(o.now, 'options.now');
    const nonce = optionalString(o.nonce, 'options.nonce');
    let framed: string;
    try {
      framed = inner.call_verify(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], now, nonce);
    } catch (e) {
      throw fromWasm(e);
    }
    return unframeRequest(framed);
  }

  /** An X-AKSK signature for `now` and `nonce` (both default as in `callVerify`). */
  sign(options?: SignOptions): Signature {
    const inner = this.#live();
    const o = optionsOf(options);
    const now = nowSeconds(o.now, 'options.now');
    const nonce = optionalString(o.nonce, 'options.nonce');
    return parseJson<Signature>(call(() => inner.sign(now, nonce)));
  }

  /** `verifyPush` with this client's credentials (no key set-up per push). */
  verifyPush(headers: HeadersInput, url: string, options?: VerifyPushOptions): PushVerification {
    const inner = this.#live();
    const a = verifyArgs(headers, url, options);
    return readVerification(
      call(() =>
        inner.verify_push(
          a.headerText,
          a.headerLengths,
          a.url,
          a.now,
          a.windowSeconds,
          a.allowUnsigned,
          a.digestForm,
          a.createdOffsetSeconds,
        ),
      ),
    );
  }

  /** Zeroes and releases the credentials; later calls throw (code `ERR_INVALID_STATE`). Idempotent. */
  free(): void {
    const inner = this.#inner;
    this.#inner = null;
    inner?.free();
  }

  /** Whether `free()` was called. */
  get freed(): boolean {
    return this.#inner === null;
  }

  /** The non-secret settings. */
  toJSON(): { baseUrl: string; appKey: string; createdOffsetSeconds: number } {
    return { baseUrl: this.baseUrl, appKey: this.appKey, createdOffsetSeconds: this.createdOffsetSeconds };
  }

  [INSPECT](): string {
    return `Client { baseUrl: ${JSON.stringify(this.baseUrl)}, appKey: ${JSON.stringify(this.appKey)}, createdOffsetSeconds: ${this.createdOffsetSeconds}, appSecret: [redacted]${this.freed ? ', freed' : ''} }`;
  }
}

// `using client = new Client(…)` where the runtime has Symbol.dispose (Node ≥ 20, recent browsers).
export interface Client {
  /** Same as `free()`. */
  [Symbol.dispose](): void;
}
if (typeof Symbol.dispose === 'symbol') {
  Object.defineProperty(Client.prototype, Symbol.dispose, {
    value: Client.prototype.free,
    writable: true,
    configurable: true,
  });
}

function optionsOf(value: SignOptions | undefined): Partial<SignOptions> {
  return options(value, 'options');
}

// ---- functions ---------------------------------------------------------------------------------

/**
 * Parses the platform's answer to callVerify: the session, or throws `ApiError` (result code other
 * than "0", with its table entry and retry advice) or `ParseError` (empty, not JSON, wrong shape).
 */
export function parseCallVerifyResponse(status: number, body: Body): CallVerifyResponse {
  if (typeof status !== 'number') throw argType('status', 'a number', status);
  const bytes = bodyBytes(body, status);
  return parseJson<CallVerifyResponse>(call(() => raw.parse_call_verify_response_bytes(status, bytes)));
}

/**
 * The result-code table's row for `code`, or `null` for codes the table does not know. Pass the
 * HTTP status when known: some codes mean different things at different statuses (without it
 * those throw `ConfigError` `ambiguous_result_code`).
 */
export function explain(code: string, httpStatus?: number): ResultCodeEntry | null {
  const c = string(code, 'code');
  const s = optionalNumber(httpStatus, 'httpStatus');
  return parseJson<ResultCodeEntry | null>(call(() => raw.explain(c, s)));
}

const hangupMemo = new Map<number, HangupCause | null>();

/** `hangupCause(code)` from the core, memoised (the rows are frozen and shared). */
function memoHangupCause(code: number | null): HangupCause | null {
  if (code === null) return null;
  let cause = hangupMemo.get(code);
  if (cause === undefined) {
    cause = hangupCause(code);
    if (cause !== null) Object.freeze(cause);
    if (hangupMemo.size < 1024) hangupMemo.set(code, cause);
  }
  return cause;
}

/**
 * Parses a status, digit-collection (`collectInfo`) or fee push (call `verifyPush` on the headers
 * first). Throws `ParseError`
 * naming the field for a body that is not a valid push. A status event's `hangupCause` is the
 * hangup-cause table's row for its `stateCode` (shared and frozen).
 */
export function parsePush(body: Body): Push {
  try {
    const len = writeBody(body);
    let kind: number;
    try {
      kind = raw.parse_push_input(len);
    } catch (e) {
      throw fromWasm(e);
    }
    startReading();
    if (kind === 1) return readStatus();
    if (kind === 2) return readFee();
    if (kind === 6) return readCollectInfo();
    return { kind: 'unknown', eventType: nextText() as string, rawJson: sourceText() };
  } finally {
    // Keep no reference to the caller's body, whatever happened.
    source = undefined;
    sourceBytes = undefined;
    extra = undefined;
  }
}

// ---- the module's memory: the input buffer and the output table (bindings-wasm/src/table.rs) ----
// A body is written straight into the module's input buffer. A result is a table of doubles at a
// fixed address; a text value in it is two slots: a position in the body (which, for an ASCII
// body, is a position in the string passed in), `-1` for null, or a position in the "extra" text
// (values with escapes, non-ASCII bodies, dedupe and replay keys), decoded once when first needed.
// Only the layout is read here: every check is the core's.

const memory = raw.wasm_memory() as WebAssembly.Memory;
const TABLE_ADDRESS = raw.table_address();
const TABLE_SLOTS = raw.table_slots();
let table = new Float64Array(memory.buffer, TABLE_ADDRESS, TABLE_SLOTS);
let bytes8 = new Uint8Array(memory.buffer);

/** Views made again after the memory grew (growing detaches the old buffer, and a view of a
 * detached buffer has length 0). */
function refreshViews(): void {
  if (table.length === 0) {
    table = new Float64Array(memory.buffer, TABLE_ADDRESS, TABLE_SLOTS);
    bytes8 = new Uint8Array(memory.buffer);
  }
}

let inputAddress = 0;
let inputCapacity = 0;
let inputView: Uint8Array | undefined;

/** A view of at least `len` bytes of the input buffer. */
function input(len: number): Uint8Array {
  if (len > inputCapacity || inputView === undefined || (inputView.length === 0 && inputCapacity > 0)) {
    if (len > inputCapacity) {
      inputAddress = raw.input_buffer(len);
      inputCapacity = len;
    }
    inputView = new Uint8Array(memory.buffer, inputAddress, inputCapacity);
  }
  return inputView;
}

/** Strings up to this length are encoded straight into the input buffer (3 bytes per unit at most). */
const DIRECT_CHARS = 1 << 14;

/** The body being read: the string passed in, or its bytes (decoded only if needed). */
let source: string | undefined;
let sourceBytes: Uint8Array | undefined;
let extra: string | undefined;
let decoder: TextDecoder | undefined;

/** Writes a push body into the input buffer; its length in bytes. Over `MAX_BODY_BYTES` it is
 * reported without entering the module's memory. */
function writeBody(body: unknown): number {
  if (typeof body === 'string' && body.length <= DIRECT_CHARS) {
    const view = input(body.length * 3);
    source = body;
    return (encoder ??= new TextEncoder()).encodeInto(body, view).written;
  }
  const bytes = bodyBytes(body, undefined);
  if (typeof body === 'string') source = body;
  else sourceBytes = bytes;
  input(bytes.byteLength).set(bytes);
  return bytes.byteLength;
}

function sourceText(): string {
  source ??= (decoder ??= new TextDecoder()).decode(sourceBytes);
  return source;
}

/** The position of the next slot to read. */
let at = 0;

function startReading(): void {
  refreshViews();
  at = 3;
}

function nextText(): string | null {
  const a = table[at] as number;
  const b = table[at + 1] as number;
  at += 2;
  if (a === -1) return null;
  if (extra === undefined) {
    const address = table[1] as number;
    extra = (decoder ??= new TextDecoder()).decode(bytes8.subarray(address, address + (table[2] as number)));
  }
  return extra.slice(-a - 2, b);
}

function nextInt(): number | null {
  const value = table[at++] as number;
  return Number.isNaN(value) ? null : value;
}

function nextTime(): PushTime | null {
  const text = nextText();
  const unix = table[at++] as number;
  return text === null ? null : { text, unix };
}

const EVENT_TYPES: readonly StatusEventType[] = ['callout', 'alerting', 'answer', 'disconnect'];
const DIGEST_FORMS: readonly DigestForm[] = ['concatenated', 'newline'];

function readStatus(): StatusPush {
  const eventType = EVENT_TYPES[table[at++] as number] as StatusEventType;
  const sessionId = nextText() as string;
  const timestamp = nextTime() as PushTime;
  const userData = nextText();
  const caller = nextText();
  const called = nextText();
  const stateCode = nextInt();
  const stateDesc = nextText();
  return {
    kind: 'status',
    eventType,
    sessionId,
    timestamp,
    userData,
    caller,
    called,
    stateCode,
    stateDesc,
    hangupCause: memoHangupCause(stateCode),
  };
}

function readCollectInfo(): CollectInfoPush {
  const sessionId = nextText() as string;
  const timestamp = nextTime() as PushTime;
  const userData = nextText();
  const digitInfo = nextText();
  return { kind: 'collect_info', eventType: 'collectInfo', sessionId, timestamp, userData, digitInfo };
}

function readFee(): FeePush {
  const count = table[at++] as number;
  const records: FeeRecord[] = [];
  for (let i = 0; i < count; i++) {
    // Object literals evaluate in order: the record's values in FeeRecord order.
    records.push({
      sessionId: nextText() as string,
      direction: nextInt(),
      spId: nextText(),
      appKey: nextText(),
      icid: nextText(),
      bindNum: nextText(),
      callerNum: nextText(),
      calleeNum: nextText(),
      fwdUnaswRsn: nextInt(),
      failTime: nextTime(),
      ulFailReason: nextInt(),
      sipStatusCode: nextInt(),
      callOutStartTime: nextTime(),
      callOutAlertingTime: nextTime(),
      callOutAnswerTime: nextTime(),
      callEndTime: nextTime(),
      callOutUnaswRsn: nextInt(),
      dynIvrStartTime: nextTime(),
      dynIvrPath: nextText(),
      recordFlag: nextInt(),
      ttsPlayTimes: nextInt(),
      serviceType: nextText(),
      hostName: nextText(),
      userData: nextText(),
      dedupeKey: nextText() as string,
    });
  }
  return { kind: 'fee', records };
}

/** The verification in the table: verified (digest form, clock, replay key, seconds) or unsigned. */
function readVerification(kind: number): PushVerification {
  if (kind !== 4) return { status: 'unsigned', verified: false };
  startReading();
  try {
    const digestForm = DIGEST_FORMS[table[at++] as number] as DigestForm;
    const createdOffsetSeconds = table[at++] as number;
    const replayKey = nextText() as string;
    const rememberForSeconds = table[at++] as number;
    return { status: 'verified', digestForm, createdOffsetSeconds, replayKey, rememberForSeconds, verified: true };
  } finally {
    extra = undefined;
  }
}

/**
 * Verifies a push's `Authorization` and `X-AKSK` headers. `url` must be the push URL exactly as
 * configured in `statusUrl` / `feeUrl`, never rebuilt from the incoming request. Throws
 * `PushAuthError` (answer 401) or `ConfigError` (bad options). `Created` is accepted in UTC or in
 * Beijing time (UTC+8) unless `createdOffsetSeconds` pins one; the result's `createdOffsetSeconds`
 * says which matched. A verified push has a `replayKey`: reject pushes whose key you have seen
 * within `rememberForSeconds`.
 *
 * `credentials` may also be a `Client`, which saves the key set-up per push.
 */
export function verifyPush(
  headers: HeadersInput,
  url: string,
  credentials: PushCredentials | Client,
  options?: VerifyPushOptions,
): PushVerification {
  if (credentials instanceof Client) return credentials.verifyPush(headers, url, options);
  if (typeof credentials !== 'object' || credentials === null) {
    throw argType('credentials', 'an object with appKey and appSecret', credentials);
  }
  const appKey = string(credentials.appKey, 'credentials.appKey');
  const appSecret = string(credentials.appSecret, 'credentials.appSecret');
  const a = verifyArgs(headers, url, options);
  return readVerification(
    call(() =>
      raw.verify_push(
        a.headerText,
        a.headerLengths,
        a.url,
        appKey,
        appSecret,
        a.now,
        a.windowSeconds,
        a.allowUnsigned,
        a.digestForm,
        a.createdOffsetSeconds,
      ),
    ),
  );
}

/** A verification code of `digits` (2-8, default 6) uniformly random digits (crypto.getRandomValues). */
export function generateVerifyCode(digits?: number): string {
  const d = optionalNumber(digits, 'digits');
  return call(() => raw.generate_verify_code(d));
}

/** Base64 of `text`'s UTF-8 bytes, so any text (e.g. Chinese, up to 192 bytes) fits `userData`. */
export function encodeUserData(text: string): string {
  const t = string(text, 'text');
  return raw.encode_user_data(t);
}

/** The hangup-cause table's row for a disconnect event's `stateCode`, or `null`. */
export function hangupCause(code: number): HangupCause | null {
  if (typeof code !== 'number') throw argType('code', 'a number', code);
  return parseJson<HangupCause | null>(call(() => raw.hangup_cause(code)));
}

/** The whole result-code table, in the documented order. */
export function resultCodes(): ResultCodeEntry[] {
  return parseJson<ResultCodeEntry[]>(call(() => raw.result_codes()));
}

/** The whole hangup-cause table. */
export function hangupCauses(): HangupCause[] {
  return parseJson<HangupCause[]>(call(() => raw.hangup_causes()));
}

/** An error code and its kind. */
export interface ErrorCodeInfo {
  code: ErrorCode;
  kind: ErrorKind;
}

/** Every error code of the core, with its kind, in declaration order (read from the wasm module). */
export function errorCodes(): ErrorCodeInfo[] {
  const pairs = JSON.parse(call(() => raw.error_codes())) as [ErrorCode, ErrorKind][];
  return pairs.map(([code, kind]) => ({ code, kind }));
}

/**
 * Base64 HMAC-SHA256 of `data` keyed with `key` (strings are UTF-8 encoded), computed by the same
 * code that signs requests. For known-answer self-tests (RFC 4231); not needed to use the API.
 */
export function hmacSha256Base64(key: Uint8Array | string, data: Uint8Array | string): string {
  const bytes = (v: unknown, name: string): Uint8Array => {
    if (typeof v === 'string') return (encoder ??= new TextEncoder()).encode(string(v, name));
    if (ArrayBuffer.isView(v)) {
      if (v.byteLength > MAX_STRING) throw argRange(`${name} is longer than ${MAX_STRING} bytes`);
      return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    }
    throw argType(name, 'a Uint8Array or a string', v);
  };
  const k = bytes(key, 'key');
  const d = bytes(data, 'data');
  return call(() => raw.hmac_sha256_base64(k, d));
}

/**
 * The size of the WebAssembly module's linear memory in bytes (diagnostics: it grows as needed and
 * never shrinks; a steady value over many calls shows nothing leaks).
 */
export function wasmMemoryBytes(): number {
  return raw.memory_bytes();
}
