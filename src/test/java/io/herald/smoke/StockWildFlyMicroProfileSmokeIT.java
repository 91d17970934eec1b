package io.herald.smoke;

/**
 * {@code standalone-microprofile.xml}: MicroProfile and no EJB container, which herald.war must not need.
 * Ports offset by 500.
 */
class StockWildFlyMicroProfileSmokeIT extends StockWildFlySmoke {

    StockWildFlyMicroProfileSmokeIT() {
        super("standalone-microprofile.xml", 500);
    }
}
