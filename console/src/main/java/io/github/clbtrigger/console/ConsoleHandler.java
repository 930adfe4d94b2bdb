package io.github.clbtrigger.console;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The {@link Console} as a Jetty core handler, mounted at {@link #PREFIX}: it answers every request whose path is
 * {@code /_clb} or starts with {@code /_clb/} and declines (returns false) all others, so it goes in front of the
 * server's own handler. Every answer carries the console's {@linkplain Console#SECURITY_HEADERS security headers}.
 */
public final class ConsoleHandler extends Handler.Abstract {

    /** The reserved prefix. */
    public static final String PREFIX = "/_clb/";

    private static final String MOUNT = "/_clb";
    private static final List<HttpField> SECURITY_HEADERS = Console.SECURITY_HEADERS.stream()
            .map(h -> (HttpField) new PreEncodedHttpField(h.getKey(), h.getValue())).toList();

    private final Console console;

    /**
     * Serves a console.
     *
     * @param console what to answer
     */
    public ConsoleHandler(Console console) {
        this.console = Objects.requireNonNull(console, "console");
    }

    /**
     * Answers a request under {@code /_clb/}.
     *
     * @param request  the request
     * @param response the response
     * @param callback completed when the answer is written
     * @return false when the path is not the console's
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(MOUNT) && !path.startsWith(PREFIX)) {
            return false;
        }
        Console.Answer answer = console.answer(new Console.Request(request.getMethod(),
                path.substring(MOUNT.length()), request.getHttpURI().getHost(),
                request.getHeaders().get(HttpHeader.AUTHORIZATION), request.getHttpURI().getQuery(), MOUNT));
        for (HttpField field : SECURITY_HEADERS) {
            response.getHeaders().put(field);
        }
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
