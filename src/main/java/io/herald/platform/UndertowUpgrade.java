package io.herald.platform;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Undertow (WildFly) only: takes the {@code access_token} out of Undertow's own record of an upgrade request.
 * Undertow decodes the query string into its exchange while parsing the request line, before any filter runs, and a
 * WebSocket session keeps that exchange for its whole life: without this, every idle connection holds copies of its
 * bearer token, a credential, ~600 characters each, found in any heap dump.
 * <p>
 * Undertow's request parser also keeps the longest piece it decoded, the token, in a reusable buffer of the
 * connection's read listener ({@code HttpServerConnection.readListener.state}: {@code ParseState.stringBuilder} in
 * Undertow 2.3, {@code RequestState.parsedData} later), 1,150 bytes per connection. No method reaches it, so its
 * {@code StringBuilder} fields are found by type, emptied and trimmed; the parser empties them anyway before the next
 * request it reads, and an upgraded connection reads none. Where the fields are not as expected nothing is changed
 * (logged once).
 * <p>
 * Loaded only where Undertow's servlet classes are visible ({@link #AVAILABLE}); elsewhere nothing here is touched.
 * Thread-safe: the request's own thread is the only one touching its parser state while the request runs.
 */
final class UndertowUpgrade {

    private static final System.Logger LOG = System.getLogger(UndertowUpgrade.class.getName());

    /**
     * The parser-state fields: the connection's read listener, its state, then the state's StringBuilder fields;
     * resolved on first use, an empty array where they are not as expected.
     */
    private static volatile Field[] parserPath;

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
        exchange.getQueryParameters().remove(ServerPlatform.TOKEN_PARAMETER);
        emptyParserBuffers(exchange.getConnection());
    }

    private static void emptyParserBuffers(Object connection) {
        Field[] path = parserPath;
        if (path == null) {
            parserPath = path = resolveParserPath(connection.getClass());
        }
        if (path.length == 0) {
            return;
        }
        try {
            Object state = path[1].get(path[0].get(connection));
            if (state == null) {
                return;
            }
            for (int i = 2; i < path.length; i++) {
                StringBuilder buffer = (StringBuilder) path[i].get(state);
                buffer.setLength(0);
                buffer.trimToSize();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            parserPath = new Field[0];
            LOG.log(System.Logger.Level.INFO, "Undertow''s request parser buffer keeps a copy of the access token: {0}", e.toString());
        }
    }

    /** @return readListener, state, then the state's StringBuilder fields; empty when the classes differ */
    private static Field[] resolveParserPath(Class<?> connectionType) {
        try {
            Field listener = connectionType.getDeclaredField("readListener");
            listener.setAccessible(true);
            Field state = listener.getType().getDeclaredField("state");
            state.setAccessible(true);
            List<Field> path = new ArrayList<>(List.of(listener, state));
            for (Field f : state.getType().getDeclaredFields()) {
                if (f.getType() == StringBuilder.class && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    path.add(f);
                }
            }
            return path.size() > 2 ? path.toArray(Field[]::new) : new Field[0];
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "not Undertow''s request parser as expected ({0}); "
                    + "idle connections keep a copy of their access token", e.toString());
            return new Field[0];
        }
    }

    private static boolean present(String className) {
        return ServerPlatform.present(className, UndertowUpgrade.class);
    }
}
