package io.callverify.tests

import io.callverify.*
import io.callverify.core.*
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.Test

/** The one error model: codes, kinds, fields, and drift against the core. */
class ErrorModelTest {
    /** Fails when the binding's declared codes drift from the core's `ErrorCode::ALL`. */
    @Test
    fun bindingCodesEqualCoreCodesInOrder() {
        val core = errorCodes()
        val binding = ErrorCode.values().map { it.asStr() }
        assertEquals(core, binding)
        // And the Kotlin constant names are the codes' text in upper case.
        assertEquals(core, ErrorCode.values().map { it.name.lowercase() })
        assertEquals(core.size, core.toSet().size)
    }

    @Test
    fun everyCodeHasAKindAndEveryKindHasCodes() {
        val byKind = ErrorCode.values().groupBy { it.kind() }
        assertEquals(ErrorKind.values().toSet(), byKind.keys)
        assertEquals(ErrorKind.VALIDATION, ErrorCode.INVALID_REQUEST.kind())
        assertEquals(ErrorKind.API, ErrorCode.API_ERROR.kind())
        assertEquals(ErrorKind.PUSH_AUTH, ErrorCode.DIGEST_MISMATCH.kind())
        assertEquals(ErrorKind.PARSE, ErrorCode.INVALID_UTF8.kind())
        assertEquals(ErrorKind.CONFIG, ErrorCode.BASE_URL_INSECURE.kind())
    }

    @Test
    fun validationErrorListsEveryViolation() {
        Credentials("k", "s").use { creds ->
            Client(BASE, creds).use { client ->
                try {
                    client.callVerifyAt(sampleRequest().copy(calleeNbr = "+860755123456", verifyCode = "12a", times = 10), 0, "n")
                    fail("expected an exception")
                } catch (e: CallVerifyException.Validation) {
                    assertEquals(ErrorCode.INVALID_REQUEST, e.code)
                    assertEquals(
                        listOf("calleeNbr" to ErrorCode.PHONE_TRUNK_PREFIX, "verifyCode" to ErrorCode.VERIFY_CODE_DIGITS, "times" to ErrorCode.TIMES_RANGE),
                        e.violations.map { it.field to it.code },
                    )
                    assertTrue(e.reason.startsWith("invalid callVerify request (3 problems)"))
                    assertTrue(e.message.contains("PHONE_TRUNK_PREFIX"))
                }
            }
        }
    }

    @Test
    fun configErrorsCarryCodeAndMessage() {
        try {
            Credentials("", "s")
            fail("expected an exception")
        } catch (e: CallVerifyException.Config) {
            assertEquals(ErrorCode.APP_KEY_EMPTY, e.code)
            assertTrue(e.reason.contains("app_key is empty"))
            assertNull(e.field)
        }
        Credentials("k", "s").use { creds ->
            try {
                Client("http://example.com", creds)
                fail("expected an exception")
            } catch (e: CallVerifyException.Config) {
                assertEquals(ErrorCode.BASE_URL_INSECURE, e.code)
            }
        }
    }

    @Test
    fun parseErrorsNameTheField() {
        try {
            parsePush("""{"eventType":"answer","statusInfo":{"timestamp":"2019-01-24 02:49:23"}}""".toByteArray())
            fail("expected an exception")
        } catch (e: CallVerifyException.Parse) {
            assertEquals(ErrorCode.MISSING_FIELD, e.code)
            assertEquals("statusInfo.sessionId", e.field)
            assertNull(e.httpStatus)
        }
    }

    @Test
    fun statusOutsideHttpRangeIsAParseError() {
        for (status in listOf(-1, 65536, Int.MAX_VALUE, Int.MIN_VALUE)) {
            try {
                parseCallVerifyResponse(status, """{"resultcode":"0","sessionId":"s"}""".toByteArray())
                fail("expected an exception")
            } catch (e: CallVerifyException.Parse) {
                assertEquals(ErrorCode.INVALID_VALUE, e.code)
                assertEquals("httpStatus", e.field)
            }
        }
    }

    @Test
    fun windowOutsideRangeIsAConfigError() {
        Credentials("k", "s").use { creds ->
            for (w in listOf(0L, -1L, 86_401L, Long.MAX_VALUE, Long.MIN_VALUE, 1L shl 32)) {
                try {
                    verifyPushAt(emptyList(), "https://e.com/s", creds, 0, VerifyOptions(windowSeconds = w))
                    fail("window $w")
                } catch (e: CallVerifyException.Config) {
                    assertEquals(ErrorCode.WINDOW_INVALID, e.code)
                }
            }
        }
    }

    @Test
    fun exceptionsAreOneSealedHierarchy() {
        val all: List<CallVerifyException> = listOf(
            runCatching { Credentials("", "") }.exceptionOrNull() as CallVerifyException,
            runCatching { parsePush(ByteArray(0)) }.exceptionOrNull() as CallVerifyException,
        )
        for (e in all) {
            assertEquals(e.errorCode().kind(), kindOf(e))
            assertEquals(e.kind(), kindOf(e))
        }
        assertEquals(ErrorCode.APP_KEY_EMPTY, all[0].errorCode())
        assertEquals(ErrorCode.EMPTY_BODY, all[1].errorCode())
    }
}

