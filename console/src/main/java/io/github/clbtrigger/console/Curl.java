package io.github.clbtrigger.console;

import java.util.Locale;
import java.util.Set;

/**
 * "Copy as curl": a POSIX-shell command that sends the recorded request again to the listener it came in on, every
 * word single-quoted so that nothing in the (untrusted) request is interpreted by the shell. {@code --path-as-is}
 * keeps the target exactly as received. {@code complete} is false when the command cannot resend the request
 * exactly: its body was cut at the limit, it is binary, or request headers were dropped.
 */
record Curl(String command, boolean complete) {

    /** Headers curl writes itself, from the command line. */
    private static final Set<String> SKIPPED = Set.of("host", "content-length", "connection", "transfer-encoding");

    static Curl of(ExchangeRecord r) {
        StringBuilder out = new StringBuilder("curl --path-as-is");
        boolean complete = !r.requestHeadersTruncated();
        if (!r.method().equals("GET")) {
            out.append(" -X ").append(quote(r.method()));
        }
        if (r.scheme().equals("https")) {
            out.append(" -k");
        }
        out.append(' ').append(quote(url(r)));
        if (!r.host().isEmpty()) {
            out.append(" -H ").append(quote("Host: " + r.host()));
        }
        for (ExchangeRecord.Header header : r.requestHeaders()) {
            if (!SKIPPED.contains(header.name().toLowerCase(Locale.ROOT))) {
                out.append(" -H ").append(quote(header.name() + ": " + header.value()));
            }
        }
        Body body = r.requestBody();
        if (body.size() > 0) {
            if (body.binary()) {
                out.append(" --data-binary @body.bin");
                complete = false;
            } else {
                out.append(" --data-binary ").append(quote(body.text()));
                complete &= !body.truncated();
            }
        }
        return new Curl(out.toString(), complete);
    }

    private static String url(ExchangeRecord r) {
        String target = r.target();
        if (!target.startsWith("/") && !target.equals("*")) {
            return target;
        }
        String authority = r.serverPort() > 0 ? "127.0.0.1:" + r.serverPort() : r.host();
        return r.scheme() + "://" + authority + target;
    }

    /** Single-quotes a word for a POSIX shell: a quote inside becomes {@code '\''}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
