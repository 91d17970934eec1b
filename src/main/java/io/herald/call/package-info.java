/**
 * Calls into application beans: the {@code call} action's {@link io.herald.call.HeraldCall} methods, found at
 * deployment by {@link io.herald.call.CallExtension}, run by {@link io.herald.call.Calls} on Herald's own call
 * threads under its timeout and bulkhead, with the container's Fault Tolerance interceptors around the application's
 * method, and an optional per-method response cache. Owns the call threads and the caches; knows no connection or
 * session: the socket boundary hands it the caller ({@link io.herald.call.CallContext}) and sends the answer.
 */
package io.herald.call;
