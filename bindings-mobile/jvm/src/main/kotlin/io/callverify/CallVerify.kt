// What Java callers need on top of the Kotlin that UniFFI generates (callverify.kt, package
// io.callverify: the objects and functions; core/callverify_core.kt, package io.callverify.core: the
// records and enums): Java sees neither Kotlin's default arguments nor its named arguments, and the
// generated top-level functions land in a class named `CallverifyKt`. Everything here only forwards
// to the generated code; the defaults come from the generated records themselves. See docs/jvm.md.
package io.callverify

import io.callverify.core.CallVerifyRequest
import io.callverify.core.CallVerifyResponse
import io.callverify.core.DigestForm
import io.callverify.core.HangupCause
import io.callverify.core.HttpHeader
import io.callverify.core.HttpRequest
import io.callverify.core.Push
import io.callverify.core.ResultCodeEntry
import io.callverify.core.Signature
import io.callverify.core.VerifyOptions

/**
 * The functions of callverify as static methods, with Java overloads for every default argument.
 * Kotlin callers use the top-level functions (`io.callverify.parsePush(...)`) instead.
 *
 * ```java
 * import io.callverify.*;
 * import io.callverify.core.*;
 *
 * try (Credentials credentials = new Credentials(appKey, appSecret);
 *      Client client = CallVerify.client(baseUrl, credentials)) {
 *     CallVerifyRequest request = CallVerify.request("+8675528000088", "+8618900000007",
 *             CallVerify.generateVerifyCode(), "welcome.wav")
 *         .statusUrl("https://example.com/callverify/status")
 *         .build();
 *     HttpRequest http = CallVerify.callVerify(client, request);
 * }
 * ```
 */
object CallVerify {
    /** A client for [baseUrl] with [Credentials]; `createdOffsetSeconds` defaults to 0 (UTC). */
    @JvmStatic
    @JvmOverloads
    @Throws(CallVerifyException::class)
    fun client(baseUrl: String, credentials: Credentials, createdOffsetSeconds: Long? = null): Client =
        Client(baseUrl, credentials, createdOffsetSeconds)

    /** [Client.callVerify]: the system clock and a fresh random nonce. */
    @JvmStatic
    @Throws(CallVerifyException::class)
    fun callVerify(client: Client, request: CallVerifyRequest): HttpRequest = client.callVerify(request)

    /** [Client.callVerifyAt]: a given Unix time (seconds) and nonce, for tests and reproducible requests. */
    @JvmStatic
    @Throws(CallVerifyException::class)
    fun callVerifyAt(client: Client, request: CallVerifyRequest, now: Long, nonce: String): HttpRequest =
        client.callVerifyAt(request, now, nonce)

    /** [Client.sign] with the system clock and a fresh random nonce unless given. */
    @JvmStatic
    @JvmOverloads
    @Throws(CallVerifyException::class)
    fun sign(client: Client, now: Long? = null, nonce: String? = null): Signature = client.sign(now, nonce)

    /** A builder of a [CallVerifyRequest] with the four required fields; the others keep the record's defaults. */
    @JvmStatic
    fun request(displayNbr: String, calleeNbr: String, verifyCode: String, preTone: String): CallVerifyRequestBuilder =
        CallVerifyRequestBuilder(CallVerifyRequest(displayNbr, calleeNbr, verifyCode, preTone))

    /** A builder of [VerifyOptions], starting from the record's defaults. */
    @JvmStatic
    fun verifyOptions(): VerifyOptionsBuilder = VerifyOptionsBuilder(VerifyOptions())

    /** See [io.callverify.parseCallVerifyResponse]. */
    @JvmStatic
    @Throws(CallVerifyException::class)
    fun parseCallVerifyResponse(httpStatus: Int, body: ByteArray): CallVerifyResponse =
        io.callverify.parseCallVerifyResponse(httpStatus, body)

    /** See [io.callverify.explain]; without the HTTP status, ambiguous codes throw `Config`. */
    @JvmStatic
    @JvmOverloads
    @Throws(CallVerifyException::class)
    fun explain(resultCode: String, httpStatus: Int? = null): ResultCodeEntry? =
        io.callverify.explain(resultCode, httpStatus)

