package io.herald.call;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@link HeraldCall} methods of the deployment's managed beans (and session beans) while the container
 * discovers them, and fails the deployment for a method that cannot be bound or a name bound twice. Registered in
 * {@code META-INF/services}; the container makes it an application-scoped bean, so {@link Calls} injects it.
 * Written during discovery only (one thread per the CDI spec, a concurrent map anyway); read afterwards.
 */
public class CallExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(CallExtension.class.getName());

    private final Map<String, CallMethod> methods = new ConcurrentHashMap<>();

    <T> void found(@Observes ProcessManagedBean<T> event) {
        for (AnnotatedMethod<? super T> m : event.getAnnotatedBeanClass().getMethods()) {
            HeraldCall call = m.getAnnotation(HeraldCall.class);
            if (call == null) {
                continue;
            }
            try {
                CallMethod method = CallMethod.of(call, event.getBean(), m.getJavaMember());
                CallMethod other = methods.putIfAbsent(method.name(), method);
                if (other != null) {
                    event.addDefinitionError(new IllegalArgumentException("@HeraldCall(\"" + method.name()
                            + "\") is on both " + other.where() + " and " + method.where()));
                } else {
                    LOG.log(System.Logger.Level.INFO, "call method {0} bound to {1}", method.name(), method.where());
                }
            } catch (IllegalArgumentException e) {
                event.addDefinitionError(e);
            }
        }
    }

    /** @return the method bound to this name, or null */
    CallMethod method(String name) {
        return methods.get(name);
    }
}
