package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code herald.allowed-origins}: a browser's upgrade from a listed origin is accepted, from any other refused with
 * 403 and the contract's JSON body before its credential is looked at; an upgrade with no {@code Origin} (a native
 * client) is accepted.
 */
@ExtendWith(ArquillianExtension.class)
class OriginIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.allowed-origins", "https://app.example, http://localhost:8080/"));
    }

    @Test
    void aListedOriginOrNoneIsAcceptedAnyOtherGets403() throws Exception {
        String token = "access_token=" + Tokens.user("origins", "u");
        assertTrue(RawWebSocket.upgradeStatus(base, token, "Origin: https://app.example\r\n").contains(" 101"));
        assertTrue(RawWebSocket.upgradeStatus(base, token, "Origin: HTTP://LOCALHOST:8080\r\n").contains(" 101"),
                "compared case-insensitively, without the trailing slash");
        assertTrue(RawWebSocket.upgradeStatus(base, token, "").contains(" 101"), "no Origin: not a browser");

        String refused = RawWebSocket.upgradeAnswer(base, token, "Origin: https://evil.example\r\n");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertTrue(refused.contains("\"error\":\"forbidden\"") && refused.contains("https://evil.example"), refused);
        String refusedWithoutCredential = RawWebSocket.upgradeAnswer(base, "", "Origin: null\r\n");
        assertTrue(refusedWithoutCredential.startsWith("HTTP/1.1 403"), "origin first: " + refusedWithoutCredential);
    }
}
