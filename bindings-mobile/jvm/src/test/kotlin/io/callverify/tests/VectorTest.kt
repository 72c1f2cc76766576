package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import java.io.File
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** Where the shared vectors live: `-Dcallverify.vectors=…`, default `tests/vectors` (repo root). */
val vectorDir: File = File(System.getProperty("callverify.vectors") ?: "tests/vectors")

/**
 * Every case of every JSON file in `tests/vectors/` is one JUnit test (a dynamic test named
 * "file: case"), so new cases and new files are picked up automatically; a file without a handler
 * here fails instead of being skipped.
 */
class VectorTest {
    @TestFactory
    fun vectors(): List<DynamicTest> {
        val files = vectorDir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name }
            ?: error("no vector directory at ${vectorDir.absolutePath}")
        check(files.isNotEmpty()) { "no vector files in ${vectorDir.absolutePath}" }
        // Every file a handler exists for must be there and hold cases: a missing file would
        // otherwise give no cases, and pass silently.
        val missing = VectorCase.HANDLERS.keys + VectorCase.OTHER_COMPONENTS.keys - files.map { it.name }.toSet()
        check(missing.isEmpty()) { "vector files missing from ${vectorDir.absolutePath}: $missing" }
        return files.filter { it.name !in VectorCase.OTHER_COMPONENTS }.flatMap { f ->
            val cases = Json.parse(f.readText()).list()
            check(cases.isNotEmpty()) { "${f.name} has no cases" }
            cases.map { c ->
                val m = c.obj()
                val name = m["name"] as String
                DynamicTest.dynamicTest("${f.name}: $name") { VectorCase(f.name, m).run() }
            }
        }
    }
}

/** One case of one vector file, checked by the file's handler. */
class VectorCase(private val file: String, private val case: Map<String, Any?>) {
    companion object {
        val HANDLERS: Map<String, (VectorCase) -> Unit> = mapOf(
            "rfc4231.json" to { t -> t.rfc4231() },
            "signing.json" to { t -> t.signing() },
            "build.json" to { t -> t.build() },
            "validation.json" to { t -> t.validation() },
            "config.json" to { t -> t.config() },
            "responses.json" to { t -> t.responses() },
            "result_code_lookups.json" to { t -> t.resultCodeLookups() },
            "push_auth.json" to { t -> t.pushAuth() },
            "pushes.json" to { t -> t.pushes() },
            "sandbox.json" to { t -> t.sandbox() },
        )

        /** Vector files of another component, not run here: the file and why. */
        val OTHER_COMPONENTS: Map<String, String> = mapOf(
            "auth_headers.json" to "the core's auth-header parser, which the binding does not expose; run by core/tests/vectors.rs",
        )

        const val FIXED_NOW = 1_700_000_000L
        const val FIXED_NONCE = "0123456789abcdef"
        const val DUMMY_BASE = "https://rtccall.cn-north-1.myhuaweicloud.cn:443"
    }

    fun run() {
        val handler = HANDLERS[file] ?: error("no handler for vector file $file: add one to VectorCase")
        handler(this)
    }

