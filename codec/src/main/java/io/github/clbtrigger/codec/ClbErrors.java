package io.github.clbtrigger.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The error responses a CLB frontend answers with itself, in CLB's shape: {@code Content-Type: application/json} and
 * the body {@code {"errno":N,"error":"message"}}, where {@code N} is the HTTP status.
 *
 * <p>Only {@link #ANALYSE_FAILED} is documented by Tencent word for word; the messages of the others are this
 * project's choice, kept in the same style.
 */
public final class ClbErrors {

    /** 400 {@code {"errno":400,"error":"Bad request."}}: a request the frontend cannot parse or route. */
    public static final HttpResponse BAD_REQUEST = of(400, "Bad request.");

    /** 403 {@code {"errno":403,"error":"Analyse scf response failed."}}: the function's value is invalid. */
    public static final HttpResponse ANALYSE_FAILED = of(403, "Analyse scf response failed.");

    /** 404 {@code {"errno":404,"error":"Not found."}}: no rule matches the request. */
    public static final HttpResponse NOT_FOUND = of(404, "Not found.");

    /** 413 {@code {"errno":413,"error":"Request entity too large."}}: the body is over the limit. */
    public static final HttpResponse REQUEST_TOO_LARGE = of(413, "Request entity too large.");

    /** 429 {@code {"errno":429,"error":"Too many requests."}}: the function's concurrency limit is reached. */
    public static final HttpResponse TOO_MANY_REQUESTS = of(429, "Too many requests.");

    /** 502 {@code {"errno":502,"error":"Function invocation failed."}}: the function failed or crashed. */
    public static final HttpResponse FUNCTION_ERROR = of(502, "Function invocation failed.");

    /** 504 {@code {"errno":504,"error":"Function invocation timed out."}}: the function ran out of time. */
    public static final HttpResponse TIMEOUT = of(504, "Function invocation timed out.");

    private ClbErrors() {
    }

    /**
     * Builds a CLB-style error response; the message is JSON-escaped.
     *
     * @param status  the HTTP status, 100 to 599, also written as {@code errno}
     * @param message the error text
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     * @throws NullPointerException     if the message is {@code null}
     */
    public static HttpResponse of(int status, String message) {
        String body = "{\"errno\":" + status + ",\"error\":" + JsonText.quote(message) + "}";
        return new HttpResponse(status, List.of(new Header("Content-Type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
