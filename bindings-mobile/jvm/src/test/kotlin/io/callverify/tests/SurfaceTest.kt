package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.Test
import java.util.Base64
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

const val BASE = "https://rtccall.cn-north-1.myhuaweicloud.cn:443"

fun sampleRequest() = CallVerifyRequest(
    displayNbr = "+8675528000088",
    calleeNbr = "+8618900000007",
    verifyCode = "123456",
    preTone = "welcome.wav",
)

/**
 * One push checked at [now] by a [PushVerifier] built for it: the shape of the table-driven checks.
 * Applications build one verifier per push URL and reuse it (see [SurfaceTest.pushVerifierIsBuiltOnceAndReused]).
 */
fun verifyPushAt(
    headers: List<HttpHeader>,
    url: String,
    credentials: Credentials,
    now: Long,
    options: VerifyOptions = VerifyOptions(),
): PushVerification = PushVerifier(credentials, url, options).use { it.verifyAt(headers, now) }

/** The Kotlin surface: defaults, types, closing, threads. */
class SurfaceTest {
    /**
     * Two packages: the objects, the exception and the functions in io.callverify (callverify.kt);
     * every record and enum, and Signature, in io.callverify.core (core/callverify_core.kt). Both
     * load from the one native library.
     */
    @Test
    fun surfaceIsSplitIntoTwoPackages() {
        for (cls in listOf(Credentials::class, Client::class, PushVerifier::class, CallVerifyException::class)) {
            assertEquals("io.callverify", cls.java.packageName, cls.toString())
        }
        val core = listOf(
            CallVerifyRequest::class, HttpRequest::class, HttpHeader::class, CallVerifyResponse::class, Push::class,
            StatusEvent::class, CollectInfoEvent::class, FeeBatch::class, FeeRecord::class, UnknownPush::class,
            PushTime::class, HangupCause::class, HangupCategory::class, ResultCodeEntry::class, ResultCategory::class,
            RetryAdvice::class, VerifyOptions::class, DigestForm::class, PushVerification::class, ErrorCode::class,
            ErrorKind::class, Violation::class, Signature::class, StatusEventType::class,
        )
        for (cls in core) {
            assertEquals("io.callverify.core", cls.java.packageName, cls.toString())
            // No second copy of a core type in io.callverify.
            assertTrue(runCatching { Class.forName("io.callverify.${cls.java.simpleName}") }.isFailure, "io.callverify.${cls.java.simpleName}")
        }
        // The top-level functions are the binding's (CallverifyKt); the core component has none but UniFFI's own.
        val functions = Class.forName("io.callverify.CallverifyKt").methods.map { it.name }.toSet()
        assertTrue(
            functions.containsAll(
                setOf(
                    "parseCallVerifyResponse", "explain", "resultCodes", "parsePush", "signPush", "generateVerifyCode",
                    "encodeUserData", "hangupCause", "hmacSha256", "version", "errorCodes",
                ),
            ),
            "$functions",
        )
        assertFalse("verifyPush" in functions, "the one-shot verifyPush is gone: PushVerifier")
    }

    /** The hot operations take one record and return one: callVerify(request) and callVerifyAt(request, now, nonce). */
    @Test
    fun callVerifyAndCallVerifyAtSignatures() {
        val methods = Client::class.java.methods.filter { it.name.startsWith("callVerify") }
            .map { m -> m.name to m.parameterTypes.map { it.simpleName } }.toSet()
        assertEquals(
            setOf("callVerify" to listOf("CallVerifyRequest"), "callVerifyAt" to listOf("CallVerifyRequest", "long", "String")),
            methods,
        )
        Credentials("my-app-key", "my-app-secret").use { creds ->
            Client(BASE, creds).use { client ->
                val at = client.callVerifyAt(sampleRequest(), 1_700_000_000, "0123456789abcdef")
                assertEquals(at, client.callVerifyAt(sampleRequest(), 1_700_000_000, "0123456789abcdef"), "deterministic")
                assertTrue(at.headers[2].value.contains("Nonce=\"0123456789abcdef\""))
                assertTrue(at.headers[2].value.contains("Created=\"2023-11-14T22:13:20Z\""))
                val now = client.callVerify(sampleRequest())
                assertEquals(at.url, now.url)
                assertEquals(at.body, now.body)
                assertEquals(at.headers.take(1), now.headers.take(1))
                try {
                    client.callVerifyAt(sampleRequest(), 1_700_000_000, "not a nonce")
                    fail("expected an exception")
                } catch (e: CallVerifyException.Config) {
                    assertEquals(ErrorCode.NONCE_INVALID, e.code)
                }
            }
        }
    }

