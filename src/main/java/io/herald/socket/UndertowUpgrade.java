package io.herald.socket;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;

/**
 * Undertow (WildFly) only: takes the {@code access_token} out of Undertow's own record of an upgrade request.
 * Undertow decodes the query string into its exchange while parsing the request line, before any filter runs, and a
 * WebSocket session keeps that exchange for its whole life: without this, every idle connection holds copies of its
 * bearer token, a credential, ~600 characters each, found in any heap dump.
 * <p>
 * Loaded only where Undertow's servlet classes are visible ({@link #AVAILABLE}); elsewhere nothing here is touched.
 * Stateless, thread-safe.
 */
final class UndertowUpgrade {

    /** True when this deployment runs on Undertow (WildFly gives every web deployment its core and servlet modules). */
    static final boolean AVAILABLE = present("io.undertow.servlet.handlers.ServletRequestContext");

    private UndertowUpgrade() {
    }

    /**
     * Makes the current request's exchange show {@code queryWithoutToken} and no {@code access_token} parameter.
     * Call on the request's own thread, before the upgrade; does nothing off Undertow or outside a request.
     */
    static void forgetToken(String queryWithoutToken) {
        if (!AVAILABLE) {
            return;
        }
        ServletRequestContext context = ServletRequestContext.current();
        if (context == null) {
            return;
        }
        HttpServerExchange exchange = context.getExchange();
        exchange.setQueryString(queryWithoutToken == null ? "" : queryWithoutToken);
        exchange.getQueryParameters().remove(UpgradeFilter.VerifiedUpgrade.TOKEN);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, UndertowUpgrade.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
