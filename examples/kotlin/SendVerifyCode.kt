// callverify from Kotlin on the JVM: send a voice verification code with java.net.http.HttpClient,
// then receive, verify and parse the platform's status and fee pushes with the JDK's HttpServer.
//
// Configuration (environment):
//   CALLVERIFY_BASE_URL    platform or sandbox base URL, e.g. http://127.0.0.1:18080 (or the first argument)
//   CALLVERIFY_APP_KEY     App Key
//   CALLVERIFY_APP_SECRET  App Secret
//   CALLVERIFY_CALLEE      number to call (default +8618900000007)
//   CALLVERIFY_DISPLAY     number shown to the callee (default +8675528000088)
//   CALLVERIFY_TIMEOUT_S   how long to wait for the pushes (default 30)
//
// Exit status: 0 when the disconnect event and the fee batch arrived (verified, parsed, replays
// refused), 2 when the platform refused the request (result code explained), 1 otherwise.
//
// Build and run (see scripts/e2e-jvm.sh): scripts/build-jvm.sh installs io.callverify:callverify,
// then the consumer project examples/jvm compiles this file against it (no library path needed):
//   (cd examples/jvm && mvn -o package)
//   java -cp examples/jvm/target/classes:$(cat examples/jvm/target/classpath.txt) example.SendVerifyCodeKt
package example

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import io.callverify.CallVerifyException
import io.callverify.Client
import io.callverify.Credentials
import io.callverify.PushVerifier
import io.callverify.core.CallVerifyRequest
import io.callverify.core.HttpHeader
import io.callverify.core.Push
import io.callverify.core.PushVerification
import io.callverify.core.RetryAdvice
import io.callverify.core.StatusEventType
import io.callverify.explain
import io.callverify.generateVerifyCode
import io.callverify.parseCallVerifyResponse
import io.callverify.parsePush
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/** Replay keys seen recently (one process; with several receivers use a shared store such as Redis). */
class ReplayCache {
    private val seen = ConcurrentHashMap<String, Long>()

    /** True the first time a key is seen within its lifetime, false for a replay. */
    fun firstTime(key: String, rememberForSeconds: Long): Boolean {
        val now = System.currentTimeMillis()
        seen.entries.removeIf { it.value < now }
        return seen.putIfAbsent(key, now + rememberForSeconds * 1000) == null
    }
}

/** Receives status and fee pushes: verify the signature, refuse replays, then parse. */
class PushReceiver(credentials: Credentials) : AutoCloseable {
    val server: HttpServer = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
    private val base = "http://127.0.0.1:${server.address.port}"
    val statusUrl = "$base/callverify/status"
    val feeUrl = "$base/callverify/fee"
    // One verifier per push URL, built once and shared by the server's threads. The URL is the one
    // configured in the request, never rebuilt from the incoming request (proxies change scheme,
    // host and port). Default options: Created in UTC or Beijing time, a 300 s window.
    private val statusVerifier = PushVerifier(credentials, statusUrl)
    private val feeVerifier = PushVerifier(credentials, feeUrl)
    private val replays = ReplayCache()
    val disconnected = CountDownLatch(1)
    val feeArrived = CountDownLatch(1)
    val events = java.util.Collections.synchronizedList(ArrayList<String>())
    @Volatile var firstSigned: Pair<List<HttpHeader>, ByteArray>? = null
    @Volatile var hangup: String? = null

    init {
        server.createContext("/callverify/status") { handle(it, statusVerifier) }
        server.createContext("/callverify/fee") { handle(it, feeVerifier) }
        server.executor = Executors.newFixedThreadPool(4)
    }

    override fun close() {
        statusVerifier.close()
        feeVerifier.close()
    }

    private fun handle(exchange: HttpExchange, verifier: PushVerifier) {
        exchange.use { ex ->
            val headers = ex.requestHeaders.flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
            val body = ex.requestBody.readAllBytes()
            val verification = try {
                verifier.verify(headers)
            } catch (e: CallVerifyException) {
                println("receiver: refused a push (${e.errorCode().asStr()}): ${e.message}")
                return respond(ex, 401)
            }
            if (verification is PushVerification.Verified) {
                if (!replays.firstTime(verification.replayKey, verification.rememberForSeconds)) {
                    println("receiver: refused a replayed push (${verification.replayKey})")
                    return respond(ex, 409)
                }
                if (firstSigned == null) firstSigned = headers to body
            }
            val push = try {
                parsePush(body)
            } catch (e: CallVerifyException.Parse) {
                println("receiver: could not parse a push (${e.code.asStr()}, field ${e.field})")
                return respond(ex, 400)
            }
            respond(ex, 200)
            when (push) {
                is Push.Status -> {
                    val e = push.event
                    println("receiver: ${e.eventType.name.lowercase()} session=${e.sessionId} at ${e.timestamp.text}")
                    events += e.eventType.name.lowercase()
                    if (e.eventType == StatusEventType.DISCONNECT) {
                        hangup = e.hangupCause()?.let { "${e.stateCode} ${it.category.name.lowercase()} (${it.meaningEn})" }
                            ?: "${e.stateCode} (not in the hangup table)"
                        println("receiver: hangup cause $hangup")
                        disconnected.countDown()
                    }
                }
                is Push.Fee -> {
                    for (r in push.batch.records) {
                        println("receiver: fee record ${r.dedupeKey()} answered=${r.callOutAnswerTime?.text} ended=${r.callEndTime?.text}")
                    }
                    events += "fee"
                    feeArrived.countDown()
                }
                is Push.CollectInfo -> println("receiver: digits ${push.event.digitInfo} session=${push.event.sessionId}")
                is Push.Unknown -> println("receiver: unknown push ${push.push.eventType}: ${push.push.rawJson}")
            }
        }
    }

