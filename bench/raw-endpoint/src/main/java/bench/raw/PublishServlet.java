package bench.raw;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** POST body = the event JSON, sent as is to every session of the room; answers 202 {"recipients":n}. */
@WebServlet("/api/v1/events")
public class PublishServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String event = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int recipients = Room.broadcast(event);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentType("application/json");
        response.getWriter().write("{\"recipients\":" + recipients + "}");
    }
}
