#!/usr/bin/env python3
"""A callVerify client written the way Huawei Cloud's official Python sample writes it.

Standard library only, and none of the SDK: this is what customers' existing integrations send,
so the sandbox must accept it as the platform does. What the sample does, kept exactly:

- ``Created = time.strftime('%Y-%m-%dT%H:%M:%SZ')``: the host's *local* time with a literal ``Z``
  (Beijing time on hosts in Asia/Shanghai; the platform accepts UTC and UTC+8);
- ``Nonce = uuid.uuid4().hex`` (32 lowercase hex characters);
- ``PasswordDigest = base64(HMAC-SHA256(app_secret, Nonce + Created))``;
- ``X-AKSK: UsernameToken Username="…",PasswordDigest="…",Nonce="…",Created="…"`` (no spaces);
- ``Authorization: AKSK realm="SDP",profile="UsernameToken",type="Appkey"``;
- the body written by ``json.dumps`` with its default separators (``{"a": "b", "c": 1}``).

The sample posts with ``requests``; this one uses ``urllib`` (standard library) with the same
headers and bytes, and no proxy (the sandbox is on loopback).

    CALLVERIFY_APP_KEY=k CALLVERIFY_APP_SECRET=s TZ=Asia/Shanghai \\
        python3 scripts/huawei_python_sample.py --base-url http://127.0.0.1:18080

Exits 0 when the answer is the expected one (default: HTTP 200, resultcode "0"), 1 otherwise.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


def buildAKSKHeader(appKey, appSecret):
    now = time.strftime('%Y-%m-%dT%H:%M:%SZ')  # Created (local time, as the sample)
    nonce = uuid.uuid4().hex  # Nonce
    digest = hmac.new(appSecret.encode(), (nonce + now).encode(), digestmod=hashlib.sha256).digest()
    digestBase64 = base64.b64encode(digest).decode()  # PasswordDigest
    return 'UsernameToken Username="{}",PasswordDigest="{}",Nonce="{}",Created="{}"'.format(
        appKey, digestBase64, nonce, now)


def callVerify(baseUrl, appKey, appSecret, displayNbr, calleeNbr, verifyCode, preTone,
               statusUrl=None, feeUrl=None):
    apiUri = '/rest/httpsessions/callVerify/v1.0'
    requestUrl = baseUrl + apiUri
    header = {
        'Content-Type': 'application/json;charset=UTF-8',
        'Authorization': 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"',
        'X-AKSK': buildAKSKHeader(appKey, appSecret),
    }
    jsonData = {
        'displayNbr': displayNbr,
        'calleeNbr': calleeNbr,
        'languageType': 2,
        'preTone': preTone,
        'verifyCode': verifyCode,
        'times': 3,
        'returnIdlePort': 'true',
        'userData': 'customerData',
    }
    if statusUrl:
        jsonData['statusUrl'] = base64.b64encode(statusUrl.encode('utf-8')).decode()
    if feeUrl:
        jsonData['feeUrl'] = base64.b64encode(feeUrl.encode('utf-8')).decode()
    body = json.dumps(jsonData).encode('utf-8')
    print('Created:', header['X-AKSK'].split('Created="')[1].rstrip('"'),
          '(TZ=%s)' % os.environ.get('TZ', ''))
    print('body:', body.decode())
    request = urllib.request.Request(requestUrl, data=body, headers=header, method='POST')
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as r:
            return r.status, r.read().decode('utf-8'), r.headers.get('X-Sandbox-Reason')
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode('utf-8'), e.headers.get('X-Sandbox-Reason')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--base-url', required=True)
    parser.add_argument('--callee', default='+8618900000007')
    parser.add_argument('--status-url')
    parser.add_argument('--fee-url')
    parser.add_argument('--expect-status', type=int, default=200)
    parser.add_argument('--expect-resultcode', default='0')
    parser.add_argument('--expect-reason', default=None,
                        help='a text the X-Sandbox-Reason header must contain')
    args = parser.parse_args()
    status, text, reason = callVerify(
        args.base_url, os.environ['CALLVERIFY_APP_KEY'], os.environ['CALLVERIFY_APP_SECRET'],
        '+8675528000088', args.callee, '123456', 'welcome.wav', args.status_url, args.fee_url)
    print('HTTP', status, text)
    if reason:
        print('X-Sandbox-Reason:', reason)
    answer = json.loads(text)
    problems = []
    if status != args.expect_status:
        problems.append('HTTP %d, expected %d' % (status, args.expect_status))
    if answer.get('resultcode') != args.expect_resultcode:
        problems.append('resultcode %r, expected %r' % (answer.get('resultcode'), args.expect_resultcode))
    if args.expect_resultcode == '0' and not answer.get('sessionId'):
        problems.append('no sessionId')
    if args.expect_reason is not None and args.expect_reason not in (reason or ''):
        problems.append('X-Sandbox-Reason lacks %r' % args.expect_reason)
    for p in problems:
        print('FAIL:', p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
