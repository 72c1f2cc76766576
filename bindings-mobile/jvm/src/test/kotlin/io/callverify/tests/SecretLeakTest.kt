package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.fail
import java.io.PrintWriter
import java.io.StringWriter

const val CANARY = "CANARY-s3cr3t-7f1e"

/**
 * A canary secret goes through every API; its text must never appear in any toString(), message or
 * stack trace of anything that comes back, and signatures/digests never appear in toString().
 */
class SecretLeakTest {
    private val seen = ArrayList<String>()

    private fun check(label: String, value: Any?) {
        val texts = ArrayList<String>()
        texts += value.toString()
        if (value is Throwable) {
            texts += value.message ?: ""
            texts += value.localizedMessage ?: ""
            val sw = StringWriter()
            value.printStackTrace(PrintWriter(sw))
            texts += sw.toString()
        }
        val bytes = CANARY.toByteArray()
        val forms = listOf(
            CANARY,
            bytes.joinToString("") { "%02x".format(it) },
            java.util.Base64.getEncoder().encodeToString(bytes),
            java.util.Base64.getEncoder().withoutPadding().encodeToString(bytes),
        )
        for (t in texts) {
            for (form in forms) assertFalse(t.contains(form), "$label leaks the secret ($form): $t")
            // No fragment of it either (a secret printed in part is still a leak).
            assertFalse(t.contains("s3cr3t-7f1e"), "$label leaks part of the secret: $t")
        }
        seen += label
    }

    private fun caught(label: String, block: () -> Any?) {
        try {
            check(label, block())
        } catch (e: CallVerifyException) {
            check("$label (exception)", e)
        }
    }

    @Test
    fun canaryNeverAppearsAnywhere() {
        val creds = Credentials("canaryKey", CANARY)
        check("Credentials", creds)
        assertEquals("Credentials(appKey=canaryKey, appSecret=[redacted])", creds.toString())
        val client = Client("http://127.0.0.1:8080", creds, 28800)
        check("Client", client)
        assertEquals("Client(baseUrl=http://127.0.0.1:8080, appKey=canaryKey, createdOffsetSeconds=28800)", client.toString())

        val http = client.callVerifyAt(sampleRequest().copy(userData = "order-1"), 1_700_000_000, "abc")
        check("HttpRequest", http)
        http.headers.forEach { check("HttpHeader ${it.name}", it) }
        val digest = Regex("PasswordDigest=\"([^\"]+)\"").find(http.headers[2].value)!!.groupValues[1]
        assertFalse(http.toString().contains(digest), "HttpRequest.toString shows the digest")
        assertFalse(http.headers[2].toString().contains(digest), "X-AKSK header toString shows the digest")
        assertTrue(http.toString().contains("X-AKSK: [redacted]"))
        // The values themselves are intact (they are sent).
        assertTrue(http.headers[2].value.contains(digest))

        val sig = client.sign(1_700_000_000, "abc")
        check("Signature", sig)
        assertFalse(sig.toString().contains(sig.passwordDigest()))
        assertFalse(sig.toString().contains(sig.xAksk()))

        caught("callVerify invalid") { client.callVerifyAt(sampleRequest().copy(calleeNbr = CANARY.substring(0, 3)), 0, "n") }
        caught("callVerify bad nonce") { client.callVerifyAt(sampleRequest(), 0, "bad nonce") }
        caught("callVerify bad time") { client.callVerifyAt(sampleRequest(), -5, "n") }
        caught("sign bad time") { client.sign(Long.MAX_VALUE, "n") }
        caught("Credentials bad key") { Credentials("bad key", CANARY) }
        caught("Credentials empty key") { Credentials("", CANARY) }
        caught("Client bad url") { Client("ftp://x", creds) }
        caught("Client bad offset") { Client("https://x", creds, 7) }

        val url = "https://example.com/voice/status"
        val pushHeaders = signPush(creds, url, "n1", 1_700_000_000, DigestForm.NEWLINE)
        pushHeaders.forEach { check("signPush header", it) }
        check("signPush list", pushHeaders)
        caught("verifyPush ok") { verifyPushAt(pushHeaders, url, creds, 1_700_000_000) }
        caught("verifyPush wrong url") { verifyPushAt(pushHeaders, "$url/x", creds, 1_700_000_000) }
        caught("verifyPush stale") { verifyPushAt(pushHeaders, url, creds, 1_800_000_000) }
        caught("verifyPush wrong key") {
            Credentials("otherKey", CANARY).use { verifyPushAt(pushHeaders, url, it, 1_700_000_000) }
        }
        caught("verifyPush garbage") {
            verifyPushAt(listOf(HttpHeader("Authorization", CANARY), HttpHeader("X-AKSK", CANARY)), url, creds, 1_700_000_000)
        }
        PushVerifier(creds, url).use { verifier ->
            check("PushVerifier", verifier)
            check("PushVerifier options", verifier.options())
            caught("PushVerifier.verify (system clock: stale)") { verifier.verify(pushHeaders) }
            caught("PushVerifier.verifyAt") { verifier.verifyAt(pushHeaders, 1_700_000_000) }
        }
        caught("PushVerifier bad window") { PushVerifier(creds, url, VerifyOptions(windowSeconds = 0)) }
        caught("callVerify system clock") { client.callVerify(sampleRequest()) }
        caught("signPush bad nonce") { signPush(creds, url, "", 0, DigestForm.CONCATENATED) }

        caught("parse response api") { parseCallVerifyResponse(401, """{"resultcode":"1010010","resultdesc":"Invalid digest."}""".toByteArray()) }
        caught("parse push") { parsePush("""{"eventType":"answer"}""".toByteArray()) }
        // After close() every method, toString() included, throws IllegalStateException (UniFFI).
        client.close()
        creds.close()
        for (closed in listOf<Any>(client, creds)) {
            try {
                closed.toString()
                fail("toString after close")
            } catch (e: IllegalStateException) {
                check("closed object", e)
            }
        }
        assertTrue(seen.size > 20)
    }
}
