/**
 * Room authorization: which rooms a caller may join. Rooms whose name starts with {@code herald.rooms.private-prefix}
 * ({@code private-}) are private: a caller may join one when its credential grants it ({@link io.herald.auth.Caller#roomGrants()})
 * or when an application's {@link io.herald.rooms.RoomAuthorizer} allows it; every other room is open to every user
 * of the tenant. Owns that rule only: it depends on {@code auth} for the caller and knows nothing of sessions,
 * membership or delivery (the WebSocket boundary asks it before a join, the registry carries the join out).
 */
package io.herald.rooms;
