// callverify from Java: send a voice verification code with java.net.http.HttpClient, then receive,
// verify and parse the platform's status and fee pushes with the JDK's HttpServer.
// The same program as examples/kotlin/SendVerifyCode.kt, written as a Java user would, through the
// static methods and builders of io.callverify.CallVerify (Java sees no Kotlin default arguments).
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
// Build and run: see examples/jvm/pom.xml and scripts/e2e-jvm.sh.
package example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callverify.CallVerify;
import io.callverify.CallVerifyException;
import io.callverify.Client;
import io.callverify.Credentials;
import io.callverify.PushVerifier;
import io.callverify.core.CallVerifyRequest;
import io.callverify.core.CallVerifyResponse;
import io.callverify.core.FeeRecord;
import io.callverify.core.HangupCause;
import io.callverify.core.HttpHeader;
import io.callverify.core.Push;
import io.callverify.core.PushVerification;
import io.callverify.core.ResultCodeEntry;
import io.callverify.core.RetryAdvice;
import io.callverify.core.StatusEvent;
import io.callverify.core.StatusEventType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

public final class SendVerifyCodeJava {
    /** Replay keys seen recently (one process; with several receivers use a shared store such as Redis). */
    static final class ReplayCache {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();

        /** True the first time a key is seen within its lifetime, false for a replay. */
        boolean firstTime(String key, long rememberForSeconds) {
            long now = System.currentTimeMillis();
            seen.entrySet().removeIf(e -> e.getValue() < now);
            return seen.putIfAbsent(key, now + rememberForSeconds * 1000) == null;
        }
    }

    /** Receives status and fee pushes: verify the signature, refuse replays, then parse. */
    static final class PushReceiver implements AutoCloseable {
        final HttpServer server;
        final String statusUrl;
        final String feeUrl;
        final CountDownLatch disconnected = new CountDownLatch(1);
        final CountDownLatch feeArrived = new CountDownLatch(1);
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        private final PushVerifier statusVerifier;
        private final PushVerifier feeVerifier;
        private final ReplayCache replays = new ReplayCache();
        volatile List<HttpHeader> firstSignedHeaders;
        volatile byte[] firstSignedBody;
        volatile String hangup;

        PushReceiver(Credentials credentials) throws IOException, CallVerifyException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            statusUrl = base + "/callverify/status";
            feeUrl = base + "/callverify/fee";
            // One verifier per push URL, built once and shared by the server's threads. The URL is
            // the one configured in the request, never rebuilt from the incoming request (proxies
            // change scheme, host and port). Default options: Created in UTC or Beijing time, 300 s.
            statusVerifier = CallVerify.pushVerifier(credentials, statusUrl);
            feeVerifier = CallVerify.pushVerifier(credentials, feeUrl);
            server.createContext("/callverify/status", ex -> handle(ex, statusVerifier));
            server.createContext("/callverify/fee", ex -> handle(ex, feeVerifier));
            server.setExecutor(Executors.newFixedThreadPool(4));
        }

        @Override
        public void close() {
            statusVerifier.close();
            feeVerifier.close();
        }

        private void handle(HttpExchange ex, PushVerifier verifier) throws IOException {
            try (ex) {
                List<HttpHeader> headers = CallVerify.headers(ex.getRequestHeaders());
                byte[] body = ex.getRequestBody().readAllBytes();
                PushVerification verification;
                try {
                    verification = verifier.verify(headers);
                } catch (CallVerifyException e) {
                    System.out.println("receiver: refused a push (" + e.errorCode().asStr() + "): " + e.getMessage());
                    respond(ex, 401);
                    return;
                }
                if (verification instanceof PushVerification.Verified verified) {
                    if (!replays.firstTime(verified.getReplayKey(), verified.getRememberForSeconds())) {
                        System.out.println("receiver: refused a replayed push (" + verified.getReplayKey() + ")");
                        respond(ex, 409);
                        return;
                    }
                    if (firstSignedHeaders == null) {
                        firstSignedBody = body;
                        firstSignedHeaders = headers;
                    }
                }
                Push push;
                try {
                    push = CallVerify.parsePush(body);
                } catch (CallVerifyException.Parse e) {
                    System.out.println("receiver: could not parse a push (" + e.getCode().asStr() + ", field " + e.getField() + ")");
                    respond(ex, 400);
                    return;
                } catch (CallVerifyException e) {
                    System.out.println("receiver: could not parse a push (" + e.errorCode().asStr() + ")");
                    respond(ex, 400);
                    return;
                }
                respond(ex, 200);
                if (push instanceof Push.Status status) {
                    StatusEvent e = status.getEvent();
                    String type = e.getEventType().name().toLowerCase(Locale.ROOT);
                    System.out.println("receiver: " + type + " session=" + e.getSessionId() + " at " + e.getTimestamp().getText());
                    events.add(type);
                    if (e.getEventType() == StatusEventType.DISCONNECT) {
                        HangupCause cause = e.hangupCause();
                        hangup = cause != null
                            ? e.getStateCode() + " " + cause.getCategory().name().toLowerCase(Locale.ROOT)
                                + " (" + cause.getMeaningEn() + ")"
                            : e.getStateCode() + " (not in the hangup table)";
                        System.out.println("receiver: hangup cause " + hangup);
                        disconnected.countDown();
                    }
                } else if (push instanceof Push.Fee fee) {
                    for (FeeRecord r : fee.getBatch().getRecords()) {
                        System.out.println("receiver: fee record " + r.dedupeKey()
                            + " answered=" + (r.getCallOutAnswerTime() == null ? null : r.getCallOutAnswerTime().getText())
                            + " ended=" + (r.getCallEndTime() == null ? null : r.getCallEndTime().getText()));
                    }
                    events.add("fee");
                    feeArrived.countDown();
                } else if (push instanceof Push.CollectInfo collect) {
                    System.out.println("receiver: digits " + collect.getEvent().getDigitInfo() + " session=" + collect.getEvent().getSessionId());
                } else if (push instanceof Push.Unknown unknown) {
                    System.out.println("receiver: unknown push " + unknown.getPush().getEventType() + ": " + unknown.getPush().getRawJson());
                }
            }
        }

