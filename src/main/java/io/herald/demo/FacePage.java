package io.herald.demo;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What one request of the JSF page ({@code pages/faces.xhtml}) renders, EL name {@code facePage}: the board of the
 * request's {@code tenant} parameter (the page's {@code ?tenant=} on the first view; on every ajax re-render the
 * form posts it back from a hidden field), read once per request so that the counter and the table agree.
 * Request-scoped: one request's thread.
 */
@Named("facePage")
@RequestScoped
public class FacePage {

    @Inject
    FaceBoard boards;

    @Inject
    HttpServletRequest request;

    private FaceBoard.Board board;

    public FaceBoard.Board getBoard() {
        if (board == null) {
            board = boards.of(request.getParameter("tenant"));
        }
        return board;
    }
}
