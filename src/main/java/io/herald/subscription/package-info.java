/**
 * Event-type subscriptions: which event types a session wants, with trailing-{@code *} prefix patterns.
 * Pure logic with no dependency on any other component.
 */
package io.herald.subscription;
