// Plain Kotlin doing what the binding does (the baseline of the JMH benchmark BindingBench.java),
// and the benchmark's inputs. Run with bindings-mobile/bench.sh; figures in docs/bench/kotlin.md.
package io.callverify.bench

import io.callverify.Client
import io.callverify.Credentials
import io.callverify.PushVerifier
import io.callverify.core.CallVerifyRequest
import io.callverify.core.DigestForm
import io.callverify.core.HttpHeader
import io.callverify.core.HttpRequest
import io.callverify.core.Push
import io.callverify.core.PushVerification
import io.callverify.core.VerifyOptions
import io.callverify.parsePush
import io.callverify.signPush
import java.security.MessageDigest
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

// ---------------------------------------------------------------------------------------------
// Plain Kotlin: the same rules, body and signature with javax.crypto.Mac and string building.
// ---------------------------------------------------------------------------------------------

const val AUTHORIZATION = "AKSK realm=\"SDP\",profile=\"UsernameToken\",type=\"Appkey\""
val CREATED: DateTimeFormatter = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
val PUSH_TIME: DateTimeFormatter = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")

data class PlainRequest(val method: String, val url: String, val headers: List<Pair<String, String>>, val body: String)

class PlainClient(baseUrl: String, private val appKey: String, appSecret: String) {
    private val url = "$baseUrl/rest/httpsessions/callVerify/v1.0"
    private val mac: Mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(appSecret.toByteArray(), "HmacSHA256")) }

    fun callVerify(r: CallVerifyRequest, now: Long, nonce: String): PlainRequest {
        val problems = validate(r)
        require(problems.isEmpty()) { problems.joinToString() }
        require(nonce.length in 1..128 && nonce.all { it in '0'..'9' || it in 'a'..'z' || it in 'A'..'Z' })
        require(now in 0..253_402_300_799L)
        val created = CREATED.format(java.time.Instant.ofEpochSecond(now))
        mac.update(nonce.toByteArray())
        val digest = Base64.getEncoder().encodeToString(mac.doFinal(created.toByteArray()))
        val xAksk = "UsernameToken Username=\"$appKey\",PasswordDigest=\"$digest\",Nonce=\"$nonce\",Created=\"$created\""
        return PlainRequest(
            "POST", url,
            listOf("Content-Type" to "application/json;charset=UTF-8", "Authorization" to AUTHORIZATION, "X-AKSK" to xAksk),
            body(r),
        )
    }

    private fun body(r: CallVerifyRequest): String {
        val b = StringBuilder(256)
        b.append("{\"displayNbr\":").str(r.displayNbr).append(",\"calleeNbr\":").str(r.calleeNbr)
            .append(",\"languageType\":").append(r.languageType).append(",\"preTone\":").str(r.preTone)
            .append(",\"verifyCode\":").str(r.verifyCode)
        r.posTone?.let { b.append(",\"posTone\":").str(it) }
        r.times?.let { b.append(",\"times\":").append(it) }
        r.statusUrl?.let { b.append(",\"statusUrl\":").str(Base64.getEncoder().encodeToString(it.toByteArray())) }
        r.feeUrl?.let { b.append(",\"feeUrl\":").str(Base64.getEncoder().encodeToString(it.toByteArray())) }
        r.returnIdlePort?.let { b.append(",\"returnIdlePort\":\"").append(it).append('"') }
        r.userData?.let { b.append(",\"userData\":").str(it) }
        return b.append('}').toString()
    }

    private fun StringBuilder.str(s: String): StringBuilder {
        append('"')
        for (c in s) when {
            c == '"' -> append("\\\"")
            c == '\\' -> append("\\\\")
            c < ' ' -> append(String.format("\\u%04x", c.code))
            else -> append(c)
        }
        return append('"')
    }
}

