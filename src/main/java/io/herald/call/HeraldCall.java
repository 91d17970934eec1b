package io.herald.call;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a method of a CDI bean to a name clients call with {@code {"action":"call","method":"<name>","data":…}}.
 * Found at deployment ({@link CallExtension}); two methods of one name, a method with more than one parameter besides
 * a {@link CallContext}, a static method or a bad name or {@code cacheFor} fail the deployment with the reason.
 * <p>
 * The method may declare a {@link CallContext} parameter (the caller's tenant and user, from its credential) and one
 * other parameter, which receives the frame's {@code data} bound with JSON-B; its return value, written with JSON-B,
 * is the reply's {@code data}. A {@link CallException} becomes an {@code error} frame with its code. The method runs on
 * Herald's call threads, under Herald's timeout and bulkhead; MicroProfile Fault Tolerance annotations on it
 * ({@code @CircuitBreaker}, {@code @Timeout}, {@code @Bulkhead}) are applied by the container, per method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HeraldCall {

    /** The name clients call: 1–128 letters, digits and {@code . _ : -}, starting with a letter or digit. */
    String value();

    /**
     * How long an answer is kept and given again to the same call without invoking the method, as an ISO-8601
     * duration ({@code "PT30S"}); empty (the default): not cached. The key is the caller's tenant, the method, the
     * canonical JSON of {@code data} and, unless {@link #cacheAcrossUsers}, the caller's user. Only answers are
     * cached, never errors.
     */
    String cacheFor() default "";

    /**
     * True: one cached answer serves every user of the tenant (the method's answer must not depend on the user).
     * Never across tenants.
     */
    boolean cacheAcrossUsers() default false;
}
