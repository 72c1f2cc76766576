// Type-checked with lib es2022 only (no DOM, no @types/node): the declarations must not need them.
import { Client, parsePush, verifyPush, type HeadersLike } from 'callverify';

declare const appSecret: string;
const client = new Client({ baseUrl: 'https://x.example', appKey: 'k', appSecret });
const h: HeadersLike = { forEach(cb: (value: string, name: string) => void) { cb('a', 'authorization'); } };
verifyPush(h, 'https://x.example', client);
const kind: 'status' | 'collect_info' | 'fee' | 'unknown' = parsePush(new Uint8Array(0)).kind;
client.free();
void kind;
