package io.herald.webhook;

import java.net.URI;
import java.util.Set;

/**
 * One receiver: where deliveries go, the secret that signs them and which changes it wants. Immutable.
 *
 * @param url    an absolute {@code http} or {@code https} URL, never null
 * @param secret the HMAC key's text (UTF-8), never null or blank; never logged
 * @param hooks  the changes sent to it, never null (may be empty: nothing is sent)
 * @param label  how logs name it: {@code global} or {@code tenant}, with the URL's host and port only (a path or
 *               query may carry a credential of the receiver's)
 */
record Target(URI url, String secret, Set<Hook> hooks, String label) {

    @Override
    public String toString() {
        return label;
    }
}
