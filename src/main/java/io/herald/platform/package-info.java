/**
 * Server specifics: Undertow's I/O threads, the copies of an upgrade's token that Undertow and Grizzly keep, and the
 * client frame limit Tyrus does not keep, behind {@link io.herald.platform.ServerPlatform}, chosen at run time. The
 * only package that imports a server's classes ({@code io.undertow.*}) or reaches them by reflection or by name
 * (Payara's Grizzly request, Tyrus's upgrade handler); depends on nothing above it.
 */
package io.herald.platform;