fun validate(r: CallVerifyRequest): List<String> {
    val v = ArrayList<String>()
    fun length(field: String, s: String, min: Int, max: Int): Boolean {
        val n = s.codePointCount(0, s.length)
        if (n !in min..max) v += "$field length"
        return n > 0
    }
    fun number(field: String, s: String) {
        if (!length(field, s, 4, 31)) return
        if (!(s.length > 1 && s[0] == '+' && s.substring(1).all { it in '0'..'9' })) v += "$field format"
        else if (s.startsWith("+860")) v += "$field trunk prefix"
    }
    fun tone(field: String, s: String) {
        if (!length(field, s, 1, 128)) return
        val wav = s.length > 4 && s.regionMatches(s.length - 4, ".wav", 0, 4, ignoreCase = true)
        if (!wav || s.any { it == '/' || it == '\\' || it.code < 0x20 || it.code == 0x7f }) v += "$field tone"
    }
    fun url(field: String, s: String) {
        if (s.isEmpty()) { v += "$field empty"; return }
        val rest = when {
            s.regionMatches(0, "https://", 0, 8, ignoreCase = true) -> s.substring(8)
            s.regionMatches(0, "http://", 0, 7, ignoreCase = true) -> s.substring(7)
            else -> null
        }
        if (rest == null) v += "$field scheme" else if (rest.takeWhile { it != '/' && it != ':' }.isEmpty()) v += "$field host"
        if (s.any { !(it in 'a'..'z' || it in 'A'..'Z' || it in '0'..'9' || it == '-' || it == ':' || it == '.' || it == '/') }) v += "$field charset"
        if ((s.toByteArray().size + 2) / 3 * 4 > 128) v += "$field encoded length"
    }
    number("displayNbr", r.displayNbr)
    number("calleeNbr", r.calleeNbr)
    if (r.languageType != 2L) v += "languageType"
    tone("preTone", r.preTone)
    if (length("verifyCode", r.verifyCode, 2, 8) && !r.verifyCode.all { it in '0'..'9' }) v += "verifyCode digits"
    r.posTone?.let { tone("posTone", it) }
    r.times?.let { if (it !in 0..9) v += "times" }
    r.statusUrl?.let { url("statusUrl", it) }
    r.feeUrl?.let { url("feeUrl", it) }
    r.userData?.let {
        if (length("userData", it, 1, 256)) {
            if (it.any { c -> c == '{' || c == '}' }) v += "userData braces"
            if (it.any { c -> c.code > 0x7f }) v += "userData non-ASCII"
        }
    }
    return v
}

// A minimal push parse without a JSON library: regular expressions for the known fields.
data class PlainStatus(val eventType: String, val sessionId: String, val timestamp: Long, val stateCode: Long?)
data class PlainFee(val sessionId: String, val callEndTime: Long?)

private val EVENT = Regex("\"eventType\"\\s*:\\s*\"([^\"]*)\"")
private val SESSION = Regex("\"sessionId\"\\s*:\\s*\"([^\"]*)\"")
private val TIMESTAMP = Regex("\"timestamp\"\\s*:\\s*\"([^\"]*)\"")
private val STATE = Regex("\"stateCode\"\\s*:\\s*(-?\\d+)")
private val RECORD = Regex("\\{[^{}]*\\}")
private val END = Regex("\"callEndTime\"\\s*:\\s*\"([^\"]*)\"")

fun pushTime(text: String): Long = LocalDateTime.parse(text, PUSH_TIME).toEpochSecond(ZoneOffset.UTC)

fun plainParsePush(body: ByteArray): Any {
    val text = String(body, Charsets.UTF_8)
    val event = EVENT.find(text)?.groupValues?.get(1) ?: error("no eventType")
    if (event == "fee") {
        val list = text.substring(text.indexOf("\"feeLst\""))
        return RECORD.findAll(list).map { m ->
            PlainFee(SESSION.find(m.value)!!.groupValues[1], END.find(m.value)?.groupValues?.get(1)?.let(::pushTime))
        }.toList()
    }
    return PlainStatus(
        event,
        SESSION.find(text)?.groupValues?.get(1) ?: error("no sessionId"),
        pushTime(TIMESTAMP.find(text)?.groupValues?.get(1) ?: error("no timestamp")),
        STATE.find(text)?.groupValues?.get(1)?.toLong(),
    )
}

// Push verification by hand: header parse, HMAC of url + "\n" + nonce + "\n" + created, window.
private val ATTR = Regex("(\\w+)=\"([^\"]*)\"")

fun plainVerifyPush(headers: List<Pair<String, String>>, url: String, appKey: String, mac: Mac, now: Long): String {
    val auth = headers.single { it.first.equals("Authorization", true) }.second
    require(auth == AUTHORIZATION)
    val xAksk = headers.single { it.first.equals("X-AKSK", true) }.second
    require(xAksk.startsWith("UsernameToken "))
    val attrs = ATTR.findAll(xAksk).associate { it.groupValues[1] to it.groupValues[2] }
    require(attrs["Username"] == appKey)
    val nonce = attrs.getValue("Nonce")
    val created = attrs.getValue("Created")
    val received = Base64.getDecoder().decode(attrs.getValue("PasswordDigest"))
    mac.update(url.toByteArray())
    mac.update('\n'.code.toByte())
    mac.update(nonce.toByteArray())
    mac.update('\n'.code.toByte())
    val expected = mac.doFinal(created.toByteArray())
    require(MessageDigest.isEqual(expected, received))
    val createdUnix = java.time.Instant.from(CREATED.parse(created)).epochSecond
    require(kotlin.math.abs(now - createdUnix) <= 300)
    return "$nonce:$created"
}

// ---------------------------------------------------------------------------------------------
// The inputs of every benchmark (JMH, BindingBench.java), checked to give the same results both ways.
// ---------------------------------------------------------------------------------------------

/** Everything a benchmark needs: the binding's objects, the plain Kotlin equivalents, the inputs. */
private const val HEX = "0123456789abcdef"

