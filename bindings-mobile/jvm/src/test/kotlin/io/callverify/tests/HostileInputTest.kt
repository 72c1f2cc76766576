package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.Test
import java.nio.charset.CharacterCodingException
import kotlin.random.Random

/**
 * Drives every entry point with hostile input (empty, huge, control and non-ASCII text, extreme
 * numbers, invalid UTF-8, random bytes, deep nesting) and accepts only a normal return or a typed
 * [CallVerifyException]: never `InternalException` (a Rust panic) or anything else.
 */
class HostileInputTest {
    private var calls = 0

    private fun attempt(label: String, block: () -> Any?) {
        calls++
        try {
            block()
        } catch (e: CallVerifyException) {
            // Typed: fine. The message must be non-empty and the code consistent with the subclass.
            assertTrue(e.message!!.isNotEmpty(), label)
            assertTrue(e.errorCode().kind() == kindOf(e), label)
        } catch (e: Throwable) {
            fail("$label: untyped ${e.javaClass.name}: ${e.message}")
        }
    }

    private val huge = "9".repeat(2_000_000)
    private val strings = listOf(
        "", " ", "\u0000", "\u0000abc", "\n\r\t", "\"", ",", "{}", "[]", "é", "中文", "😀", "\uFEFF",
        "a".repeat(129), "+".repeat(40), "+860", "https://", "http://[::1", "https://a:99999", huge,
        "https://example.com/" + "a".repeat(5000), "%00", "\\", "/..", "x.wav\u0000",
    )
    private val longs = listOf(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, 9L, 10L, Int.MAX_VALUE.toLong(), 253_402_300_799L, 253_402_300_800L, Long.MAX_VALUE)
    private val ints = listOf(Int.MIN_VALUE, -1, 0, 60, 65535, 65536, Int.MAX_VALUE)
    /** `Created` offsets are Long now: the Int extremes and every Long of [longs]. */
    private val offsets = (ints.map { it.toLong() } + longs).distinct()

    private val bodies: List<ByteArray> by lazy {
        val r = Random(42)
        val fixed = listOf(
            ByteArray(0), byteArrayOf(0), byteArrayOf(0xff.toByte()), byteArrayOf(0xc3.toByte()),
            byteArrayOf(0xef.toByte(), 0xbb.toByte(), 0xbf.toByte()) + "{}".toByteArray(),
            byteArrayOf(0xed.toByte(), 0xa0.toByte(), 0x80.toByte()), // an encoded surrogate: invalid UTF-8
            "{".repeat(100_000).toByteArray(), "[".repeat(100_000).toByteArray(),
            ("{\"a\":" .repeat(10_000) + "1" + "}".repeat(10_000)).toByteArray(),
            ByteArray(2 * 1024 * 1024) { 'a'.code.toByte() },
            ("{\"eventType\":\"fee\",\"feeLst\":[" + (1..60).joinToString(",") { "{\"sessionId\":\"s$it\"}" } + "]}").toByteArray(),
            """{"eventType":"disconnect","statusInfo":{"sessionId":"s","timestamp":"9999-99-99 99:99:99","stateCode":1e999}}""".toByteArray(),
            """{"resultcode":"0","sessionId":"s","idlePort":99999999999999999999999}""".toByteArray(),
            """{"resultcode":0,"sessionId":["s"]}""".toByteArray(),
            """{"resultcode":"0","resultcode":"0","sessionId":"s"}""".toByteArray(),
            "null".toByteArray(), "[]".toByteArray(), "\"x\"".toByteArray(), "1".toByteArray(),
            """{"eventType":"answer","statusInfo":{"sessionId":"s","timestamp":"2019-01-24 02:49:23","stateCode":-9223372036854775809}}""".toByteArray(),
        )
        val valid = listOf(
            """{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23","caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy"}}""",
            """{"eventType":"fee","feeLst":[{"sessionId":"s-1","direction":0,"callEndTime":"2019-01-24 02:49:23","fwdUnaswRsn":1}]}""",
            """{"resultcode":"0","resultdesc":"Success","sessionId":"s-1","idlePort":7}""",
        ).map { it.toByteArray() }
        val mutated = (1..3000).map {
            val base = valid[r.nextInt(valid.size)].copyOf()
            repeat(1 + r.nextInt(4)) { base[r.nextInt(base.size)] = r.nextInt(256).toByte() }
            if (r.nextInt(4) == 0) base.copyOf(r.nextInt(base.size)) else base
        }
        val random = (1..1000).map { ByteArray(r.nextInt(64)) { r.nextInt(256).toByte() } }
        fixed + mutated + random
    }

    @Test
    fun credentialsAndClient() {
        for (k in strings) for (s in listOf("", "s", huge, "\u0000")) attempt("Credentials") { Credentials(k, s).close() }
        Credentials("k", "s").use { creds ->
            for (u in strings) attempt("Client $u") { Client(u, creds).close() }
            for (o in offsets) attempt("Client offset $o") { Client("https://a.b", creds, o).close() }
        }
    }

