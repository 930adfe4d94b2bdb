package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.InboundRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clb encode}: one raw HTTP/1.1 request on stdin, the CLB trigger event JSON on stdout. */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        header = "Turn a raw HTTP/1.1 request into the CLB trigger event JSON.",
        description = {
            "Reads one raw HTTP/1.1 request on standard input (body framed by Content-Length or chunked) "
                    + "and prints the CLB trigger event JSON a function would receive for it.",
            "Exit codes: 0 encoded, 2 the input is not a valid request or the options are wrong."
        })
final class EncodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--client", paramLabel = "IP:PORT", converter = HostPort.Converter.class,
            description = "The client address (X-Real-IP, X-Forwarded-For, X-Real-Port). Default: ${DEFAULT-VALUE}.",
            defaultValue = "127.0.0.1:50000")
    HostPort client;

    @Option(names = "--scheme", paramLabel = "http|https",
            description = "The listener protocol (X-Client-Proto, X-Forwarded-Proto). Default: ${DEFAULT-VALUE}.",
            defaultValue = "http")
    String scheme;

    @Option(names = "--time", paramLabel = "EPOCH.mmm",
            description = "The request time in epoch seconds (X-Stgw-Time); makes the output deterministic. "
                    + "Default: now.")
    String time;

    @Option(names = "--vip", paramLabel = "IP:PORT", converter = HostPort.Converter.class,
            description = "The CLB VIP and listener port (X-Vip, X-Vport). Default: 127.0.0.1 and 80 or 443.")
    HostPort vip;

    @Option(names = "--custom-headers", split = ",", paramLabel = "NAME",
            description = "Optional CLB headers to add, as enabled by CLB custom configuration: "
                    + "X-Vip, X-Vport, X-Uri, X-Method, X-Real-Port.")
    List<String> customHeaders = List.of();

    @Option(names = "--max-body", paramLabel = "BYTES",
            description = "The request body limit. Default: ${DEFAULT-VALUE} (6 MiB, the SCF synchronous limit).",
            defaultValue = "6291456")
    int maxBody;

    private final InputStream stdin;
    private final OutputStream stdout;

    EncodeCommand() {
        this(System.in, System.out);
    }

    EncodeCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return usage("--scheme must be http or https, got '" + Messages.oneLine(scheme) + "'");
        }
        Set<CustomHeader> enabled = EnumSet.noneOf(CustomHeader.class);
        for (String name : customHeaders) {
            var header = CustomHeader.byName(name.strip());
            if (header.isEmpty()) {
                return usage("unknown custom header '" + Messages.oneLine(name)
                        + "' (expected X-Vip, X-Vport, X-Uri, X-Method or X-Real-Port)");
            }
            enabled.add(header.get());
        }
        Instant receivedAt;
        try {
            receivedAt = time == null ? Instant.now() : parseTime(time);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (maxBody < 0) {
            return usage("--max-body must not be negative");
        }
        RawHttpRequest raw;
        try {
            raw = RawHttpRequest.read(stdin, maxBody);
        } catch (RawHttpRequest.MalformedRequestException e) {
            return usage(e.getMessage());
        }
        var path = RequestPaths.uri(raw.target());
        if (path.isEmpty()) {
            return usage("the request target '" + Messages.oneLine(raw.target())
                    + "' is not a valid URI (CLB answers 400)");
        }
        HostPort listener = vip != null ? vip : new HostPort("127.0.0.1", scheme.equals("https") ? 443 : 80);
        InboundRequest request = new InboundRequest(raw.method(), path.get(), scheme, raw.version(),
                client.host(), client.port(), listener.host(), listener.port(), withTargetsHost(raw), receivedAt);
        EventEncoder encoder = EventEncoder.builder().maxBodyBytes(maxBody).customHeaders(enabled).build();
        stdout.write(encoder.encode(request, new ByteArrayInputStream(raw.body())));
        stdout.write('\n');
        stdout.flush();
        return 0;
    }

    /**
     * The headers, with an absolute-form target's authority as the Host, as {@code clb serve} hands the request on:
     * nginx routes by the target's authority whatever the Host header says (an HTTP/1.0 request may have none).
     */
    static List<Header> withTargetsHost(RawHttpRequest raw) {
        String target = raw.target();
        int scheme = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (scheme < 0) {
            return raw.headers();
        }
        int end = scheme;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String authority = target.substring(scheme, end);
        List<Header> headers = new ArrayList<>();
        boolean replaced = false;
        for (Header header : raw.headers()) {
            boolean host = header.name().equalsIgnoreCase("Host");
            headers.add(host ? new Header(header.name(), authority) : header);
            replaced |= host;
        }
        if (!replaced) {
            headers.add(0, new Header("Host", authority));
        }
        return List.copyOf(headers);
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("clb encode: " + message);
        spec.commandLine().getErr().flush();
        return 2;
    }

    static Instant parseTime(String text) {
        if (!text.matches("[0-9]{1,12}(\\.[0-9]{1,3})?")) {
            throw new IllegalArgumentException("--time must be epoch seconds with up to three decimals, like "
                    + "1591692977.774, got '" + Messages.oneLine(text) + "'");
        }
        BigDecimal seconds = new BigDecimal(text);
        long millis = seconds.movePointRight(3).longValueExact();
        return Instant.ofEpochMilli(millis);
    }
}
