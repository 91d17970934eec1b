/**
 * Server specifics: Undertow's I/O threads and the copies of an upgrade's token that Undertow and Grizzly keep,
 * behind {@link io.herald.platform.ServerPlatform}, chosen at run time. The only package that imports a server's
 * classes ({@code io.undertow.*}) or reaches them by reflection (Payara's Grizzly request); depends on nothing above
 * it.
 */
package io.herald.platform;
