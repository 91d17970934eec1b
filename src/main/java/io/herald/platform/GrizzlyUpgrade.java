package io.herald.platform;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;

/**
 * Payara (Grizzly) only: takes the {@code access_token} out of Grizzly's own record of an upgrade request. Grizzly
 * caches the query string it hands to {@code getQueryString()} in the request's query chunk, and an upgraded
 * connection keeps its request for its whole life: without this, every idle connection holds a copy of its bearer
 * token, a credential, ~600 characters (found in heap dumps: {@code ByteChunk.cachedString} of
 * {@code HttpRequestPacket.queryC}).
 * <p>
 * Payara's request classes are not an API Herald compiles against, so their public methods
 * ({@code RequestFacade.getUnwrappedCoyoteRequest()}, {@code Request.getCoyoteRequest()},
 * {@code Request.getRequest()}, {@code HttpRequestPacket.getQueryStringDC()}, {@code DataChunk.setString}) are looked
 * up once, by name, with the request's own class loader. Where they are missing (another server, another Payara)
 * nothing is changed and the handshake goes on as before: the copy stays, nothing else is lost. Thread-safe.
 */
final class GrizzlyUpgrade {

    private static final System.Logger LOG = System.getLogger(GrizzlyUpgrade.class.getName());
    private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

    /** The resolved methods; null until the first Payara request, {@link Path#NONE} where they cannot be found. */
    private static volatile Path path;

    private GrizzlyUpgrade() {
    }

    /**
     * Makes the container's request show {@code queryWithoutToken} as its query string. Call on the request's own
     * thread, before the upgrade, after the token has been read; does nothing off Payara.
     */
    static void forgetToken(ServletRequest request, String queryWithoutToken) {
        ServletRequest base = request;
        while (base instanceof ServletRequestWrapper wrapper) {
            base = wrapper.getRequest();
        }
        if (!isFacade(base.getClass())) {
            return;
        }
        Path p = path;
        if (p == null) {
            path = p = Path.resolve(base.getClass());
        }
        if (p == Path.NONE) {
            return;
        }
        try {
            Object packet = p.packet.invoke(p.coyote.invoke(p.unwrap.invoke(base)));
            Object query = p.queryChunk.invoke(packet);
            if (queryWithoutToken == null) {
                p.recycle.invoke(query);
            } else {
                p.setString.invoke(query, queryWithoutToken);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            path = Path.NONE;
            LOG.log(System.Logger.Level.INFO, "Payara''s request could not be rid of the access token; "
                    + "idle connections keep a copy of it: {0}", e.toString());
        }
    }

    private static boolean isFacade(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (FACADE.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private record Path(Method unwrap, Method coyote, Method packet, Method queryChunk, Method setString, Method recycle) {

        static final Path NONE = new Path(null, null, null, null, null, null);

        static Path resolve(Class<?> facadeType) {
            try {
                ClassLoader loader = facadeType.getClassLoader();
                Method unwrap = type(FACADE, loader).getMethod("getUnwrappedCoyoteRequest");
                Method coyote = unwrap.getReturnType().getMethod("getCoyoteRequest");
                Method packet = coyote.getReturnType().getMethod("getRequest");
                Method queryChunk = packet.getReturnType().getMethod("getQueryStringDC");
                Class<?> chunk = queryChunk.getReturnType();
                return new Path(unwrap, coyote, packet, queryChunk, chunk.getMethod("setString", String.class), chunk.getMethod("recycle"));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.INFO, "not Payara''s Grizzly request as expected ({0}); "
                        + "idle connections keep a copy of their access token", e.toString());
                return NONE;
            }
        }

        private static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
