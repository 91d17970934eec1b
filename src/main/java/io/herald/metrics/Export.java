package io.herald.metrics;

import java.util.List;

/** Where series go besides Herald's own list: a server's metrics registry. Called off the hot path only. */
interface Export {

    /** Registers series whose values are read at scrape time. */
    void register(List<Series> series);

    /** Unregisters everything this export registered (the application stops). */
    void close();
}