class Fixture : AutoCloseable {
    val now = 1_700_000_000L
    val nonce = "ac1c911c4792492687f8f6b2264a491e"
    val request = CallVerifyRequest(
        displayNbr = "+8675528000088", calleeNbr = "+8618900000007", verifyCode = "123456", preTone = "welcome.wav",
        times = 3, statusUrl = "https://callback.example.com:8443/voice/status", feeUrl = "https://callback.example.com:8443/voice/fee",
        userData = "order-4711",
    )
    val status = """{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:49:23","userData":"order-4711","caller":"+8675528000088","called":"+8618900000007","stateCode":8102,"stateDesc":"busy"}}""".toByteArray()
    val fee = ("""{"eventType":"fee","feeLst":[""" + (1..3).joinToString(",") {
        """{"direction":0,"spId":"CaaS_Test_01","appKey":"ZRBRz4bAXoFgEH7o4Ew308eXc1RA","icid":"ba171f34e6953fcd751edc77127748f4.3757289590.338833305.5","bindNum":"+8675528000088","sessionId":"s-$it","callerNum":"+8675528000088","calleeNum":"+8618900000007","fwdUnaswRsn":0,"ulFailReason":0,"sipStatusCode":0,"callOutStartTime":"2019-01-24 02:48:46","callOutAlertingTime":"2019-01-24 02:48:47","callOutAnswerTime":"2019-01-24 02:49:12","callEndTime":"2019-01-24 02:49:23","callOutUnaswRsn":0,"dynIVRPath":"","recordFlag":0,"ttsPlayTimes":2,"serviceType":"003","hostName":"callenabler245.huaweicaas.com","userData":"cwgtest"}"""
    } + "]}").toByteArray()
    val appKey = "ZRBRz4bAXoFgEH7o4Ew308eXc1RA"
    private val appSecret = "Q4xK9mZt2LwP8vRb"
    val credentials = Credentials(appKey, appSecret)
    val client = Client("https://rtccall.cn-north-1.myhuaweicloud.cn:443", credentials)
    val plain = PlainClient("https://rtccall.cn-north-1.myhuaweicloud.cn:443", appKey, appSecret)
    val pushUrl = "https://callback.example.com:8443/voice/status"
    val pushHeaders: List<HttpHeader> = signPush(credentials, pushUrl, nonce, now, DigestForm.NEWLINE)
    val pushPairs = pushHeaders.map { it.name to it.value }
    val verifyMac: Mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(appSecret.toByteArray(), "HmacSHA256")) }
    val pinned = VerifyOptions(digestForm = DigestForm.NEWLINE)
    /** Built once, as an application builds one per push URL; the benchmark measures `verifyAt` only. */
    val verifier = PushVerifier(credentials, pushUrl, pinned)
    private val random = java.security.SecureRandom()
    private val nonceBytes = ByteArray(16)

    init {
        // Same output, or the comparison means nothing.
        val a = bindingCallVerify()
        val b = plainCallVerify()
        check(a.body == b.body && a.url == b.url && a.headers.map { it.name to it.value } == b.headers) { "plain Kotlin differs:\n$a\n$b" }
        check(bindingCallVerifyFresh().body == plainCallVerifyFresh().body)
        val ps = plainParsePush(status) as PlainStatus
        val bs = (parsePush(status) as Push.Status).event
        check(ps.sessionId == bs.sessionId && ps.timestamp == bs.timestamp.unix && ps.stateCode == bs.stateCode)
        val pf = plainParsePush(fee) as List<*>
        check(pf.size == (parsePush(fee) as Push.Fee).batch.records.size)
        check(plainVerifyPush() == (bindingVerifyPush() as PushVerification.Verified).replayKey)
    }

    // Fixed: both sides sign at the same time with the same nonce (the binding's callVerifyAt: the
    // nonce is a second buffer, so 5 native calls). Fresh: both read the clock and draw a 32-hex
    // nonce from the OS (the binding's callVerify(request): 4 native calls, one record in and out;
    // plain Kotlin: System.currentTimeMillis and SecureRandom).
    fun bindingCallVerify(): HttpRequest = client.callVerifyAt(request, now, nonce)
    fun plainCallVerify(): PlainRequest = plain.callVerify(request, now, nonce)
    fun bindingCallVerifyFresh(): HttpRequest = client.callVerify(request)
    fun plainCallVerifyFresh(): PlainRequest {
        random.nextBytes(nonceBytes)
        val hex = StringBuilder(32)
        for (b in nonceBytes) hex.append(HEX[(b.toInt() shr 4) and 15]).append(HEX[b.toInt() and 15])
        return plain.callVerify(request, System.currentTimeMillis() / 1000, hex.toString())
    }
    fun bindingVerifyPush(): PushVerification = verifier.verifyAt(pushHeaders, now + 10)
    fun plainVerifyPush(): String = plainVerifyPush(pushPairs, pushUrl, appKey, verifyMac, now + 10)

    override fun close() {
        verifier.close()
        client.close()
        credentials.close()
    }
}
