package io.herald.ops;

import io.herald.delivery.Drain;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Drains the sessions when the application stops (undeploy, or the server's shutdown on SIGTERM). */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    Drain drain;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        drain.drain();
    }
}
