/**
 * The container's managed threads ({@link io.herald.concurrency.ContainerThreads}), for the components that run work
 * of their own; imports no Herald component.
 */
package io.herald.concurrency;