    /** See [io.callverify.resultCodes]. */
    @JvmStatic
    fun resultCodes(): List<ResultCodeEntry> = io.callverify.resultCodes()

    /**
     * A [PushVerifier] for pushes to [url] under [credentials], with the default [VerifyOptions]
     * unless given. Build one per push URL and reuse it: `verifier.verify(headers)` (system clock)
     * or `verifier.verifyAt(headers, now)`.
     */
    @JvmStatic
    @JvmOverloads
    @Throws(CallVerifyException::class)
    fun pushVerifier(credentials: Credentials, url: String, options: VerifyOptions = VerifyOptions()): PushVerifier =
        PushVerifier(credentials, url, options)

    /** See [io.callverify.parsePush]. */
    @JvmStatic
    @Throws(CallVerifyException::class)
    fun parsePush(body: ByteArray): Push = io.callverify.parsePush(body)

    /** See [io.callverify.signPush]. */
    @JvmStatic
    @Throws(CallVerifyException::class)
    fun signPush(credentials: Credentials, url: String, nonce: String, unixTime: Long, form: DigestForm): List<HttpHeader> =
        io.callverify.signPush(credentials, url, nonce, unixTime, form)

    /** Headers as most Java HTTP servers hold them (name to values) as the list [PushVerifier.verify] takes. */
    @JvmStatic
    fun headers(headers: Map<String, List<String>>): List<HttpHeader> =
        headers.flatMap { (name, values) -> values.map { HttpHeader(name, it) } }

    /** See [io.callverify.generateVerifyCode]; 6 digits unless given. */
    @JvmStatic
    @JvmOverloads
    @Throws(CallVerifyException::class)
    fun generateVerifyCode(digits: Long = 6L): String = io.callverify.generateVerifyCode(digits)

    /** See [io.callverify.encodeUserData]. */
    @JvmStatic
    fun encodeUserData(text: String): String = io.callverify.encodeUserData(text)

    /** See [io.callverify.hangupCause]. */
    @JvmStatic
    fun hangupCause(stateCode: Long): HangupCause? = io.callverify.hangupCause(stateCode)

    /** See [io.callverify.hmacSha256]. */
    @JvmStatic
    fun hmacSha256(key: ByteArray, data: ByteArray): ByteArray = io.callverify.hmacSha256(key, data)

    /** See [io.callverify.errorCodes]. */
    @JvmStatic
    fun errorCodes(): List<String> = io.callverify.errorCodes()

    /** See [io.callverify.version]. */
    @JvmStatic
    fun version(): String = io.callverify.version()
}

/** Sets the optional fields of a [CallVerifyRequest] one by one (Java has no named arguments). */
class CallVerifyRequestBuilder internal constructor(private var request: CallVerifyRequest) {
    fun languageType(value: Long) = apply { request = request.copy(languageType = value) }
    fun posTone(value: String?) = apply { request = request.copy(posTone = value) }
    fun times(value: Long?) = apply { request = request.copy(times = value) }
    fun statusUrl(value: String?) = apply { request = request.copy(statusUrl = value) }
    fun feeUrl(value: String?) = apply { request = request.copy(feeUrl = value) }
    fun returnIdlePort(value: Boolean?) = apply { request = request.copy(returnIdlePort = value) }
    fun userData(value: String?) = apply { request = request.copy(userData = value) }
    fun build(): CallVerifyRequest = request
}

/** Sets the fields of [VerifyOptions] one by one (Java has no named arguments). */
class VerifyOptionsBuilder internal constructor(private var options: VerifyOptions) {
    fun windowSeconds(value: Long) = apply { options = options.copy(windowSeconds = value) }
    fun allowUnsigned(value: Boolean) = apply { options = options.copy(allowUnsigned = value) }
    fun digestForm(value: DigestForm?) = apply { options = options.copy(digestForm = value) }
    fun createdOffsetSeconds(value: Long?) = apply { options = options.copy(createdOffsetSeconds = value) }
    fun build(): VerifyOptions = options
}
