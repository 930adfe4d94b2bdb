package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.ClbErrors;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What {@code clb serve} answers where Jetty answers before the filter (a request it cannot parse, or one
 * {@link NginxChecks} refuses, a request during the stop): the status CLB's nginx gives, with the
 * filter's error body, {@code {"errno":N,"error":"..."}}, and never Jetty's HTML page (which repeats the target and
 * the parser's message).
 */
final class ErrorPages extends ErrorHandler {

    ErrorPages() {
        setCacheControl(null);
    }

    /** Every method gets the body (Jetty's default writes one for GET, POST and HEAD only). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        HttpResponse error = of(code);
        int status = error.statusCode();
        response.setStatus(status);
        for (Header header : error.headers()) {
            response.getHeaders().put(header.name(), header.value());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, error.bodyLength());
        if (status == 400 || status == 414 || status == 501 || status == 505) {
            // nginx closes the connection after refusing a request it could not read as one
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        boolean head = request != null && "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(error.body()), callback);
    }

    /** The answer for a status Jetty chose, as nginx would give it. */
    static HttpResponse of(int status) {
        return switch (status) {
            case 400 -> ClbErrors.BAD_REQUEST;
            // nginx answers headers over its buffers with 400 "Request Header Or Cookie Too Large" (its 494).
            case 431 -> ClbErrors.of(400, "Request header or cookie too large.");
            case 404 -> ClbErrors.NOT_FOUND;
            case 413 -> ClbErrors.REQUEST_TOO_LARGE;
            case 414 -> ClbErrors.of(414, "Request-URI too large.");
            case 503 -> ClbErrors.of(503, "Service unavailable: the server is stopping.");
            // nginx refuses any HTTP version above 1.x on a plain connection with 505; Jetty says 426 to HTTP/2.0.
            case 505, 426 -> ClbErrors.of(505, "HTTP version not supported.");
            default -> ClbErrors.of(status, (HttpResponses.reason(status).isEmpty()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : HttpResponses.reason(status)) + ".");
        };
    }
}