        private static void respond(HttpExchange ex, int status) throws IOException {
            byte[] reply = ("{\"resultcode\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            ex.sendResponseHeaders(status, reply.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    /** Whether and when to retry, in words. */
    private static String retry(RetryAdvice advice) {
        if (advice instanceof RetryAdvice.AfterSeconds after) return "after " + after.getSeconds() + " s";
        if (advice instanceof RetryAdvice.ImmediatelyWithFreshSignature) return "at once, signed afresh";
        return "never";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value != null && !value.isEmpty()) return value;
        if (fallback != null) return fallback;
        System.err.println("set " + name);
        System.exit(1);
        return null;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args.length > 0 ? args[0] : env("CALLVERIFY_BASE_URL", null);
        long timeout = Long.parseLong(env("CALLVERIFY_TIMEOUT_S", "30"));
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on plain-http (sandbox) URLs.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

        int exit;
        try (Credentials credentials = new Credentials(env("CALLVERIFY_APP_KEY", null), env("CALLVERIFY_APP_SECRET", null));
             Client client = CallVerify.client(baseUrl, credentials)) {
            System.out.println("example: " + client);
            try (PushReceiver receiver = new PushReceiver(credentials)) {
                receiver.server.start();
                try {
                    exit = run(http, client, receiver, timeout);
                } finally {
                    receiver.server.stop(0);
                    ((ExecutorService) receiver.server.getExecutor()).shutdownNow();
                }
            }
        } catch (CallVerifyException.Validation e) {
            System.out.println("example: invalid request: " + e.getReason());
            exit = 1;
        }
        System.exit(exit);
    }

    private static int run(HttpClient http, Client client, PushReceiver receiver, long timeout) throws Exception {
        // 1. Build and sign the request (validated in full before anything is sent).
        String code = CallVerify.generateVerifyCode();
        CallVerifyRequest callVerify = CallVerify.request(
                env("CALLVERIFY_DISPLAY", "+8675528000088"), env("CALLVERIFY_CALLEE", "+8618900000007"), code, "welcome.wav")
            .statusUrl(receiver.statusUrl)
            .feeUrl(receiver.feeUrl)
            .userData("order-4711")
            .build();
        // System clock and a fresh random nonce (CallVerify.callVerifyAt takes both explicitly).
        io.callverify.core.HttpRequest request = CallVerify.callVerify(client, callVerify);
        // toString() of a request or header hides the X-AKSK digest.
        System.out.println("example: " + request.getMethod() + " " + request.getUrl() + " " + request.getHeaders());

        // 2. Send it with the JDK's HTTP client.
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.getUrl()))
            .timeout(Duration.ofSeconds(15))
            .method(request.getMethod(), HttpRequest.BodyPublishers.ofString(request.getBody()));
        for (HttpHeader h : request.getHeaders()) builder.header(h.getName(), h.getValue());
        HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());

        // 3. Parse the answer: the session, or a typed error with the result code explained.
        CallVerifyResponse session;
        try {
            session = CallVerify.parseCallVerifyResponse(response.statusCode(), response.body());
        } catch (CallVerifyException.Api e) {
            System.out.println("example: refused: HTTP " + e.getHttpStatus() + " result code " + e.getResultCode() + " (" + e.getResultDesc() + ")");
            ResultCodeEntry entry = e.getEntry();
            if (entry != null) {
                System.out.println("example: category " + entry.getCategory().name().toLowerCase(Locale.ROOT) + ", retry " + retry(e.getRetry())
                    + ": " + entry.getDescriptionEn() + " " + entry.getActionEn());
            }
            ResultCodeEntry explained = CallVerify.explain(e.getResultCode(), e.getHttpStatus());
            if (explained != null) System.out.println("example: explain() agrees: " + explained.getCategory().name().toLowerCase(Locale.ROOT));
            return 2;
        }
        System.out.println("example: verification code sent (" + code.length() + " digits), session " + session.getSessionId());

        // 4. Wait for the pushes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        boolean ok = receiver.disconnected.await(timeout, TimeUnit.SECONDS)
            && receiver.feeArrived.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!ok) {
            System.out.println("example: timed out after " + timeout + " s; events so far: " + receiver.events);
            return 1;
        }

        // 5. A captured push sent again is refused (its replay key was already seen).
        if (receiver.firstSignedHeaders == null) {
            System.out.println("example: no signed push arrived");
            return 1;
        }
        HttpRequest.Builder replay = HttpRequest.newBuilder(URI.create(receiver.statusUrl))
            .POST(HttpRequest.BodyPublishers.ofByteArray(receiver.firstSignedBody));
        for (HttpHeader h : receiver.firstSignedHeaders) {
            String name = h.getName();
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("X-AKSK") || name.equalsIgnoreCase("Content-Type")) {
                replay.header(name, h.getValue());
            }
        }
        int replayStatus = http.send(replay.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        System.out.println("example: replayed push answered HTTP " + replayStatus);
        if (replayStatus != 409) return 1;

        System.out.println("example: done: events " + receiver.events + ", hangup " + receiver.hangup);
        return 0;
    }
}