    private fun bytes(hex: String): ByteArray = ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }

    /** HMAC-SHA256 known answers, through the binding and through the javax.crypto baseline of the benchmark. */
    private fun rfc4231() {
        val key = bytes(case.str("key_hex"))
        val data = bytes(case.str("data_hex"))
        val mac = Mac.getInstance("HmacSHA256")
        mac.init(SecretKeySpec(key, "HmacSHA256"))
        for (out in listOf(hmacSha256(key, data), mac.doFinal(data))) {
            assertEquals(case.str("hmac_sha256_hex"), out.joinToString("") { "%02x".format(it) })
            assertEquals(case.str("hmac_sha256_base64"), Base64.getEncoder().encodeToString(out))
        }
    }

    private fun offset(): Long? = case.longOrNull("created_offset_seconds")

    private fun signing() {
        Credentials(case.str("app_key"), case.str("app_secret")).use { creds ->
            Client(DUMMY_BASE, creds, offset()).use { client ->
                val sig = client.sign(case.long("unix_time"), case.str("nonce"))
                val e = case["expect"].obj()
                assertEquals(e.str("created"), sig.created())
                assertEquals(e.str("password_digest"), sig.passwordDigest())
                assertEquals(e.str("authorization"), sig.authorization())
                assertEquals(e.str("x_aksk"), sig.xAksk())
                assertEquals(case.str("nonce"), sig.nonce())
            }
        }
    }

    private fun build() {
        Credentials(case.str("app_key"), case.str("app_secret")).use { creds ->
            Client(case.str("base_url"), creds, offset()).use { client ->
                val http = client.callVerifyAt(request(case["request"].obj()), case.long("unix_time"), case.str("nonce"))
                val e = case["expect"].obj()
                assertEquals(e.str("method"), http.method)
                assertEquals(e.str("url"), http.url)
                assertEquals(e["headers"].list().map { it.list() }, http.headers.map { listOf(it.name, it.value) })
                assertEquals(e.str("body"), http.body)
            }
        }
    }

    private fun validation() {
        val expected = case["expect"].list().map { it.obj().let { v -> v.str("field") to v.str("code") } }.toSet()
        Credentials("validationKey", "validation-secret").use { creds ->
            Client(DUMMY_BASE, creds).use { client ->
                try {
                    client.callVerifyAt(request(case["request"].obj()), FIXED_NOW, FIXED_NONCE)
                    assertEquals(emptySet<Pair<String, String>>(), expected)
                } catch (e: CallVerifyException.Validation) {
                    assertEquals(ErrorCode.INVALID_REQUEST, e.code)
                    assertTrue(e.violations.isNotEmpty())
                    assertEquals(expected, e.violations.map { it.field to it.code.asStr() }.toSet())
                    for (v in e.violations) assertEquals(ErrorKind.VALIDATION, v.code.kind())
                }
            }
        }
    }

    private fun config() {
        val input = case["input"].obj()
        val expect = case["expect"].obj()
        val outcome: String? = try {
            when {
                "app_key" in input -> Credentials(input.str("app_key"), input.str("app_secret")).close()
                "nonce" in input -> withClient { it.sign(FIXED_NOW, input.str("nonce")) }
                "base_url" in input -> Credentials("k", "s").use { Client(input.str("base_url"), it).close() }
                "created_offset_seconds" in input ->
                    Credentials("k", "s").use { Client(DUMMY_BASE, it, input.long("created_offset_seconds")).close() }
                "unix_time" in input -> withClient { it.sign(input.long("unix_time"), FIXED_NONCE) }
                "verify_code_digits" in input -> {
                    val digits = input.long("verify_code_digits")
                    val code = generateVerifyCode(digits)
                    assertEquals(digits.toInt(), code.length)
                    assertTrue(code.all { it in '0'..'9' })
                }
                // Checked before any header: none given and unsigned allowed, a valid window is Unsigned.
                "window_seconds" in input -> Credentials("k", "s").use { creds ->
                    val options = VerifyOptions(windowSeconds = input.long("window_seconds"), allowUnsigned = true)
                    assertEquals(PushVerification.Unsigned, verifyPushAt(emptyList(), "https://example.com/status", creds, FIXED_NOW, options))
                }
                else -> fail("unknown config input ${input.keys}")
            }
            null
        } catch (e: CallVerifyException) {
            assertEquals(e.errorCode().kind(), kindOf(e))
            assertEquals(e.kind(), kindOf(e))
            e.errorCode().asStr()
        }
        if (expect["ok"] == true) assertNull(outcome, "expected success") else assertEquals(expect.str("error"), outcome)
    }

    private fun responses() {
        val body = case.strOrNull("body")?.toByteArray(Charsets.UTF_8)
            ?: Base64.getDecoder().decode(case.str("body_base64"))
        val status = case.long("status").sat()
        val e = case["expect"].obj()
        try {
            val r = parseCallVerifyResponse(status, body)
            assertEquals("success", e.str("outcome"))
            assertEquals(e.str("session_id"), r.sessionId)
            assertEquals(e.longOrNull("idle_port")?.sat(), r.idlePort)
        } catch (x: CallVerifyException.Api) {
            assertEquals("api_error", e.str("outcome"))
            assertEquals(ErrorCode.API_ERROR, x.code)
            assertEquals(status, x.httpStatus)
            assertEquals(e.str("result_code"), x.resultCode)
            assertEquals(e.str("result_desc"), x.resultDesc)
            assertEquals(e.strOrNull("category"), x.entry?.category?.name?.lowercase())
            assertEquals(e["retry"], x.entry?.retry?.let(::retryMap))
            if (x.entry == null) assertEquals(RetryAdvice.Never, x.retry)
        } catch (x: CallVerifyException.Parse) {
            assertEquals("parse_error", e.str("outcome"))
            assertEquals(e.str("code"), x.code.asStr())
            assertEquals(e.strOrNull("field"), x.field)
            assertEquals(status, x.httpStatus)
        }
    }

    private fun resultCodeLookups() {
        val e = case["expect"].obj()
        try {
            val entry = explain(case.str("code"), case.longOrNull("http_status")?.sat())
            if (e["found"] == false) {
                assertNull(entry)
                return
            }
            assertEquals(true, e["found"])
            assertNotNull(entry)
            assertEquals(case.str("code"), entry!!.code)
            assertEquals(e.long("http_status").sat(), entry.httpStatus)
            assertEquals(e.str("category"), entry.category.name.lowercase())
            assertEquals(e["retry"], retryMap(entry.retry))
        } catch (x: CallVerifyException.Config) {
            assertEquals(e.strOrNull("error"), x.code.asStr())
        }
    }

    private fun pushAuth() {
        val o = case["options"].obj()
        val options = VerifyOptions(
            windowSeconds = o.longOrNull("window_seconds") ?: 300L,
            allowUnsigned = o["allow_unsigned"] as Boolean? ?: false,
            digestForm = o.strOrNull("digest_form")?.let { DigestForm.valueOf(it.uppercase()) },
            // Absent or null: both clocks (UTC and UTC+8).
            createdOffsetSeconds = o.longOrNull("created_offset_seconds"),
        )
        val headers = case["headers"].list().map { it.list().let { h -> HttpHeader(h[0] as String, h[1] as String) } }
        val e = case["expect"].obj()
        Credentials(case.str("app_key"), case.str("app_secret")).use { creds ->
            try {
                when (val v = verifyPushAt(headers, case.str("url"), creds, case.long("now"), options)) {
                    is PushVerification.Verified -> {
                        assertEquals(true, e["verified"])
                        assertEquals(e.str("digest_form"), v.digestForm.name.lowercase())
                        assertEquals(e.long("created_offset_seconds"), v.createdOffsetSeconds.toLong())
                        assertEquals(e.str("replay_key"), v.replayKey)
                        assertEquals(e.long("remember_for_seconds"), v.rememberForSeconds)
                    }
                    PushVerification.Unsigned -> assertEquals(false, e["verified"])
                }
            } catch (x: CallVerifyException) {
                assertEquals(e.strOrNull("error"), x.errorCode().asStr())
                assertEquals(x.errorCode().kind(), kindOf(x))
                val reason = (x as? CallVerifyException.PushAuth)?.reason ?: x.message.orEmpty()
                for (text in e["message_contains"]?.list().orEmpty()) {
                    assertTrue(reason.contains(text as String), "message \"$reason\" lacks \"$text\"")
                }
                for (text in e["message_excludes"]?.list().orEmpty()) {
                    assertFalse(reason.contains(text as String), "message \"$reason\" contains \"$text\"")
                }
            }
        }
    }

    private fun pushes() {
        val body = case.strOrNull("body")?.toByteArray(Charsets.UTF_8)
            ?: case.strOrNull("body_base64")?.let { Base64.getDecoder().decode(it) }
            ?: case["body_repeat"].obj().let { r ->
                (r.str("prefix") + r.str("repeat").repeat(r.long("count").toInt()) + r.str("suffix")).toByteArray(Charsets.UTF_8)
            }
        val e = case["expect"].obj()
        try {
            val actual = pushToMap(parsePush(body))
            if ("error" in e) fail("expected error ${e["error"]}, got $actual")
            assertSubset("expect", e, actual)
        } catch (x: CallVerifyException.Parse) {
            assertEquals(e.strOrNull("error"), x.code.asStr())
            if ("field" in e) assertEquals(e.strOrNull("field"), x.field)
        }
    }

    /**
     * The sandbox's contract (what it answers to wire-level requests). What applies to the binding:
     * every answer is a documented result code, and for a plain body the SDK's own validation agrees
     * with the sandbox: it rejects exactly the bodies the sandbox answers with a parameter error
     * (bodies the typed API cannot even express, e.g. a number where a string belongs, are
     * rejected by the type system and so agree too).
     */
    private fun sandbox() {
        val e = case["expect"].obj()
        val resultCode = e.str("resultcode")
        val status = e.long("status").sat()
        assertNotNull(explain(resultCode, status), "sandbox answer $resultCode at $status is in the result-code table")
        val wireOnly = listOf("x_aksk", "authorization", "content_type", "raw_body", "method", "path", "send_twice")
        if (wireOnly.any { it in case } || case["body"] !is Map<*, *>) return
        val parameterError = resultCode == "1020001" || resultCode == "1010023"
        val req = wireRequest(case["body"].obj()) ?: return assertTrue(parameterError, "an inexpressible body must be a parameter error")
        Credentials(case.str("app_key"), case.str("app_secret")).use { creds ->
            Client("http://127.0.0.1:9", creds).use { client ->
                val rejected = try {
                    client.callVerifyAt(req, FIXED_NOW, FIXED_NONCE)
                    false
                } catch (x: CallVerifyException.Validation) {
                    true
                }
                assertEquals(parameterError, rejected, "SDK validation agrees with the sandbox ($resultCode)")
            }
        }
    }

    private fun withClient(f: (Client) -> Unit) {
        Credentials("k", "s").use { creds -> Client(DUMMY_BASE, creds).use(f) }
    }
}

