package io.herald.call;

import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * One {@link HeraldCall} method as found at deployment: its name, bean, Java method, where its context and data
 * parameters are, and its cache rule. Immutable.
 *
 * @param dataIndex    the data parameter's position, -1 when the method takes no data
 * @param contextIndex the {@link CallContext} parameter's position, -1 when it takes none
 * @param dataType     the data parameter's generic type, null when it takes no data
 * @param cacheFor     how long answers are cached, null when they are not
 */
record CallMethod(String name, Bean<?> bean, Method method, int dataIndex, int contextIndex, Type dataType,
                  Duration cacheFor, boolean cacheAcrossUsers) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** @throws IllegalArgumentException with the reason when the method cannot be bound */
    static CallMethod of(HeraldCall call, Bean<?> bean, Method method) {
        String where = method.getDeclaringClass().getName() + "." + method.getName();
        if (!NAME.matcher(call.value()).matches()) {
            throw new IllegalArgumentException("@HeraldCall on " + where + ": '" + call.value()
                    + "' is not a call name (1-128 letters, digits and . _ : -, starting with a letter or digit)");
        }
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException("@HeraldCall on " + where + ": the method must not be static");
        }
        int dataIndex = -1;
        int contextIndex = -1;
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == CallContext.class && contextIndex < 0) {
                contextIndex = i;
            } else if (dataIndex < 0) {
                dataIndex = i;
            } else {
                throw new IllegalArgumentException("@HeraldCall on " + where
                        + ": at most one parameter besides a CallContext (it receives the frame's data)");
            }
        }
        Duration cacheFor = null;
        if (!call.cacheFor().isEmpty()) {
            try {
                cacheFor = Duration.parse(call.cacheFor());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("@HeraldCall on " + where + ": cacheFor '" + call.cacheFor()
                        + "' is not an ISO-8601 duration such as PT30S");
            }
            if (cacheFor.isNegative() || cacheFor.isZero()) {
                throw new IllegalArgumentException("@HeraldCall on " + where + ": cacheFor must be positive");
            }
        }
        method.trySetAccessible(); // a public method of a class that is not public
        return new CallMethod(call.value(), bean, method, dataIndex, contextIndex,
                dataIndex < 0 ? null : method.getGenericParameterTypes()[dataIndex], cacheFor, call.cacheAcrossUsers());
    }

    /** @return the arguments of one invocation, in the method's order */
    Object[] arguments(CallContext context, Object data) {
        Object[] args = new Object[method.getParameterCount()];
        if (contextIndex >= 0) {
            args[contextIndex] = context;
        }
        if (dataIndex >= 0) {
            args[dataIndex] = data;
        }
        return args;
    }

    /** For logs: the bean class and method, never the data. */
    String where() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
