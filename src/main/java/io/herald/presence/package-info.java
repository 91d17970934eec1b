/**
 * Presence: which users are members of a room (a device count and small metadata each) and which users of a tenant
 * are online, told to clients only on a real change ({@code presence} frames to the room's members, {@code
 * user:status} frames to the sessions that subscribed to that type) and to the application as asynchronous CDI
 * events ({@link io.herald.presence.MemberJoined}, {@link io.herald.presence.MemberLeft},
 * {@link io.herald.presence.UserOnline}, {@link io.herald.presence.UserOffline}).
 * <p>
 * The state is behind {@link io.herald.presence.Presence}; {@link io.herald.presence.LocalPresence} is the single-node
 * implementation, {@link io.herald.presence.SharedPresence} the cluster-wide one, over the seam a backend implements
 * ({@link io.herald.presence.MemberTable}: {@code cluster.RedisMemberTable}, {@code cluster.HazelcastMemberTable}). Which one runs is {@code cluster}'s
 * choice ({@code herald.cluster}); this component never imports {@code cluster}. {@link io.herald.presence.RoomPresence} feeds it
 * from the registry's membership changes ({@link io.herald.tenant.MembershipListener}: every join, leave, open and
 * close, evictions included), {@link io.herald.presence.Announcer} turns its changes into frames (through delivery's
 * {@code Dispatcher.broadcast}) and CDI events. Presence frames are not events: no id, not in the log, never replayed.
 * This component keeps no reference to a session; it knows connections by their ids.
 */
package io.herald.presence;
