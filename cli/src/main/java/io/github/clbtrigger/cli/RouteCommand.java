package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clb route}: which rule the cloud would pick for each request. */
@Command(name = "route",
        mixinStandardHelpOptions = true,
        header = "Which rule CLB would pick for each request (LocationId, 301, 404 or 400).",
        description = {
            "Reads requests on standard input, one per line: an absolute URL (http://host:port/path?query) or two "
                    + "fields HOST TARGET (the Host header as sent and the request-target exactly as sent, undecoded). "
                    + "Writes one line per input line: the matched LocationId, '301 <path?query>', '404' or '400'.",
            "With --check CASES, reads 'HOST TARGET EXPECTED' lines instead, prints mismatches and which rules "
                    + "no case reached.",
            "Exit codes: 0 done (no mismatch), 1 a case mismatched, 2 usage or config error."
        })
final class RouteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The CLB config (JSON).")
    Path config;

    @Option(names = "--listener", paramLabel = "ID",
            description = "The listener to route on. Default: the one the URL's protocol and port name, "
                    + "else the only one.")
    String listenerId;

    @Option(names = "--explain", description = "Append a tab and the reason: tier, rule, candidates considered.")
    boolean explain;

    @Option(names = "--check", paramLabel = "CASES",
            description = "A file of 'HOST TARGET EXPECTED' lines (# comments allowed) to check.")
    Path check;

    private final InputStream stdin;

    RouteCommand() {
        this(System.in);
    }

    RouteCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** A usage error of the whole run (a line that names no usable listener, a cases file that cannot be read). */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** One parsed input line: the listener and what the client sent. */
    private record Request(String listenerId, String host, String target) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RouteTable table;
        try {
            table = Configs.load(config);
        } catch (Configs.LoadException e) {
            err.println("clb route: " + e.getMessage());
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            err.flush();
            return 2;
        }
        if (listenerId != null && table.listener(listenerId).isEmpty()) {
            err.println("clb route: no listener '" + Messages.oneLine(listenerId) + "' in " + config);
            err.flush();
            return 2;
        }
        if (listenerId != null && !table.listener(listenerId).get().protocol().isLayer7()) {
            err.println("clb route: listener '" + Messages.oneLine(listenerId) + "' is "
                    + table.listener(listenerId).get().protocol() + ": only HTTP and HTTPS listeners have rules to "
                    + "route by");
            err.flush();
            return 2;
        }
        try {
            return check == null ? route(table, out) : check(table, out);
        } catch (UsageException e) {
            out.flush();
            err.println("clb route: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private int route(RouteTable table, PrintWriter out) throws IOException, UsageException {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] fields = line.strip().split("\\s+");
            Request request = parse(table, fields, fields.length);
            if (request == null) {
                out.println(explain ? "400\tnot a request: expected an absolute URL or HOST TARGET" : "400");
            } else if (explain) {
                var explained = table.explain(request.listenerId(), request.host(), request.target());
                out.println(render(explained.result()) + "\t" + Messages.oneLine(explained.reason()));
            } else {
                out.println(render(table.route(request.listenerId(), request.host(), request.target())));
            }
            out.flush();
        }
        return 0;
    }

    private int check(RouteTable table, PrintWriter out) throws IOException, UsageException {
        List<String> lines;
        try {
            lines = Files.readAllLines(check, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("cases file not found: " + check);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException("cases file " + check + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read the cases file " + check + ": " + Messages.describe(e));
        }
        Map<String, RuleConfig> unreached = new LinkedHashMap<>(); // by listener/LocationId, config order
        for (ListenerConfig listener : table.config().listeners()) {
            for (RuleConfig rule : listener.rules()) {
                unreached.put(listener.listenerId() + "/" + rule.locationId(), rule);
            }
        }
        int cases = 0;
        int mismatches = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            boolean url = fields[0].contains("://");
            int requestFields = url ? 1 : 2;
            String expected = fields.length == requestFields + 1 ? fields[requestFields] : null;
            if (fields.length == requestFields + 2 && fields[requestFields].equals("301")) {
                expected = "301 " + fields[requestFields + 1];
            }
            Request request = expected == null ? null : parse(table, fields, requestFields);
            cases++;
            if (request == null) {
                mismatches++;
                out.println("line " + (i + 1) + ": malformed case (expected HOST TARGET EXPECTED): "
                        + Messages.oneLine(line));
                continue;
            }
            RouteResult result = table.route(request.listenerId(), request.host(), request.target());
            if (result instanceof RouteResult.Matched matched) {
                unreached.remove(matched.listener().listenerId() + "/" + matched.rule().locationId());
            }
            String actual = render(result);
            if (!actual.equals(expected)) {
                mismatches++;
                var explained = table.explain(request.listenerId(), request.host(), request.target());
                out.println("line " + (i + 1) + ": " + Messages.oneLine(request.host()) + " "
                        + Messages.oneLine(request.target()) + ": expected " + expected + ", got " + actual
                        + "\t" + Messages.oneLine(explained.reason()));
            }
        }
        int rules = table.config().listeners().stream().mapToInt(l -> l.rules().size()).sum();
        out.println(cases + " cases, " + mismatches + " mismatches; " + (rules - unreached.size()) + " of "
                + rules + " rules reached");
        for (var entry : unreached.entrySet()) {
            RuleConfig rule = entry.getValue();
            out.println("not reached: " + entry.getKey() + " " + String.join(",", rule.domains()) + " "
                    + rule.url());
        }
        out.flush();
        return mismatches == 0 ? 0 : 1;
    }

    /** Parses the first {@code n} fields as a request; null when they are not one. */
    private Request parse(RouteTable table, String[] fields, int n) throws UsageException {
        if (n == 1 && fields.length >= 1) {
            return parseUrl(table, fields[0]);
        }
        if (n == 2 && fields.length >= 2 && !fields[0].isEmpty()) {
            return new Request(listenerFor(table, null, -1), fields[0], fields[1]);
        }
        return null;
    }

    private Request parseUrl(RouteTable table, String url) throws UsageException {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        String rest = url.substring(sep + 3);
        int slash = indexOfAny(rest, "/?#");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String target = slash < 0 ? "/" : rest.substring(slash);
        if (target.startsWith("?")) {
            target = "/" + target;
        }
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash); // a client never sends the fragment
        }
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return null;
        }
        int port = scheme.equals("https") ? 443 : 80;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Protocol protocol = scheme.equals("https") ? Protocol.HTTPS : Protocol.HTTP;
        return new Request(listenerFor(table, protocol, port), authority, target.isEmpty() ? "/" : target);
    }

    private String listenerFor(RouteTable table, Protocol protocol, int port) throws UsageException {
        if (listenerId != null) {
            return listenerId;
        }
        if (protocol != null) {
            var byPort = table.listenerFor(protocol, port);
            if (byPort.isPresent()) {
                return byPort.get().listenerId();
            }
        }
        List<ListenerConfig> layer7 = table.config().listeners().stream()
                .filter(l -> l.protocol().isLayer7()).toList();
        if (layer7.size() == 1) {
            return layer7.get(0).listenerId();
        }
        throw new UsageException(protocol == null
                ? "the config has " + layer7.size() + " HTTP/HTTPS listeners: name one with --listener"
                : "no " + protocol + " listener on port " + port + " and the config has " + layer7.size()
                        + " HTTP/HTTPS listeners: name one with --listener");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    static String render(RouteResult result) {
        if (result instanceof RouteResult.Matched matched) {
            return matched.rule().locationId();
        }
        if (result instanceof RouteResult.Redirect redirect) {
            return "301 " + redirect.location();
        }
        return result instanceof RouteResult.NotFound ? "404" : "400";
    }
}
