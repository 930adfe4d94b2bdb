package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.common.HttpTokens;
import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.RouteResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How an {@link Answer} is put on the servlet response, for {@link Exchange} and for the answers decided before a
 * request goes async: status, the function's headers that are safe to send, the debug reason,
 * {@code Content-Length}; and the access log line.
 */
final class Answers {

    private static final System.Logger ACCESS = System.getLogger("io.github.clbtrigger.servlet.access");

    private Answers() {
    }

    static long headerBytes(HttpResponse response) {
        long n = 0;
        for (Header h : response.headers()) {
            n += h.name().length() + h.value().length() + 4;
        }
        return n;
    }

    /**
     * Status, headers, Content-Length; returns how many bytes of the body to write: all of them, or none for HEAD,
     * 204, 304 (write them with {@link HttpResponse#writeBodyTo}, without a copy).
     */
    static int writeHead(Front front, HttpServletRequest req, HttpServletResponse res,
            HttpResponse response, String why) {
        res.setStatus(response.statusCode());
        for (Header h : response.headers()) {
            if (safeHeader(h)) {
                res.addHeader(h.name(), h.value());
            }
        }
        if (front.debug() && why != null) {
            res.setHeader(ClbTriggerFilter.DEBUG_HEADER, Sanitize.forHeader(why));
        }
        int sc = response.statusCode();
        if (sc == 204 || sc == 304 || sc < 200) {
            return 0;
        }
        res.setContentLengthLong(response.bodyLength());
        if (sc == 413 || sc == 408 || sc == 400 || sc == 414) {
            // the rest of the body is not read (413, 408); nginx closes after a request it refuses to read (400, 414)
            res.setHeader("Connection", "close");
        }
        return req.getMethod().equals("HEAD") ? 0 : response.bodyLength();
    }

    /** {@link #writeHead}, then the body in one write; returns the body bytes written. */
    static int writeWhole(Front front, HttpServletRequest req, HttpServletResponse res, HttpResponse response,
            String why) throws IOException {
        int length = writeHead(front, req, res, response, why);
        if (length > 0) {
            response.writeBodyTo(res.getOutputStream());
        }
        return length;
    }

    /**
     * A header we write ourselves (framing), one the front end sets itself ({@code Date}, {@code Server}: nginx hides
     * an upstream's, and the container writes its own Date, which a function's would duplicate) or one that could
     * split the response is never passed on.
     */
    private static boolean safeHeader(Header h) {
        String name = h.name();
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase(ClbTriggerFilter.DEBUG_HEADER)
                || name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("Server")) {
            return false;
        }
        return HttpTokens.isToken(name) && HttpTokens.isFieldValue(h.value());
    }

    /**
     * Answers on the container's thread, before the request goes async: the matcher's 301 and 400, 404, 414, 503,
     * and 413 where the chain does not support async. Counted, written, logged; then the body is discarded. A
     * redirect whose Location is not printable ASCII is a 400 instead.
     */
    static void respondNow(Front front, Incoming in, RouteResult.Matched match, String function, Answer answer) {
        String location = match == null ? null : match.rule().locationId();
        if (answer instanceof Answer.Redirect redirect && !HttpTokens.isVisibleAscii(redirect.location())) {
            answer = new Answer.Refused(ErrorKind.BAD_REQUEST, "redirect location not printable ASCII");
        }
        ErrorKind kind = answer instanceof Answer.Refused refused ? refused.kind() : null;
        String why = answer instanceof Answer.Refused refused ? refused.why() : null;
        HttpServletRequest req = in.req();
        HttpServletResponse res = in.res();
        // Counted when decided: once the bytes are out, the client may already be reading the counters.
        front.functions().metrics().record(location, function, kind, System.nanoTime() - in.start());
        long written = 0;
        try {
            if (answer instanceof Answer.Redirect redirect) {
                res.setStatus(301);
                res.setHeader("Location", redirect.location());
                res.setContentLength(0);
            } else {
                written = writeWhole(front, req, res, body(answer), why);
            }
        } catch (IOException | RuntimeException e) {
            kind = ErrorKind.CLIENT_ABORTED;
            why = (why == null ? "" : why + "; ") + "writing the response failed: " + Sanitize.describe(e);
        }
        log(req, in.start(), location, function, answer.status(), written, kind, why, null);
        observe(front, in, match, function, null, null, answer.status(),
                answer instanceof Answer.Redirect ? null : body(answer),
                answer instanceof Answer.Redirect redirect ? redirect.location() : null, kind, why, written);
        if (kind != ErrorKind.CLIENT_ABORTED) {
            DiscardedBody.after(front, req, res);
        }
    }

    /** The body of an answer that has one: a refusal's CLB error, or the function's response. */
    static HttpResponse body(Answer answer) {
        if (answer instanceof Answer.Refused refused) {
            return refused.body();
        }
        if (answer instanceof Answer.Sent sent) {
            return sent.response();
        }
        throw new IllegalArgumentException("a redirect has no body");
    }

    /**
     * Hands the answered request to the filter's observer, if one is attached (nothing is made otherwise). Called
     * before the exchange ends, while the request object is still the request's; an observer that throws is logged
     * and the answer stands.
     */
    static void observe(Front front, Incoming in, RouteResult.Matched match, String function, byte[] body,
            InvocationRecord invocation, int status, HttpResponse response, String location, ErrorKind kind,
            String why, long bytes) {
        Consumer<RequestRecord> observer = front.observer().get();
        if (observer == null) {
            return;
        }
        try {
            observer.accept(new RequestRecord(in, match, function, body, invocation, status, response, location,
                    kind, why, bytes));
        } catch (RuntimeException e) {
            ClbTriggerFilter.LOG.log(Level.WARNING, "the request observer failed", e);
        }
    }

    /**
     * One access log line: {@code client:port "host" METHOD "target" LocationId function status bytes latency},
     * then {@code id=REQUEST-ID} when a function ran and {@code reason="..."} when the client did not get its
     * function's response.
     */
    static void log(HttpServletRequest req, long start, String location, String function,
            int status, long bytes, ErrorKind kind, String why, String requestId) {
        if (ACCESS.isLoggable(Level.INFO)) {
            long nanos = System.nanoTime() - start;
            ACCESS.log(Level.INFO, "{0}:{1} \"{2}\" {3} \"{4}\" {5} {6} {7} {8} {9}ms{10}{11}",
                    String.valueOf(req.getRemoteAddr()), Integer.toString(req.getRemotePort()),
                    Sanitize.forMessage(RequestHost.of(req), 256), Sanitize.forMessage(req.getMethod(), 32),
                    Sanitize.forMessage(Routing.target(req), 1024),
                    location == null ? "-" : location, function == null ? "-" : function, Integer.toString(status),
                    Long.toString(bytes), Long.toString(TimeUnit.NANOSECONDS.toMillis(nanos)),
                    requestId == null ? "" : " id=" + Sanitize.forMessage(requestId, 128),
                    why == null ? "" : " reason=\"" + Sanitize.forMessage(why, 512) + "\"");
        }
    }
}