/** A request from the vectors' wire (camelCase) names. */
fun request(r: Map<String, Any?>) = CallVerifyRequest(
    displayNbr = r.strOrNull("displayNbr") ?: "",
    calleeNbr = r.strOrNull("calleeNbr") ?: "",
    verifyCode = r.strOrNull("verifyCode") ?: "",
    preTone = r.strOrNull("preTone") ?: "",
    languageType = r.longOrNull("languageType") ?: 2L,
    posTone = r.strOrNull("posTone"),
    times = r.longOrNull("times"),
    statusUrl = r.strOrNull("statusUrl"),
    feeUrl = r.strOrNull("feeUrl"),
    returnIdlePort = r["returnIdlePort"] as Boolean?,
    userData = r.strOrNull("userData"),
)

/**
 * A request from a wire body (push URLs base64-encoded, returnIdlePort as "true"/"false"), or null
 * when the typed API cannot express it.
 */
fun wireRequest(b: Map<String, Any?>): CallVerifyRequest? {
    fun string(k: String, required: Boolean): Pair<Boolean, String?> = when (val v = b[k]) {
        null -> (true to (if (required) "" else null))
        is String -> (true to v)
        else -> (false to null)
    }
    fun integer(k: String): Pair<Boolean, Long?> = when (val v = b[k]) {
        null -> (true to null)
        is Long -> (true to v)
        else -> (false to null)
    }
    fun url(k: String): Pair<Boolean, String?> = when (val v = b[k]) {
        null -> (true to null)
        is String -> try {
            val bytes = Base64.getDecoder().decode(v)
            val text = Charsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()
            (true to text)
        } catch (e: Exception) {
            (false to null)
        }
        else -> (false to null)
    }
    val strings = listOf("displayNbr", "calleeNbr", "preTone", "verifyCode").associateWith { string(it, true) }
    val posTone = string("posTone", false)
    val userData = string("userData", false)
    val language = if ("languageType" in b && b["languageType"] == null) (true to null) else integer("languageType")
    val times = integer("times")
    val statusUrl = url("statusUrl")
    val feeUrl = url("feeUrl")
    val idle = when (val v = b["returnIdlePort"]) {
        null -> (true to null)
        "true" -> (true to true)
        "false" -> (true to false)
        else -> (false to null)
    }
    val all = strings.values.map { it.first } + listOf(posTone.first, userData.first, language.first, times.first, statusUrl.first, feeUrl.first, idle.first)
    if (!all.all { it }) return null
    // A missing languageType cannot be expressed either (the typed API defaults it to 2).
    if (!b.containsKey("languageType") || b["languageType"] == null) return null
    return CallVerifyRequest(
        displayNbr = strings.getValue("displayNbr").second!!, calleeNbr = strings.getValue("calleeNbr").second!!,
        verifyCode = strings.getValue("verifyCode").second!!, preTone = strings.getValue("preTone").second!!,
        languageType = language.second!!, posTone = posTone.second, times = times.second,
        statusUrl = statusUrl.second, feeUrl = feeUrl.second, returnIdlePort = idle.second, userData = userData.second,
    )
}

