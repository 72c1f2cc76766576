// Plain-object types of the public API (camelCase versions of the core's types).

/** Options of `new Client(…)`. */
export interface ClientOptions {
  /**
   * `https://host[:port]` of the platform, e.g. `https://rtccall.cn-north-1.myhuaweicloud.cn:443`
   * (plain `http://` only to loopback hosts, for the local sandbox). No path: the SDK adds it.
   */
  baseUrl: string;
  /** The App Key from the console's application management page. */
  appKey: string;
  /** The App Secret. Server-side only: never ship it to a browser. */
  appSecret: string;
  /** Offset added to UTC in `Created` (28800 for accounts that expect Beijing time); default 0. */
  createdOffsetSeconds?: number;
}

/** A callVerify request: every field of table 4 (wire names; push URLs plain, not encoded). */
export interface CallVerifyRequest {
  /** Number shown to the callee, `+{country}{area}{number}`, 4-31 characters. */
  displayNbr: string;
  /** Number to call, `+{country}{number}`, 4-31 characters (China: no leading 0 of the area code). */
  calleeNbr: string;
  /** The code read aloud: 2-8 ASCII digits, as a string (keeps leading zeros). */
  verifyCode: string;
  /** Approved `.wav` file played before the code, 1-128 characters. */
  preTone: string;
  /** 2 (Chinese), the only documented value; default 2. */
  languageType?: number;
  /** Approved `.wav` file played after the code. */
  posTone?: string;
  /** How often the code is played, 0-9 (0 = until hangup); omitted means 3. */
  times?: number;
  /** Plain http(s) URL for status pushes; the SDK base64-encodes it. */
  statusUrl?: string;
  /** Plain http(s) URL for fee (call-detail) pushes; the SDK base64-encodes it. */
  feeUrl?: string;
  /** Ask the platform to return its idle port count. */
  returnIdlePort?: boolean;
  /** 1-256 ASCII characters without `{` `}`, echoed in pushes (see `encodeUserData`). */
  userData?: string;
}

/** Time and nonce of one signed attempt. */
export interface SignOptions {
  /** Current time in Unix SECONDS (not milliseconds); default `Math.floor(Date.now() / 1000)`. */
  now?: number;
  /** 1-128 characters of `[0-9A-Za-z]`; default: 32 fresh random hex characters. Never reuse one. */
  nonce?: string;
}

/** The headers of a signed request, in the order the platform documents (a `HeadersInit`). */
export type RequestHeaders = {
  'Content-Type': string;
  Authorization: string;
  'X-AKSK': string;
};

/** A signed request as data: `fetch(r.url, { method: r.method, headers: r.headers, body: r.body })`. */
export interface HttpRequest {
  method: 'POST';
  url: string;
  headers: RequestHeaders;
  body: string;
}

/** An X-AKSK signature. `passwordDigest` works as a credential until `created` is stale. */
export interface Signature {
  created: string;
  nonce: string;
  authorization: string;
  xAksk: string;
  passwordDigest: string;
}

/** A successful answer to callVerify. */
export interface CallVerifyResponse {
  /** The call's session id; pushes about the call carry it. */
  sessionId: string;
  /** Idle platform ports, when the request set `returnIdlePort`. */
  idlePort: number | null;
  /** The platform's `resultdesc` (usually "Success"). */
  resultDesc: string;
}

/** What kind of problem a result code reports. */
export type ResultCategory =
  | 'success'
  | 'auth'
  | 'request'
  | 'app_state'
  | 'rate_limit'
  | 'restriction'
  | 'platform';

/** Whether and when a request that got a result code may be sent again (always signed afresh). */
export type RetryAdvice =
  | { kind: 'never' }
  | { kind: 'after_seconds'; seconds: number }
  | { kind: 'immediately_with_fresh_signature' };

/** One row of the platform's result-code table. */
export interface ResultCodeEntry {
  httpStatus: number;
  code: string;
  descriptionEn: string;
  descriptionZh: string;
  actionEn: string;
  actionZh: string;
  category: ResultCategory;
  retry: RetryAdvice;
}

/** Coarse classification of why a call ended. */
export type HangupCategory =
  | 'answered'
  | 'no_answer'
  | 'busy'
  | 'unreachable'
  | 'blocked'
  | 'cancelled'
  | 'platform_error';

/** One row of the hangup-cause table (`stateCode` of a disconnect event). */
export interface HangupCause {
  code: number;
  meaningEn: string;
  meaningZh: string;
  category: HangupCategory;
}

/** A platform time (`yyyy-MM-dd HH:mm:ss`, UTC): the text as sent and its Unix seconds. */
export interface PushTime {
  text: string;
  unix: number;
}

/** The four status events of callVerify. */
export type StatusEventType = 'callout' | 'alerting' | 'answer' | 'disconnect';

/** A call status event (pushed to `statusUrl`). */
export interface StatusPush {
  kind: 'status';
  eventType: StatusEventType;
  sessionId: string;
  timestamp: PushTime;
  userData: string | null;
  caller: string | null;
  called: string | null;
  /** Hangup cause code (disconnect only). */
  stateCode: number | null;
  stateDesc: string | null;
  /** The hangup-cause table's row for `stateCode`, when known (shared, frozen). */
  hangupCause: Readonly<HangupCause> | null;
}

