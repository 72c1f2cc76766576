// JMH benchmark of the Kotlin binding (io.callverify:callverify, release library inside the JAR)
// against plain Kotlin doing the same work (Plain.kt: javax.crypto.Mac, hand validation, string
// building, regex push parsing), in the same run. Run with bindings-mobile/bench.sh.
package io.callverify.bench;

import io.callverify.CallverifyKt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class BindingBench {
    private Fixture f;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture();   // checks that both sides give the same results
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    // build + sign + validate a callVerify request: fixed time and nonce (binding: client.callVerifyAt),
    // and with the clock and a fresh random nonce (binding: client.callVerify(request))
    @Benchmark public Object callVerifyBinding() { return f.bindingCallVerify(); }
    @Benchmark public Object callVerifyPlain() { return f.plainCallVerify(); }
    @Benchmark public Object callVerifyFreshBinding() { return f.bindingCallVerifyFresh(); }
    @Benchmark public Object callVerifyFreshPlain() { return f.plainCallVerifyFresh(); }

    // verify a status push's Authorization and X-AKSK headers (binding: a PushVerifier built once, verifyAt)
    @Benchmark public Object verifyPushBinding() { return f.bindingVerifyPush(); }
    @Benchmark public Object verifyPushPlain() { return f.plainVerifyPush(); }

    // parse a status push and a fee batch of 3 records
    @Benchmark public Object parsePushStatusBinding() throws Exception { return CallverifyKt.parsePush(f.getStatus()); }
    @Benchmark public Object parsePushStatusPlain() { return PlainKt.plainParsePush(f.getStatus()); }
    @Benchmark public Object parsePushFeeBinding() throws Exception { return CallverifyKt.parsePush(f.getFee()); }
    @Benchmark public Object parsePushFeePlain() { return PlainKt.plainParsePush(f.getFee()); }

    // one crossing each: a string result (call + free), an object method returning an Int64 (clone handle + call)
    @Benchmark public Object crossingVersion() { return CallverifyKt.version(); }
    @Benchmark public long crossingObjectMethod() { return f.getClient().createdOffsetSeconds(); }
}