/** A Long as an Int for an Int parameter, saturating (out-of-range values stay out of range). */
fun Long.sat(): Int = coerceIn(Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong()).toInt()

fun kindOf(e: CallVerifyException): ErrorKind = when (e) {
    is CallVerifyException.Validation -> ErrorKind.VALIDATION
    is CallVerifyException.Api -> ErrorKind.API
    is CallVerifyException.Parse -> ErrorKind.PARSE
    is CallVerifyException.PushAuth -> ErrorKind.PUSH_AUTH
    is CallVerifyException.Config -> ErrorKind.CONFIG
}

fun retryMap(r: RetryAdvice): Map<String, Any?> = when (r) {
    RetryAdvice.Never -> mapOf("kind" to "never")
    is RetryAdvice.AfterSeconds -> mapOf("kind" to "after_seconds", "seconds" to r.seconds)
    RetryAdvice.ImmediatelyWithFreshSignature -> mapOf("kind" to "immediately_with_fresh_signature")
}

private fun time(t: PushTime?): Map<String, Any?>? = t?.let { mapOf("text" to it.text, "unix" to it.unix) }

private fun hangup(h: HangupCause?): Map<String, Any?>? = h?.let {
    mapOf("code" to it.code, "meaning_en" to it.meaningEn, "meaning_zh" to it.meaningZh, "category" to it.category.name.lowercase())
}

