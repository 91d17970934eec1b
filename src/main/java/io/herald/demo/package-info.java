/**
 * The demo domain: the event types of the systems Herald replaces (face recognition, verification, alerts,
 * metrics, notifications, clinic chat), as application records fired in a JTA transaction as business code fires
 * them, and the little application state the pages in {@code /pages/} need: a notification inbox ({@code Inbox}) and
 * the clinic's conversations ({@code Conversations}), both bounded and in memory, reached through {@code @HeraldCall}
 * methods ({@code InboxCalls}, {@code ChatCalls}) and a client-event observer ({@code ReadReceipts}). With
 * {@code herald.demo.enabled=true} ({@code DemoSettings}) the feed publishes a tick every two seconds to tenant
 * {@code herald.demo.tenant} and the calls answer; off, there is no feed and every call answers {@code not_found}.
 * The JSF page's board ({@code FaceBoard}, {@code FacePage}) reads the latest {@code face.registered} events of a
 * tenant from the event log, in dev mode only. Needs no EJB container. Imports {@code publish} (events), {@code call}
 * and {@code emit} (their APIs) and {@code log} (reading, never appending) only.
 */
package io.herald.demo;
