/**
 * The HTTP API's plumbing: the JAX-RS application at {@code /api/v1}, request authentication and role checks, and
 * the mapping of every failure to {@code {"error": code, "message": ...}} with its status. Resources live in their
 * own components ({@code publish}, {@code ops}, {@code access}).
 */
package io.herald.http;