/** A parsed push in the core's serialised shape (snake_case keys, `kind` tag). */
fun pushToMap(p: Push): Map<String, Any?> = when (p) {
    is Push.Status -> p.event.let {
        linkedMapOf(
            "kind" to "status", "event_type" to it.eventType.name.lowercase(), "session_id" to it.sessionId,
            "timestamp" to time(it.timestamp), "user_data" to it.userData, "caller" to it.caller, "called" to it.called,
            "state_code" to it.stateCode, "state_desc" to it.stateDesc, "hangup_cause" to hangup(it.hangupCause()),
            "hangup_category" to it.hangupCause()?.category?.name?.lowercase(),
        )
    }
    is Push.CollectInfo -> p.event.let {
        linkedMapOf(
            "kind" to "collect_info", "session_id" to it.sessionId, "timestamp" to time(it.timestamp),
            "user_data" to it.userData, "digit_info" to it.digitInfo,
        )
    }
    is Push.Fee -> linkedMapOf(
        "kind" to "fee",
        "records" to p.batch.records.map {
            linkedMapOf(
                "session_id" to it.sessionId, "dedupe_key" to it.dedupeKey(), "direction" to it.direction, "sp_id" to it.spId,
                "app_key" to it.appKey, "icid" to it.icid, "bind_num" to it.bindNum, "caller_num" to it.callerNum,
                "callee_num" to it.calleeNum, "fwd_unasw_rsn" to it.fwdUnaswRsn, "fail_time" to time(it.failTime),
                "ul_fail_reason" to it.ulFailReason, "sip_status_code" to it.sipStatusCode,
                "call_out_start_time" to time(it.callOutStartTime), "call_out_alerting_time" to time(it.callOutAlertingTime),
                "call_out_answer_time" to time(it.callOutAnswerTime), "call_end_time" to time(it.callEndTime),
                "call_out_unasw_rsn" to it.callOutUnaswRsn, "dyn_ivr_start_time" to time(it.dynIvrStartTime),
                "dyn_ivr_path" to it.dynIvrPath, "record_flag" to it.recordFlag, "tts_play_times" to it.ttsPlayTimes,
                "service_type" to it.serviceType, "host_name" to it.hostName, "user_data" to it.userData,
            )
        },
        "dedupe_keys" to p.batch.records.map { it.dedupeKey() },
    )
    is Push.Unknown -> linkedMapOf("kind" to "unknown", "event_type" to p.push.eventType, "raw_json" to p.push.rawJson)
}

/**
 * Every key of [expected] must be in [actual] with an equal value (recursively for objects; lists
 * element by element; numbers compared as Long; a scalar expected for a `{text, unix}` time is
 * compared with its text or its Unix seconds).
 */
fun assertSubset(path: String, expected: Any?, actual: Any?) {
    when {
        expected is Map<*, *> -> {
            assertTrue(actual is Map<*, *>, "$path: expected an object, got $actual")
            val a = actual as Map<*, *>
            for ((k, v) in expected) {
                assertTrue(a.containsKey(k), "$path.$k: no such key in the binding's result ${a.keys}")
                assertSubset("$path.$k", v, a[k])
            }
        }
        expected is List<*> -> {
            assertTrue(actual is List<*>, "$path: expected a list, got $actual")
            val a = actual as List<*>
            assertEquals(expected.size, a.size, "$path: length")
            expected.forEachIndexed { i, v -> assertSubset("$path[$i]", v, a[i]) }
        }
        expected is Number && actual is Number ->
            assertTrue(java.math.BigDecimal(expected.toString()).compareTo(java.math.BigDecimal(actual.toString())) == 0, "$path: expected $expected, got $actual")
        actual is Map<*, *> && actual.containsKey("unix") && expected != null ->
            assertTrue(expected == actual["text"] || (expected as? Number)?.toLong() == actual["unix"], "$path: $expected vs $actual")
        else -> assertEquals(expected, actual, path)
    }
}
