package io.herald.smoke;

/** {@code standalone.xml}, the default configuration (web profile, EJB, JTA). Ports offset by 300. */
class StockWildFlySmokeIT extends StockWildFlySmoke {

    StockWildFlySmokeIT() {
        super("standalone.xml", 300);
    }
}
