package io.herald.smoke;

/** {@code standalone-full.xml}, the full platform (adds JMS, IIOP). Ports offset by 400. */
class StockWildFlyFullSmokeIT extends StockWildFlySmoke {

    StockWildFlyFullSmokeIT() {
        super("standalone-full.xml", 400);
    }
}
