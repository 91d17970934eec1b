/**
 * The demo domain: the event types of the systems Herald replaces (face recognition, verification, alerts,
 * metrics, notifications, chat), as application records fired in a JTA transaction as business code fires them.
 * With {@code herald.demo.enabled=true} the feed publishes one every two seconds to tenant
 * {@code herald.demo.tenant}, feeding the demo page. Needs no EJB container.
 */
package io.herald.demo;
