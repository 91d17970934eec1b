package io.herald.it.embedded;

import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code POST /login} (form fields {@code user}, {@code password}): the application's login, 204 or 401. */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {

    @Inject
    SecurityContext security;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getParameter("user");
        String password = request.getParameter("password");
        AuthenticationStatus status = user == null || password == null ? AuthenticationStatus.SEND_FAILURE
                : security.authenticate(request, response, AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(user, new Password(password))).newAuthentication(true));
        if (!response.isCommitted()) {
            response.setStatus(status == AuthenticationStatus.SUCCESS ? HttpServletResponse.SC_NO_CONTENT
                    : HttpServletResponse.SC_UNAUTHORIZED);
        }
    }
}
