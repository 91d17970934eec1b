package io.herald.it.embedded;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * The test application's own login (EmbeddedFacesIT): Jakarta Security's custom-form mechanism, so that a login
 * ({@link LoginServlet}) is kept in the HTTP session and every later request of that session, the WebSocket upgrade
 * too, carries the principal. No page is protected: the same JSF page is open to anyone, and only a logged-in
 * user's socket connects.
 */
@CustomFormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(loginPage = "/login", useForwardToLogin = false))
@ApplicationScoped
public class EmbeddingApp {
}
