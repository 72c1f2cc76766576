package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.lang.reflect.Modifier

/** The helpers for Java callers (src/main/kotlin/io/callverify/CallVerify.kt) stay complete and only forward. */
class JavaHelpersTest {
    private fun publicStatics(cls: Class<*>): Set<String> =
        cls.declaredMethods.filter { Modifier.isPublic(it.modifiers) && Modifier.isStatic(it.modifiers) && !it.isSynthetic }
            .map { it.name }.toSet()

    private fun facade(): Set<String> = publicStatics(CallVerify::class.java)

    /** What Java cannot call without a helper: a constructor or method with default arguments. */
    @Test
    fun defaultArgumentsHaveJavaOverloads() {
        // Client(baseUrl, credentials[, createdOffsetSeconds]), PushVerifier(credentials, url[, options]),
        // client.sign([now[, nonce]]), generateVerifyCode([digits]), explain(code[, status]).
        val statics = CallVerify::class.java.declaredMethods.filter { Modifier.isStatic(it.modifiers) }
        fun arities(name: String) = statics.filter { it.name == name }.map { it.parameterCount }.toSet()
        assertEquals(setOf(2, 3), arities("client"))
        assertEquals(setOf(2, 3), arities("pushVerifier"))
        assertEquals(setOf(1, 2, 3), arities("sign"))
        assertEquals(setOf(0, 1), arities("generateVerifyCode"))
        assertEquals(setOf(1, 2), arities("explain"))
        assertEquals(setOf(2), arities("callVerify"))
        assertEquals(setOf(4), arities("callVerifyAt"))
    }

    @Test
    fun everyGeneratedFunctionHasAStaticMethod() {
        // The generated top-level functions (file callverify.kt) compile to static methods of CallverifyKt.
        // Not the runtime's own: `use` (close a Disposable) and `uniffi…`.
        val generated = publicStatics(Class.forName("io.callverify.CallverifyKt"))
            .filter { it != "use" && !it.startsWith("uniffi") }.toSet()
        assertTrue(generated.containsAll(setOf("parsePush", "signPush", "explain")), "$generated")
        // The records and enums (package io.callverify.core) have no top-level functions to forward.
        val core = runCatching { Class.forName("io.callverify.core.Callverify_coreKt") }.getOrNull()
        if (core != null) {
            val coreFunctions = publicStatics(core).filter { it != "use" && !it.startsWith("uniffi") }.toSet()
            assertEquals(emptySet<String>(), coreFunctions - facade(), "core functions with no static method in CallVerify")
        }
        assertEquals(emptySet<String>(), generated - facade(), "functions with no static method in CallVerify")
    }

    @Test
    fun buildersCoverEveryOptionalField() {
        val requestFields = CallVerifyRequest::class.java.declaredFields.filter { !Modifier.isStatic(it.modifiers) }.map { it.name }.toSet()
        val required = setOf("displayNbr", "calleeNbr", "verifyCode", "preTone")
        val builderMethods = CallVerifyRequestBuilder::class.java.declaredMethods.map { it.name }.toSet() - "build"
        assertEquals(requestFields - required, builderMethods)
        val optionFields = VerifyOptions::class.java.declaredFields.filter { !Modifier.isStatic(it.modifiers) }.map { it.name }.toSet()
        assertEquals(optionFields, VerifyOptionsBuilder::class.java.declaredMethods.map { it.name }.toSet() - "build")
    }

    @Test
    fun buildersKeepTheRecordDefaults() {
        val built = CallVerify.request("+8675528000088", "+8618900000007", "123456", "welcome.wav").build()
        assertEquals(sampleRequest(), built)
        val full = CallVerify.request("+8675528000088", "+8618900000007", "123456", "welcome.wav")
            .languageType(2).posTone("bye.wav").times(3).statusUrl("https://e.example/s").feeUrl("https://e.example/f")
            .returnIdlePort(true).userData("order-1").build()
        assertEquals(
            sampleRequest().copy(
                posTone = "bye.wav", times = 3, statusUrl = "https://e.example/s", feeUrl = "https://e.example/f",
                returnIdlePort = true, userData = "order-1",
            ),
            full,
        )
        assertEquals(VerifyOptions(), CallVerify.verifyOptions().build())
        assertEquals(
            VerifyOptions(windowSeconds = 60, allowUnsigned = true, digestForm = DigestForm.NEWLINE, createdOffsetSeconds = 28_800),
            CallVerify.verifyOptions().windowSeconds(60).allowUnsigned(true).digestForm(DigestForm.NEWLINE).createdOffsetSeconds(28_800).build(),
        )
    }

