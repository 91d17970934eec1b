package io.herald.it;

import io.herald.call.CallContext;
import io.herald.call.CallException;
import io.herald.call.HeraldCall;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only, deployed into herald.war by {@link CallIT}: an application bean with {@link HeraldCall} methods, as an
 * application would write them. Counters are static (one deployment per test class) and come back in the answers, so
 * the test sees from outside how often a method really ran.
 */
public final class CallProbe {

    static final AtomicInteger FLAKY = new AtomicInteger();
    static final AtomicInteger CACHED = new AtomicInteger();

    /** The circuit's delay (ms): how long it stays open. */
    static final int OPEN_FOR_MS = 2000;

    private CallProbe() {
    }

    public record Echo(String text) {
    }

    public record Seen(String tenant, String user, String text) {
    }

    public record Flake(boolean fail) {
    }

    @ApplicationScoped
    public static class Methods {

        /** Answers with who called (from the credential) and what it sent; its own circuit stays closed. */
        @HeraldCall("probe.whoami")
        @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = OPEN_FOR_MS, successThreshold = 1)
        public Seen whoami(CallContext caller, Echo echo) {
            return new Seen(caller.tenant(), caller.user(), echo == null ? null : echo.text());
        }

        @HeraldCall("probe.refuse")
        public String refuse() {
            throw new CallException("out_of_stock", "nothing left of that");
        }

        @HeraldCall("probe.crash")
        public String crash(CallContext caller) {
            throw new IllegalStateException("a bug in the application");
        }

        /** Hangs until interrupted (Herald interrupts it at its timeout). */
        @HeraldCall("probe.hang")
        public String hang() throws InterruptedException {
            Thread.sleep(60_000);
            return "late";
        }

        /** @return how many times it ran, when it does not fail */
        @HeraldCall("probe.flaky")
        @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = OPEN_FOR_MS, successThreshold = 1)
        public int flaky(Flake flake) {
            int n = FLAKY.incrementAndGet();
            if (flake.fail()) {
                throw new CallException("flaked", "failed as asked");
            }
            return n;
        }

        /** @return how many times it ran: the same number again means the answer came from the cache */
        @HeraldCall(value = "probe.cached", cacheFor = "PT60S")
        public int cached(CallContext caller, Map<String, Object> query) {
            return CACHED.incrementAndGet();
        }
    }
}