    @Test
    fun pushVerifierIsBuiltOnceAndReused() {
        Credentials("push-key", "push-secret").use { creds ->
            val url = "https://example.com/voice/status"
            val options = VerifyOptions(windowSeconds = 120, createdOffsetSeconds = 0)
            PushVerifier(creds, url, options).use { verifier ->
                assertEquals(url, verifier.url())
                assertEquals(options, verifier.options())
                val pool = Executors.newFixedThreadPool(4)
                val futures = (0 until 200).map { i ->
                    pool.submit<PushVerification> {
                        verifier.verifyAt(signPush(creds, url, "n$i", 1_700_000_000L + i, DigestForm.NEWLINE), 1_700_000_000L + i)
                    }
                }
                futures.forEachIndexed { i, f ->
                    val v = f.get() as PushVerification.Verified
                    assertEquals("n$i:" + signPush(creds, url, "n$i", 1_700_000_000L + i, DigestForm.NEWLINE)[1].value.substringAfter("Created=\"").substringBefore('"'), v.replayKey)
                    assertEquals(240L, v.rememberForSeconds)
                }
                pool.shutdown()
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
                // The system clock: a push signed now verifies, one from 2023 is stale.
                val now = System.currentTimeMillis() / 1000
                assertTrue(verifier.verify(signPush(creds, url, "now", now, DigestForm.CONCATENATED)) is PushVerification.Verified)
                try {
                    verifier.verify(signPush(creds, url, "old", 1_700_000_000, DigestForm.NEWLINE))
                    fail("expected an exception")
                } catch (e: CallVerifyException.PushAuth) {
                    assertEquals(ErrorCode.STALE_PUSH, e.code)
                }
            }
            // The default options.
            PushVerifier(creds, url).use { assertEquals(VerifyOptions(), it.options()) }
            // A verifier keeps working after its Credentials object is closed (it holds its own copy).
            val other = Credentials("push-key", "push-secret")
            PushVerifier(other, url).use { verifier ->
                other.close()
                assertTrue(verifier.verifyAt(signPush(creds, url, "n", 1_700_000_000, DigestForm.NEWLINE), 1_700_000_000) is PushVerification.Verified)
            }
        }
    }

    /** The constructor checks the options, so a bad window or offset fails before any push arrives. */
    @Test
    fun pushVerifierRefusesBadOptionsAtConstruction() {
        Credentials("k", "s").use { creds ->
            for ((options, code) in listOf(
                VerifyOptions(windowSeconds = 0) to ErrorCode.WINDOW_INVALID,
                VerifyOptions(windowSeconds = 86_401) to ErrorCode.WINDOW_INVALID,
                VerifyOptions(createdOffsetSeconds = 7) to ErrorCode.CREATED_OFFSET_INVALID,
                VerifyOptions(createdOffsetSeconds = 14L * 3600 + 60) to ErrorCode.CREATED_OFFSET_INVALID,
                VerifyOptions(createdOffsetSeconds = 1L shl 40) to ErrorCode.CREATED_OFFSET_INVALID,
            )) {
                try {
                    PushVerifier(creds, "https://e.com/s", options).close()
                    fail("expected an exception for $options")
                } catch (e: CallVerifyException.Config) {
                    assertEquals(code, e.code, "$options")
                }
            }
            PushVerifier(creds, "https://e.com/s", VerifyOptions(windowSeconds = 86_400, createdOffsetSeconds = -14L * 3600)).close()
        }
    }