    @Test
    fun overloadsGiveTheSameResultsAsTheGeneratedCode() {
        Credentials("javaKey", "java-secret").use { creds ->
            CallVerify.client(BASE, creds, 28_800).use { client ->
                assertEquals(28_800L, client.createdOffsetSeconds())
                assertEquals(
                    client.callVerifyAt(sampleRequest(), 1_700_000_000, "0123456789abcdef"),
                    CallVerify.callVerifyAt(client, sampleRequest(), 1_700_000_000, "0123456789abcdef"),
                )
                // System clock and random nonce: a request for the same URL with a different nonce.
                val fresh = CallVerify.callVerify(client, sampleRequest())
                assertEquals(client.callVerifyAt(sampleRequest(), 1_700_000_000, "0123456789abcdef").url, fresh.url)
                assertEquals(client.callVerifyAt(sampleRequest(), 1_700_000_000, "0123456789abcdef").body, fresh.body)
                assertTrue(!fresh.headers[2].value.contains("0123456789abcdef"))
                // Signature is an object now: compare what it holds.
                assertEquals(signatureParts(client.sign(1_700_000_000, "abc")), signatureParts(CallVerify.sign(client, 1_700_000_000, "abc")))
                assertEquals(signatureParts(client.sign(1_700_000_000)).take(1), signatureParts(CallVerify.sign(client, 1_700_000_000)).take(1))
                assertEquals(32, CallVerify.sign(client).nonce().length)
            }
            CallVerify.client(BASE, creds).use { client -> assertEquals(0L, client.createdOffsetSeconds()) }

            val url = "https://receiver.example/callverify/status"
            val headers = CallVerify.signPush(creds, url, "nonce1", 1_700_000_000, DigestForm.NEWLINE)
            val asMap = headers.groupBy({ it.name }, { it.value })
            assertEquals(headers, CallVerify.headers(asMap))
            CallVerify.pushVerifier(creds, url).use { verifier ->
                assertEquals(VerifyOptions(), verifier.options())
                assertEquals(url, verifier.url())
                assertEquals(verifyPushAt(headers, url, creds, 1_700_000_010), verifier.verifyAt(headers, 1_700_000_010))
                // The system clock is far from 2023: `verify` refuses the stale push.
                assertThrows<CallVerifyException.PushAuth> { verifier.verify(headers) }
            }
            val pinned = CallVerify.verifyOptions().createdOffsetSeconds(0).build()
            CallVerify.pushVerifier(creds, url, pinned).use { verifier ->
                assertEquals(pinned, verifier.options())
                assertEquals(verifyPushAt(headers, url, creds, 1_700_000_010, pinned), verifier.verifyAt(headers, 1_700_000_010))
            }
            assertThrows<CallVerifyException.Config> { CallVerify.pushVerifier(creds, url, CallVerify.verifyOptions().windowSeconds(0).build()) }
        }
        assertEquals(6, CallVerify.generateVerifyCode().length)
        assertEquals(4, CallVerify.generateVerifyCode(4).length)
        assertThrows<CallVerifyException.Config> { CallVerify.generateVerifyCode(9) }
        assertEquals(explain("1010010", 401), CallVerify.explain("1010010", 401))
        assertNull(CallVerify.explain("no-such-code"))
        assertEquals(resultCodes(), CallVerify.resultCodes())
        assertEquals(version(), CallVerify.version())
        assertEquals(errorCodes(), CallVerify.errorCodes())
        assertEquals(encodeUserData("订单"), CallVerify.encodeUserData("订单"))
        assertEquals(hangupCause(8102), CallVerify.hangupCause(8102))
        assertEquals(hmacSha256("k".toByteArray(), "d".toByteArray()).toList(), CallVerify.hmacSha256("k".toByteArray(), "d".toByteArray()).toList())
        val push = """{"eventType":"answer","statusInfo":{"sessionId":"s-1","timestamp":"2019-01-24 02:49:23"}}""".toByteArray()
        assertEquals(parsePush(push), CallVerify.parsePush(push))
        val answer = """{"resultcode":"0","resultdesc":"Success","sessionId":"s-9"}""".toByteArray()
        assertEquals(parseCallVerifyResponse(200, answer), CallVerify.parseCallVerifyResponse(200, answer))
    }
}

/** What a [Signature] holds, in order: created, nonce, passwordDigest, authorization, xAksk. */
fun signatureParts(sig: Signature): List<String> =
    listOf(sig.created(), sig.nonce(), sig.passwordDigest(), sig.authorization(), sig.xAksk())
