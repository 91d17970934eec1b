/**
 * The demo domain: the event types of the systems Herald replaces (face recognition, verification, alerts,
 * metrics, notifications, chat), as application records fired by an EJB. With {@code herald.demo.enabled=true} a
 * timer publishes one every two seconds to tenant {@code herald.demo.tenant}, feeding the demo page.
 */
package io.herald.demo;
