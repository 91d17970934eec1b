package io.herald.rooms;

import io.herald.auth.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Decides whether a caller may join a room. A room whose name starts with {@code herald.rooms.private-prefix}
 * (default {@code private-}) is private; every other room is open. A caller may join a private room when one of its
 * {@link Caller#roomGrants() grants} matches it (an exact name, or a prefix ending in {@code *}: {@code private-team-*}
 * matches {@code private-team-7}; {@code *} alone every room), or else when any {@link RoomAuthorizer} bean answers
 * true. The grants are read first: a granted room costs no authorizer call.
 * <p>
 * Thread-safe: the authorizers are resolved once, at construction, into an immutable list (an {@code Instance}
 * iterated on every call would also make a new instance of a {@code @Dependent} bean each time, kept until the
 * application stops).
 */
@ApplicationScoped
public class RoomAccess {

    private static final System.Logger LOG = System.getLogger(RoomAccess.class.getName());

    @Inject
    @ConfigProperty(name = "herald.rooms.private-prefix", defaultValue = "private-")
    String privatePrefix;

    @Inject
    Instance<RoomAuthorizer> beans;

    private List<RoomAuthorizer> authorizers = List.of();

    /** For tests of the pure rule. */
    static RoomAccess of(String privatePrefix, List<RoomAuthorizer> authorizers) {
        RoomAccess access = new RoomAccess();
        access.privatePrefix = privatePrefix;
        access.authorizers = List.copyOf(authorizers);
        return access;
    }

    @PostConstruct
    void resolve() {
        authorizers = beans.stream().toList();
        if (!authorizers.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "private rooms ({0}*): {1} room authorizer(s): {2}", privatePrefix,
                    authorizers.size(), authorizers.stream().map(RoomAccess::name).toList());
        }
    }

    /** @return true when the room needs authorization; an empty prefix makes every room private */
    public boolean isPrivate(String room) {
        return room.startsWith(privatePrefix);
    }

    /**
     * @param caller never null
     * @param room   a valid room name, never null
     * @return true when the caller may join the room: it is open, granted, or allowed by an authorizer
     */
    public boolean mayJoin(Caller caller, String room) {
        if (!isPrivate(room) || granted(caller.roomGrants(), room)) {
            return true;
        }
        for (RoomAuthorizer authorizer : authorizers) {
            try {
                if (authorizer.mayJoin(caller, room)) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "room authorizer " + name(authorizer) + " failed for tenant "
                        + caller.tenant() + ", room " + room + " (counted as a refusal)", e);
            }
        }
        return false;
    }

    /** @return true when one of the grants names the room or is a prefix pattern ({@code ...*}) that matches it */
    static boolean granted(List<String> grants, String room) {
        for (String grant : grants) {
            if (grant.endsWith("*") ? room.startsWith(grant.substring(0, grant.length() - 1)) : grant.equals(room)) {
                return true;
            }
        }
        return false;
    }

    /** @return the authorizer's class, without the container's proxy suffix ({@code Foo$Proxy$_$$_WeldClientProxy}) */
    private static String name(RoomAuthorizer authorizer) {
        String name = authorizer.getClass().getName();
        int proxy = name.indexOf("$Proxy$");
        return proxy > 0 ? name.substring(0, proxy) : name;
    }

    /** @return why a room was refused, for the {@code forbidden} error and the 403 */
    public static String refusal(String room) {
        return "room " + room + " is private and this caller may not join it (no room grant matches, no authorizer allows it)";
    }
}