    /** `createdOffsetSeconds` is a Long: a value beyond Int's range is refused, not truncated. */
    @Test
    fun clientOffsetIsALong() {
        Credentials("k", "s").use { creds ->
            for (offset in listOf((1L shl 32) + 28_800, Long.MIN_VALUE, Int.MAX_VALUE.toLong() + 1)) {
                try {
                    Client(BASE, creds, offset).close()
                    fail("expected an exception for $offset")
                } catch (e: CallVerifyException.Config) {
                    assertEquals(ErrorCode.CREATED_OFFSET_INVALID, e.code)
                }
            }
            Client(BASE, creds, -50_400L).use { assertEquals(-50_400L, it.createdOffsetSeconds()) }
        }
    }

    /** Signature is an object (AutoCloseable) whose parts are methods. */
    @Test
    fun signatureIsAnObjectWithMethods() {
        Credentials("k", "s").use { creds ->
            Client(BASE, creds).use { client ->
                val sig = client.sign(1_700_000_000, "abc")
                val closeable: AutoCloseable = sig
                assertEquals(listOf("2023-11-14T22:13:20Z", "abc"), listOf(sig.created(), sig.nonce()))
                assertEquals("AKSK realm=\"SDP\",profile=\"UsernameToken\",type=\"Appkey\"", sig.authorization())
                assertTrue(sig.xAksk().startsWith("UsernameToken Username=\"k\""))
                assertTrue(sig.xAksk().contains("PasswordDigest=\"${sig.passwordDigest()}\""))
                assertEquals(
                    Client(BASE, creds).use { it.callVerifyAt(sampleRequest(), 1_700_000_000, "abc") }.headers[2].value,
                    sig.xAksk(),
                )
                closeable.close()
                try {
                    sig.created()
                    fail("use after close must throw")
                } catch (e: IllegalStateException) {
                    assertTrue(e.message!!.contains("destroyed"))
                }
            }
        }
    }

    @Test
    fun requestDefaultsMatchTheCore() {
        val r = sampleRequest()
        assertEquals(2L, r.languageType)
        assertNull(r.posTone); assertNull(r.times); assertNull(r.statusUrl); assertNull(r.feeUrl)
        assertNull(r.returnIdlePort); assertNull(r.userData)
        val withTimes = r.copy(times = 3)
        assertEquals(3L, withTimes.times)
        assertNotEquals(r, withTimes)
    }

