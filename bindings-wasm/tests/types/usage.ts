// Type-checked (never run) by scripts/test-wasm.sh with `tsc --noEmit --strict` against the
// installed package: every public API with its precise types, and misuse that must not compile.
import {
  Client,
  ERROR_CODES,
  MAX_BODY_BYTES,
  encodeUserData,
  errorCodes,
  explain,
  generateVerifyCode,
  hangupCause,
  isApiError,
  isCallVerifyError,
  isConfigError,
  isParseError,
  isPushAuthError,
  isValidationError,
  parseCallVerifyResponse,
  parsePush,
  resultCodes,
  validateCallVerify,
  verifyPush,
  type CallVerifyRequest,
  type ErrorCode,
  type HttpRequest,
  type Push,
  type PushVerification,
  type ResultCategory,
  type Violation,
} from 'callverify';

declare const appSecret: string;

const client = new Client({ baseUrl: 'https://rtccall.cn-north-1.myhuaweicloud.cn:443', appKey: 'key', appSecret });
const offsetClient = new Client({ baseUrl: 'http://127.0.0.1:8080', appKey: 'key', appSecret, createdOffsetSeconds: 28800 });

const request: CallVerifyRequest = {
  displayNbr: '+8675528000088',
  calleeNbr: '+8618900000007',
  verifyCode: generateVerifyCode(6),
  preTone: 'welcome.wav',
  times: 3,
  statusUrl: 'https://example.com/voice/status',
  returnIdlePort: true,
  userData: encodeUserData('订单 4711'),
};
const problems: Violation[] = validateCallVerify(request);
const firstField: string | undefined = problems[0]?.field;
void firstField;
const r: HttpRequest = client.callVerify(request, { now: Math.floor(Date.now() / 1000), nonce: 'abc' });
const method: 'POST' = r.method;
const xAksk: string = r.headers['X-AKSK'];
const init: RequestInit = { method: r.method, headers: r.headers, body: r.body };

async function send(): Promise<string> {
  const res = await fetch(r.url, init);
  const parsed = parseCallVerifyResponse(res.status, new Uint8Array(await res.arrayBuffer()));
  const idle: number | null = parsed.idlePort;
  void idle;
  return parsed.sessionId;
}

try {
  client.callVerify({ ...request, calleeNbr: '+860755' });
} catch (e: unknown) {
  if (isValidationError(e)) {
    const errors: readonly Violation[] = e.errors;
    const first: ErrorCode | undefined = errors[0]?.code;
    const kind: 'validation' = e.kind;
    void first, kind;
  } else if (isApiError(e)) {
    const wait: number | null = e.retryAfterSeconds;
    const category: ResultCategory | undefined = e.entry?.category;
    const status: number = e.httpStatus;
    void wait, category, status;
  } else if (isParseError(e) || isPushAuthError(e) || isConfigError(e)) {
    const field: string | null = e.field;
    void field;
  } else if (isCallVerifyError(e)) {
    const code: ErrorCode = e.code;
    void code;
  }
}

const push: Push = parsePush('{"eventType":"answer"}');
switch (push.kind) {
  case 'status': {
    const unix: number = push.timestamp.unix;
    const cause: string | undefined = push.hangupCause?.category;
    void unix, cause;
    break;
  }
  case 'fee':
    for (const record of push.records) {
      const key: string = record.dedupeKey;
      const start: number | undefined = record.callOutStartTime?.unix;
      void key, start;
    }
    break;
  case 'unknown': {
    const raw: string = push.rawJson;
    void raw;
    break;
  }
}

const headers = new Headers();
const v: PushVerification = verifyPush(headers, 'https://example.com/voice/status', { appKey: 'key', appSecret }, {
  windowSeconds: 300,
  digestForm: 'newline',
  allowUnsigned: false,
  createdOffsetSeconds: 0,
});
if (v.verified) {
  const replayKey: string = v.replayKey;
  const ttl: number = v.rememberForSeconds;
  const clock: number = v.createdOffsetSeconds;
  void replayKey, ttl, clock;
}
verifyPush(headers, 'https://x.example', { appKey: 'key', appSecret }, { createdOffsetSeconds: null });
verifyPush({ authorization: 'a', 'x-aksk': ['b'], other: undefined }, 'https://x.example', client);
verifyPush([['Authorization', 'a']], 'https://x.example', client);
verifyPush(['Authorization', 'a'], 'https://x.example', client);
client.verifyPush(new Map<string, string>(), 'https://x.example', { now: 1 });

const entry = explain('1010010', 403);
const retry = entry?.retry;
if (retry?.kind === 'after_seconds') {
  const seconds: number = retry.seconds;
  void seconds;
}
const codes: { code: ErrorCode; kind: string }[] = errorCodes();
const kindOf: 'config' = ERROR_CODES.app_key_empty;
const rows = resultCodes().length + MAX_BODY_BYTES;
const meaning: string | undefined = hangupCause(8102)?.meaningEn;
client.free();
offsetClient[Symbol.dispose]();
void method, xAksk, send, codes, kindOf, rows, meaning;

// ---- misuse that must not compile ----
// @ts-expect-error verifyCode is a string (a number loses leading zeros)
client.callVerify({ ...request, verifyCode: 123456 });
// @ts-expect-error calleeNbr is required
client.callVerify({ displayNbr: '+8675528000088', verifyCode: '1', preTone: 'a.wav' });
// @ts-expect-error now is a number of seconds
client.callVerify(request, { now: new Date() });
// @ts-expect-error appSecret is required
new Client({ baseUrl: 'https://x.example', appKey: 'k' });
// @ts-expect-error only the two documented digest forms
verifyPush(headers, 'https://x.example', client, { digestForm: 'sha1' });
// @ts-expect-error headers are not a string
verifyPush('authorization: x', 'https://x.example', client);
// @ts-expect-error bodies are text or bytes
parsePush(42);
// @ts-expect-error the secret cannot be read back
client.appSecret;
// @ts-expect-error the created offset is a number of seconds
verifyPush(headers, 'https://x.example', client, { createdOffsetSeconds: '+08:00' });
// @ts-expect-error an unsigned push has no clock
if (!v.verified) void v.createdOffsetSeconds;
// @ts-expect-error a status push has no records
if (push.kind === 'status') void push.records;
