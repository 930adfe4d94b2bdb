package io.github.clbtrigger.samples.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The "existing webapp": a plain servlet that knows nothing of CLB and serves whatever the filter passes on. */
public final class GreetingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(("served by the webapp: " + request.getMethod() + " "
                + request.getRequestURI().replaceAll("[^\\x21-\\x7e]", "?") + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
