/**
 * Operations: statistics, health checks and the drain on shutdown, read-only views of the other components (the admin
 * page and its feed are {@code io.herald.admin}'s).
 */
package io.herald.ops;
