package io.herald.socket;

import io.herald.auth.Caller;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionQuotaTest {

    private static Caller caller(String tenant, String user) {
        return new Caller(tenant, user, Set.of(), Instant.MAX);
    }

    @Test
    void aUserAndATenantGetTheirQuotaAndASlotIsGivenBackOnce() {
        ConnectionQuota quota = ConnectionQuota.of(2, 3);
        ConnectionQuota.Slot a1 = quota.reserve(caller("t", "a"));
        assertNotNull(quota.reserve(caller("t", "a")));
        assertNull(quota.reserve(caller("t", "a")), "the user's quota");
        assertTrue(quota.refusal(caller("t", "a")).contains("per user"));
        assertNotNull(quota.reserve(caller("t", "b")));
        assertNull(quota.reserve(caller("t", "c")), "the tenant's quota");
        assertTrue(quota.refusal(caller("t", "c")).contains("per tenant"));
        assertEquals(0, quota.ofUser(caller("t", "c")), "a refused tenant slot gives the user's back");
        assertNotNull(quota.reserve(caller("u", "a")), "another tenant is apart");
        a1.release();
        a1.release();
        assertNotNull(quota.reserve(caller("t", "c")), "released once");
        assertNull(quota.reserve(caller("t", "d")), "and only once");
    }

    @Test
    void concurrentUpgradesNeverPassTheLimit() throws Exception {
        ConnectionQuota quota = ConnectionQuota.of(50, 0);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    if (quota.reserve(caller("t", "same")) != null) {
                        granted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(50, granted.get());
        assertEquals(50, quota.ofUser(caller("t", "same")));
    }
}