    @Test
    fun callVerifyBuildsAFreshlySignedRequestEachTime() {
        Credentials("my-app-key", "my-app-secret").use { creds ->
            Client(BASE, creds).use { client ->
                val a = client.callVerify(sampleRequest().copy(statusUrl = "https://example.com/voice/status"))
                val b = client.callVerify(sampleRequest().copy(statusUrl = "https://example.com/voice/status"))
                assertEquals("POST", a.method)
                assertEquals("$BASE/rest/httpsessions/callVerify/v1.0", a.url)
                assertEquals(listOf("Content-Type", "Authorization", "X-AKSK"), a.headers.map { it.name })
                assertNotEquals(a.headers[2].value, b.headers[2].value, "each call draws a new nonce")
                assertTrue(a.body.contains("\"statusUrl\":\"" + Base64.getEncoder().encodeToString("https://example.com/voice/status".toByteArray()) + "\""))
                val nonce = Regex("Nonce=\"([0-9a-f]{32})\"").find(a.headers[2].value)
                assertNotNull(nonce, "generated nonce is 32 hex characters")
                val created = Regex("Created=\"([^\"]+)\"").find(a.headers[2].value)!!.groupValues[1]
                assertTrue(created.matches(Regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")))
            }
        }
    }

    @Test
    fun clientAccessorsAndOffset() {
        Credentials("my-app-key", "my-app-secret").use { creds ->
            assertEquals("my-app-key", creds.appKey())
            Client("$BASE/", creds, 28800).use { client ->
                assertEquals(BASE, client.baseUrl())
                assertEquals("my-app-key", client.appKey())
                assertEquals(28800L, client.createdOffsetSeconds())
                assertEquals("2018-05-26T08:35:30Z", client.sign(1_527_294_930, "abc").created())
            }
            Client(BASE, creds).use { assertEquals(0L, it.createdOffsetSeconds()) }
        }
    }

    @Test
    fun signWithoutArgumentsUsesClockAndRandomNonce() {
        Credentials("k", "s").use { creds ->
            Client(BASE, creds).use { client ->
                val a = client.sign()
                val b = client.sign()
                assertNotEquals(a.nonce(), b.nonce())
                assertEquals(32, a.nonce().length)
                assertTrue(a.xAksk().contains(a.passwordDigest()))
            }
        }
    }

    @Test
    fun objectsAreAutoCloseableAndRefuseUseAfterClose() {
        val creds = Credentials("k", "s")
        val closeable: AutoCloseable = creds
        assertTrue(closeable === creds)
        creds.close()
        creds.close() // closing twice is harmless
        try {
            creds.appKey()
            fail("use after close must throw")
        } catch (e: IllegalStateException) {
            assertTrue(e.message!!.contains("destroyed"))
        }
    }

    @Test
    fun clientKeepsWorkingAfterItsCredentialsObjectIsClosed() {
        val creds = Credentials("k", "s")
        Client(BASE, creds).use { client ->
            creds.close()
            assertEquals("k", client.appKey())
            client.sign(0, "n")
        }
    }

    @Test
    fun parseResponseSuccessAndErrors() {
        val ok = parseCallVerifyResponse(200, """{"resultcode":"0","resultdesc":"Success","sessionId":"s-1","idlePort":7}""".toByteArray())
        assertEquals(CallVerifyResponse("s-1", 7, "Success"), ok)
        try {
            parseCallVerifyResponse(403, """{"resultcode":"1010010","resultdesc":"flow control"}""".toByteArray())
            fail("expected an exception")
        } catch (e: CallVerifyException.Api) {
            assertEquals(403, e.httpStatus)
            assertEquals("1010010", e.resultCode)
            assertEquals(ResultCategory.RATE_LIMIT, e.entry!!.category)
            assertEquals(RetryAdvice.AfterSeconds(60), e.retry)
            assertEquals(e.entry.retry, e.retry)
            assertTrue(e.message.contains("1010010"))
        }
        try {
            parseCallVerifyResponse(502, "<html>502 Bad Gateway</html>".toByteArray())
            fail("expected an exception")
        } catch (e: CallVerifyException.Parse) {
            assertEquals(ErrorCode.INVALID_JSON, e.code)
            assertEquals(502, e.httpStatus)
        }
    }

    @Test
    fun explainAndResultCodes() {
        val entry = explain("1010010", 401)!!
        assertEquals(ResultCategory.AUTH, entry.category)
        assertEquals(RetryAdvice.Never, entry.retry)
        assertNull(explain("9999999"))
        try {
            explain("1010010")
            fail("expected an exception")
        } catch (e: CallVerifyException.Config) {
            assertEquals(ErrorCode.AMBIGUOUS_RESULT_CODE, e.code)
        }
        val all = resultCodes()
        assertTrue(all.size > 50)
        assertTrue(all.any { it.code == "0" && it.category == ResultCategory.SUCCESS })
        assertTrue(all.all { it.descriptionEn.isNotEmpty() && it.descriptionZh.isNotEmpty() })
    }

    @Test
    fun parsePushStatusFeeUnknown() {
        val status = parsePush(
            """{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23","caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy"}}""".toByteArray(),
        )
        when (status) {
            is Push.Status -> {
                assertEquals(StatusEventType.DISCONNECT, status.event.eventType)
                assertEquals(1_548_298_163L, status.event.timestamp.unix)
                assertEquals("2019-01-24 02:49:23", status.event.timestamp.text)
                assertEquals(HangupCategory.BUSY, status.event.hangupCause()!!.category)
            }
            else -> fail("not a status push: $status")
        }
        val fee = parsePush("""{"eventType":"fee","feeLst":[{"sessionId":"s-1","direction":0,"callEndTime":"2019-01-24 02:49:23"}]}""".toByteArray())
        val records = (fee as Push.Fee).batch.records
        assertEquals(1, records.size)
        assertEquals("fee:s-1", records[0].dedupeKey())
        assertEquals(0L, records[0].direction)
        assertEquals(1_548_298_163L, records[0].callEndTime!!.unix)
        val collect = parsePush(
            """{"eventType":"collectInfo","statusInfo":{"sessionId":"s-9","timestamp":"2018-05-22 06:44:03","digitInfo":"1"}}""".toByteArray(),
        ) as Push.CollectInfo
        assertEquals("1", collect.event.digitInfo)
        assertEquals(null, collect.event.userData)
        assertEquals(1_526_971_443L, collect.event.timestamp.unix)
        val unknown = parsePush("""{"eventType":"recordingReady","x":1}""".toByteArray()) as Push.Unknown
        assertEquals("recordingReady", unknown.push.eventType)
        assertEquals("""{"eventType":"recordingReady","x":1}""", unknown.push.rawJson)
    }

    @Test
    fun signPushThenVerifyPushRoundTrip() {
        Credentials("push-key", "push-secret").use { creds ->
            val url = "https://example.com/voice/status"
            for (form in DigestForm.values()) {
                val headers = signPush(creds, url, "abc123", 1_700_000_000, form)
                val v = verifyPushAt(headers, url, creds, 1_700_000_100)
                assertEquals(PushVerification.Verified(form, 0, "abc123:2023-11-14T22:13:20Z", 600L + 28_800), v)
                // Pinning the other form rejects it.
                val other = DigestForm.values().first { it != form }
                try {
                    verifyPushAt(headers, url, creds, 1_700_000_100, VerifyOptions(digestForm = other))
                    fail("expected an exception")
                } catch (e: CallVerifyException.PushAuth) {
                    assertEquals(ErrorCode.DIGEST_MISMATCH, e.code)
                }
            }
            // Stale, unsigned, unsigned-allowed.
            val headers = signPush(creds, url, "abc123", 1_700_000_000, DigestForm.NEWLINE)
            try {
                verifyPushAt(headers, url, creds, 1_700_000_000 + 301)
                fail("expected an exception")
            } catch (e: CallVerifyException.PushAuth) {
                assertEquals(ErrorCode.STALE_PUSH, e.code)
            }
            try {
                verifyPushAt(emptyList(), url, creds, 1_700_000_000)
                fail("expected an exception")
            } catch (e: CallVerifyException.PushAuth) {
                assertEquals(ErrorCode.UNSIGNED_PUSH, e.code)
            }
            assertEquals(PushVerification.Unsigned, verifyPushAt(emptyList(), url, creds, 1_700_000_000, VerifyOptions(allowUnsigned = true)))
            // With the system clock: a push signed now verifies.
            val nowHeaders = signPush(creds, url, "n0w", System.currentTimeMillis() / 1000, DigestForm.NEWLINE)
            assertTrue(PushVerifier(creds, url).use { it.verify(nowHeaders) } is PushVerification.Verified)
        }
    }

    @Test
    fun verifyPushAcceptsBeijingTimeByDefaultAndPinsOneClock() {
        Credentials("push-key", "push-secret").use { creds ->
            val url = "https://example.com/voice/status"
            // The platform stamps Created in Beijing time (UTC+8), still with a trailing Z.
            val beijing = signPush(creds, url, "bj", 1_700_000_000 + 28_800, DigestForm.NEWLINE)
            assertEquals(
                PushVerification.Verified(DigestForm.NEWLINE, 28_800, "bj:2023-11-15T06:13:20Z", 600L + 28_800),
                verifyPushAt(beijing, url, creds, 1_700_000_100),
            )
            assertEquals(
                PushVerification.Verified(DigestForm.NEWLINE, 28_800, "bj:2023-11-15T06:13:20Z", 600),
                verifyPushAt(beijing, url, creds, 1_700_000_100, VerifyOptions(createdOffsetSeconds = 28_800)),
            )
            // Pinned to UTC, the Beijing stamp is 8 hours in the future; the message names the option.
            try {
                verifyPushAt(beijing, url, creds, 1_700_000_100, VerifyOptions(createdOffsetSeconds = 0))
                fail("expected an exception")
            } catch (e: CallVerifyException.PushAuth) {
                assertEquals(ErrorCode.FUTURE_PUSH, e.code)
                assertEquals("X-AKSK", e.field)
                assertTrue(e.reason.contains("looks like local time at UTC+8"), e.reason)
                assertTrue(e.reason.contains("createdOffsetSeconds"), e.reason)
                assertTrue(e.reason.contains("to 28800"), e.reason)
            }
            try {
                verifyPushAt(beijing, url, creds, 1_700_000_100, VerifyOptions(createdOffsetSeconds = 7))
                fail("expected an exception")
            } catch (e: CallVerifyException.Config) {
                assertEquals(ErrorCode.CREATED_OFFSET_INVALID, e.code)
            }
        }
    }

    @Test
    fun verifyOptionsDefaults() {
        val o = VerifyOptions()
        assertEquals(300L, o.windowSeconds)
        assertFalse(o.allowUnsigned)
        assertNull(o.digestForm)
        assertNull(o.createdOffsetSeconds) // both clocks
    }

    @Test
    fun generateVerifyCodeDefaultsToSixDigits() {
        assertEquals(6, generateVerifyCode().length)
        for (d in 2L..8L) {
            val c = generateVerifyCode(d)
            assertEquals(d.toInt(), c.length)
            assertTrue(c.all { it in '0'..'9' })
        }
        val seen = (1..200).map { generateVerifyCode(8) }.toSet()
        assertTrue(seen.size > 190, "codes are random")
    }

    @Test
    fun encodeUserDataAndHangupCauseAndVersion() {
        assertEquals(Base64.getEncoder().encodeToString("订单 4711".toByteArray()), encodeUserData("订单 4711"))
        assertEquals(HangupCategory.BUSY, hangupCause(8102)!!.category)
        assertNull(hangupCause(4242))
        assertTrue(version().matches(Regex("\\d+\\.\\d+\\.\\d+.*")))
    }

    @Test
    fun clientIsSafeToShareBetweenThreads() {
        Credentials("k", "s").use { creds ->
            Client(BASE, creds).use { client ->
                val expected = client.callVerifyAt(sampleRequest(), 1_700_000_000, "fixed")
                val pool = Executors.newFixedThreadPool(8)
                val futures = (1..400).map {
                    pool.submit<Boolean> { client.callVerifyAt(sampleRequest(), 1_700_000_000, "fixed") == expected }
                }
                assertTrue(futures.all { it.get() })
                pool.shutdown()
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
            }
        }
    }

    @Test
    fun recordsAreValueTypes() {
        val h = HttpHeader("Content-Type", "application/json;charset=UTF-8")
        assertEquals(h, HttpHeader("Content-Type", "application/json;charset=UTF-8"))
        assertEquals("Content-Type: application/json;charset=UTF-8", h.toString())
        // The core's Display, exported: the same text in Rust, Kotlin and Swift.
        assertEquals("Never", RetryAdvice.Never.toString())
        assertEquals("AfterSeconds(seconds=60)", RetryAdvice.AfterSeconds(60).toString())
        assertEquals("ImmediatelyWithFreshSignature", RetryAdvice.ImmediatelyWithFreshSignature.toString())
        assertEquals("Unsigned", PushVerification.Unsigned.toString())
        assertEquals(
            "Verified(digestForm=newline, createdOffsetSeconds=28800, replayKey=n:2023-11-14T22:13:20Z, rememberForSeconds=600)",
            PushVerification.Verified(DigestForm.NEWLINE, 28_800, "n:2023-11-14T22:13:20Z", 600).toString(),
        )
        assertEquals(RetryAdvice.AfterSeconds(60), RetryAdvice.AfterSeconds(60))
        assertEquals(HttpRequest("POST", "u", listOf(h), "{}"), HttpRequest("POST", "u", listOf(h), "{}"))
    }
}