    @Test
    fun callVerifyAndSign() {
        Credentials("k", "s").use { creds ->
            Client("https://a.b", creds).use { client ->
                for (s in strings) {
                    attempt("callVerify strings") {
                        client.callVerifyAt(CallVerifyRequest(s, s, s, s, 2, s, 3, s, s, true, s), 0, "n")
                    }
                    attempt("callVerify nonce") { client.callVerifyAt(sampleRequest(), 0, s) }
                attempt("callVerify strings, system clock") { client.callVerify(CallVerifyRequest(s, s, s, s, 2, s, 3, s, s, true, s)) }
                    attempt("sign nonce") { client.sign(0, s) }
                }
                for (n in longs) {
                    attempt("callVerify languageType $n") { client.callVerifyAt(sampleRequest().copy(languageType = n, times = n), 0, "n") }
                    attempt("callVerify now $n") { client.callVerifyAt(sampleRequest(), n, "n") }
                    attempt("sign now $n") { client.sign(n, "n") }
                    attempt("sign now $n random nonce") { client.sign(n) }
                }
            }
            Client("https://a.b", creds, -50400).use { c -> for (n in longs) attempt("sign offset now $n") { c.sign(n, "n") } }
            Client("https://a.b", creds, 50400).use { c -> for (n in longs) attempt("sign offset now $n") { c.sign(n, "n") } }
        }
    }

    @Test
    fun parsersOnHostileBytes() {
        for (b in bodies) {
            attempt("parsePush") { parsePush(b) }
            for (status in listOf(200, 500, -1, 70000)) attempt("parseCallVerifyResponse") { parseCallVerifyResponse(status, b) }
        }
    }

    @Test
    fun lookups() {
        for (s in strings) {
            attempt("explain") { explain(s) }
            for (st in ints) attempt("explain status $st") { explain(s, st) }
            attempt("encodeUserData") { encodeUserData(s) }
        }
        for (n in longs) {
            attempt("hangupCause $n") { hangupCause(n) }
            attempt("generateVerifyCode $n") { generateVerifyCode(n) }
        }
        for (c in ErrorCode.values()) attempt("ErrorCode $c") { c.asStr() + c.kind() }
        for (b in listOf(ByteArray(0), ByteArray(1 shl 20) { it.toByte() }, byteArrayOf(0xff.toByte()))) {
            attempt("hmacSha256 key") { hmacSha256(b, "data".toByteArray()) }
            attempt("hmacSha256 data") { hmacSha256("key".toByteArray(), b) }
        }
        attempt("errorCodes") { errorCodes() }
        attempt("resultCodes") { resultCodes() }
        attempt("version") { version() }
    }

    @Test
    fun pushVerification() {
        val r = Random(7)
        Credentials("k", "s").use { creds ->
            val url = "https://example.com/s"
            val good = signPush(creds, url, "n", 1_700_000_000, DigestForm.NEWLINE)
            for (s in strings) {
                attempt("signPush url") { signPush(creds, s, "n", 0, DigestForm.CONCATENATED) }
                attempt("signPush nonce") { signPush(creds, url, s, 0, DigestForm.CONCATENATED) }
                attempt("verifyPush url") { verifyPushAt(good, s, creds, 1_700_000_000) }
                attempt("verifyPush header values") { verifyPushAt(listOf(HttpHeader("Authorization", s), HttpHeader("X-AKSK", s)), url, creds, 0) }
                attempt("verifyPush header names") { verifyPushAt(listOf(HttpHeader(s, s)), url, creds, 0) }
                attempt("PushVerifier url, system clock") { PushVerifier(creds, s).use { it.verify(good) } }
            }
            for (n in longs) {
                attempt("signPush time $n") { signPush(creds, url, "n", n, DigestForm.NEWLINE) }
                attempt("verifyPush now $n") { verifyPushAt(good, url, creds, n) }
                attempt("verifyPush window $n") { verifyPushAt(good, url, creds, 1_700_000_000, VerifyOptions(windowSeconds = n)) }
            }
            for (o in offsets) attempt("verifyPush offset $o") { verifyPushAt(good, url, creds, 1_700_000_000, VerifyOptions(createdOffsetSeconds = o)) }
            attempt("verifyPush duplicate headers") { verifyPushAt(good + good, url, creds, 1_700_000_000) }
            // Mutated X-AKSK values.
            val xaksk = good[1].value
            repeat(3000) {
                val chars = xaksk.toCharArray()
                repeat(1 + r.nextInt(3)) { chars[r.nextInt(chars.size)] = (32 + r.nextInt(95)).toChar() }
                val cut = if (r.nextInt(5) == 0) r.nextInt(chars.size) else chars.size
                attempt("verifyPush mutated") { verifyPushAt(listOf(good[0], HttpHeader("X-AKSK", String(chars, 0, cut))), url, creds, 1_700_000_000) }
            }
        }
    }

    /**
     * A Kotlin String with a lone surrogate has no UTF-8 form: UniFFI's generated lowering code
     * refuses it with a CharacterCodingException before anything reaches Rust (documented in
     * docs/mobile.md). Nothing else may happen, in particular no InternalException.
     */
    @Test
    fun loneSurrogatesAreRefusedBeforeCrossing() {
        val bad = "ab\uD800cd"
        val blocks: List<() -> Any?> = listOf(
            { Credentials(bad, "s") }, { Credentials("k", bad) }, { encodeUserData(bad) }, { explain(bad) },
            { Credentials("k", "s").use { c -> Client("https://a.b", c).use { it.callVerifyAt(sampleRequest().copy(userData = bad), 0, "n") } } },
        )
        for (b in blocks) {
            try {
                b()
                fail("a lone surrogate was accepted")
            } catch (e: CharacterCodingException) {
                // expected
            }
        }
    }

    @Test
    fun manyCallsWereMade() {
        credentialsAndClient(); lookups()
        assertTrue(calls > 300)
    }
}
