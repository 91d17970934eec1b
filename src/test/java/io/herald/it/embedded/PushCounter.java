package io.herald.it.embedded;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the ajax requests the page's {@code <f:ajax event="face.registered">} sent: the server-side value it renders. */
@Named
@ApplicationScoped
public class PushCounter {

    private final AtomicInteger value = new AtomicInteger();

    public void increment() {
        value.incrementAndGet();
    }

    public int getValue() {
        return value.get();
    }
}
