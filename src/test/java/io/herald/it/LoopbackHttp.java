package io.herald.it;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** A started JDK HTTP server on 127.0.0.1 (a free port) for the receivers tests run (webhooks, OTLP). */
final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** @return the server, started, serving {@code path} with {@code handler} on {@code threads} daemon threads */
    static HttpServer start(String path, HttpHandler handler, String threadName, int threads) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            s.createContext(path, handler);
            s.setExecutor(Executors.newFixedThreadPool(threads, t -> {
                Thread th = new Thread(t, threadName);
                th.setDaemon(true);
                return th;
            }));
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
