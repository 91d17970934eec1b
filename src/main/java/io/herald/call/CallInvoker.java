package io.herald.call;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.reflect.InvocationTargetException;

/**
 * Invokes one {@link CallMethod} on a contextual reference of its bean, so that the bean's interceptors run (the
 * container's Fault Tolerance ones among them), inside a request context of its own (a call comes on a thread that
 * has none; request-scoped beans then work as in a JAX-RS request). A {@code @Dependent} bean is made for the call and
 * destroyed after it. Thread-safe; runs on Herald's call threads.
 */
@ApplicationScoped
public class CallInvoker {

    @Inject
    BeanManager beans;

    /**
     * @return what the method returned (null for void)
     * @throws Throwable what the method (or an interceptor) threw, unwrapped
     */
    @ActivateRequestContext
    public Object invoke(CallMethod call, Object[] args) throws Throwable {
        Bean<?> bean = call.bean();
        CreationalContext<?> context = beans.createCreationalContext(bean);
        try {
            Object reference = beans.getReference(bean, bean.getBeanClass(), context);
            return call.method().invoke(reference, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            context.release();
        }
    }
}