/**
 * A digit-collection result (`eventType` `collectInfo`, pushed to `statusUrl`): the digits the
 * callee keyed in when a voice notification asked for them.
 */
export interface CollectInfoPush {
  kind: 'collect_info';
  eventType: 'collectInfo';
  sessionId: string;
  /** When the digits were collected. */
  timestamp: PushTime;
  userData: string | null;
  /** `digitInfo`: the digits collected, as sent (e.g. `"1"`). */
  digitInfo: string | null;
}

/** One call-detail record. Everything but `sessionId` is optional on the wire. */
export interface FeeRecord {
  sessionId: string;
  direction: number | null;
  spId: string | null;
  appKey: string | null;
  icid: string | null;
  bindNum: string | null;
  callerNum: string | null;
  calleeNum: string | null;
  fwdUnaswRsn: number | null;
  failTime: PushTime | null;
  ulFailReason: number | null;
  sipStatusCode: number | null;
  callOutStartTime: PushTime | null;
  callOutAlertingTime: PushTime | null;
  callOutAnswerTime: PushTime | null;
  callEndTime: PushTime | null;
  callOutUnaswRsn: number | null;
  dynIvrStartTime: PushTime | null;
  dynIvrPath: string | null;
  recordFlag: number | null;
  ttsPlayTimes: number | null;
  serviceType: string | null;
  hostName: string | null;
  userData: string | null;
  /**
   * Key to deduplicate records: the platform retries a failed fee push up to 6 times, an hour
   * apart, so skip records whose key you already stored.
   */
  dedupeKey: string;
}

/** A batch of 1-50 fee records (pushed to `feeUrl`). */
export interface FeePush {
  kind: 'fee';
  records: FeeRecord[];
}

/** A push whose `eventType` this SDK does not know; nothing is lost. */
export interface UnknownPush {
  kind: 'unknown';
  eventType: string;
  /** The whole body, as sent. */
  rawJson: string;
}

/** A parsed push. */
export type Push = StatusPush | CollectInfoPush | FeePush | UnknownPush;

/** How a push digest's message is formed: `url + nonce + created`, or joined with `\n`. */
export type DigestForm = 'concatenated' | 'newline';

/** The app key and secret that pushes are signed with. */
export interface PushCredentials {
  appKey: string;
  appSecret: string;
}

/** Options of `verifyPush`. */
export interface VerifyPushOptions {
  /** Current time in Unix SECONDS; default `Math.floor(Date.now() / 1000)`. */
  now?: number;
  /** Freshness window, 1-86400 s (default 300): |now − Created| must not exceed it. */
  windowSeconds?: number;
  /** Accept a push without any auth header (some accounts receive unsigned pushes). Default false. */
  allowUnsigned?: boolean;
  /** Accept only this digest form; default: either. */
  digestForm?: DigestForm;
  /**
   * Pins the clock of the push's `Created`: its offset from UTC in seconds (0 for UTC, 28800 for
   * Beijing time). Default (undefined or null): both UTC and UTC+8 are accepted.
   */
  createdOffsetSeconds?: number | null;
}

/** A push whose signature is valid and fresh. */
export interface VerifiedPush {
  verified: true;
  status: 'verified';
  /** Which digest form matched. */
  digestForm: DigestForm;
  /** Which clock `Created` was read in: its offset from UTC in seconds (0 UTC, 28800 Beijing time). */
  createdOffsetSeconds: number;
  /**
   * `nonce:created`, the stamp as sent (one key whichever clock matched). Reject a push whose key
   * you already saw within `rememberForSeconds` (a replay).
   */
  replayKey: string;
  /**
   * How long to remember the replay key: twice the window, plus 28800 while both clocks are
   * accepted (a stamp read as UTC+8 is fresh again eight hours later read as UTC).
   */
  rememberForSeconds: number;
}

/** A push without auth headers, accepted because `allowUnsigned` was set. */
export interface UnsignedPush {
  verified: false;
  status: 'unsigned';
}

/** The outcome of a successful `verifyPush` (failures throw `PushAuthError`). */
export type PushVerification = VerifiedPush | UnsignedPush;

/** Anything with `forEach((value, name) => …)`, e.g. a WHATWG `Headers` instance or a `Map`. */
export interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * Request headers: a plain object (e.g. Node's `req.headers`; array values count as repeated
 * headers), an array of `[name, value]` pairs, a flat `[name, value, name, value, …]` array (e.g.
 * Node's `req.rawHeaders`, which keeps duplicates), or a `Headers` instance.
 */
export type HeadersInput =
  | HeadersLike
  | ReadonlyArray<readonly [string, string]>
  | readonly string[]
  | { readonly [name: string]: string | readonly string[] | undefined };

/** A response or push body: text, or the raw bytes (`Uint8Array`, `Buffer`, `ArrayBuffer`). */
export type Body = string | Uint8Array | ArrayBuffer;