    private fun respond(ex: HttpExchange, status: Int) {
        val reply = """{"resultcode":"$status"}""".toByteArray()
        ex.responseHeaders.add("Content-Type", "application/json;charset=UTF-8")
        ex.sendResponseHeaders(status, reply.size.toLong())
        ex.responseBody.write(reply)
    }
}

fun env(name: String, default: String? = null): String =
    System.getenv(name)?.takeIf { it.isNotEmpty() } ?: default ?: run {
        System.err.println("set $name")
        exitProcess(1)
    }

fun main(args: Array<String>) {
    val baseUrl = args.firstOrNull() ?: env("CALLVERIFY_BASE_URL")
    val timeout = env("CALLVERIFY_TIMEOUT_S", "30").toLong()
    // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on plain-http (sandbox) URLs.
    val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()

    Credentials(env("CALLVERIFY_APP_KEY"), env("CALLVERIFY_APP_SECRET")).use { credentials ->
        Client(baseUrl, credentials).use { client ->
            println("example: $client")
            val receiver = PushReceiver(credentials)
            receiver.server.start()
            try {
                // 1. Build and sign the request (validated in full before anything is sent).
                val code = generateVerifyCode(6)
                val request = client.callVerify(
                    CallVerifyRequest(
                        displayNbr = env("CALLVERIFY_DISPLAY", "+8675528000088"),
                        calleeNbr = env("CALLVERIFY_CALLEE", "+8618900000007"),
                        verifyCode = code,
                        preTone = "welcome.wav",
                        statusUrl = receiver.statusUrl,
                        feeUrl = receiver.feeUrl,
                        userData = "order-4711",
                    ),
                )
                // toString() of a request or header hides the X-AKSK digest.
                println("example: ${request.method} ${request.url} ${request.headers}")

                // 2. Send it with the JDK's HTTP client.
                val builder = HttpRequest.newBuilder(URI.create(request.url))
                    .timeout(Duration.ofSeconds(15))
                    .method(request.method, HttpRequest.BodyPublishers.ofString(request.body))
                request.headers.forEach { builder.header(it.name, it.value) }
                val response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray())

                // 3. Parse the answer: the session, or a typed error with the result code explained.
                val session = try {
                    parseCallVerifyResponse(response.statusCode(), response.body())
                } catch (e: CallVerifyException.Api) {
                    println("example: refused: HTTP ${e.httpStatus} result code ${e.resultCode} (${e.resultDesc})")
                    val retry = when (val r = e.retry) {
                        RetryAdvice.Never -> "never"
                        is RetryAdvice.AfterSeconds -> "after ${r.seconds} s"
                        RetryAdvice.ImmediatelyWithFreshSignature -> "at once, signed afresh"
                    }
                    e.entry?.let { println("example: category ${it.category.name.lowercase()}, retry $retry: ${it.descriptionEn} ${it.actionEn}") }
                    explain(e.resultCode, e.httpStatus)?.let { println("example: explain() agrees: ${it.category.name.lowercase()}") }
                    exitProcess(2)
                }
                println("example: verification code sent (${code.length} digits), session ${session.sessionId}")

                // 4. Wait for the pushes.
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout)
                val ok = receiver.disconnected.await(timeout, TimeUnit.SECONDS) &&
                    receiver.feeArrived.await(maxOf(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                if (!ok) {
                    println("example: timed out after $timeout s; events so far: ${receiver.events}")
                    exitProcess(1)
                }

                // 5. A captured push sent again is refused (its replay key was already seen).
                val (headers, body) = receiver.firstSigned ?: error("no signed push arrived")
                val replay = HttpRequest.newBuilder(URI.create(receiver.statusUrl))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                headers.filter { it.name.equals("Authorization", true) || it.name.equals("X-AKSK", true) || it.name.equals("Content-Type", true) }
                    .forEach { replay.header(it.name, it.value) }
                val replayStatus = http.send(replay.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
                println("example: replayed push answered HTTP $replayStatus")
                if (replayStatus != 409) exitProcess(1)

                println("example: done: events ${receiver.events}, hangup ${receiver.hangup}")
            } finally {
                receiver.server.stop(0)
                (receiver.server.executor as? java.util.concurrent.ExecutorService)?.shutdownNow()
                receiver.close()
            }
        }
    }
    exitProcess(0)
}
