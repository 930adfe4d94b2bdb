package io.github.clbtrigger.matcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real nginx, run unprivileged for one rule set: the listener rendered as nginx {@code server} and
 * {@code location} blocks (each location {@code proxy_pass}es, which turns on nginx's trailing-slash redirect, and
 * answers {@code return 200 "<LocationId>"} before proxying), started with {@code -p <tmp> -c <conf>} on a free
 * loopback port, and asked raw HTTP/1.1 requests over a socket.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The nginx binary: {@code -Dnginx.binary}, else {@code nginx} on the PATH or in the usual sbin directories. */
    static Optional<Path> binary() {
        String configured = System.getProperty("nginx.binary");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin", "/opt/homebrew/bin"));
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, "nginx");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    static String version(Path binary) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out.replace("nginx version: ", "");
    }

    static Nginx start(Path binary, ListenerConfig listener) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("clb-nginx");
        Files.createDirectories(dir.resolve("tmp"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, render(listener, port, dir), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx n = new Nginx(p, port, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited with " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + "\nconfig:\n" + Files.readString(conf));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return n;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    n.close();
                    throw new IllegalStateException("nginx did not listen on " + port + " within 15 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** The listener as an nginx configuration: one server per domain, the default domain as default_server. */
    static String render(ListenerConfig listener, int port, Path dir) {
        Map<String, DomainSpec> specs = new LinkedHashMap<>();
        Map<String, List<RuleConfig>> rules = new LinkedHashMap<>();
        String flagged = null;
        String first = null;
        for (RuleConfig r : listener.rules()) {
            for (int i = 0; i < r.domains().size(); i++) {
                DomainSpec d = DomainSpec.parse(r.domains().get(i));
                specs.putIfAbsent(d.text(), d);
                rules.computeIfAbsent(d.text(), k -> new ArrayList<>()).add(r);
                if (i == 0 && first == null) {
                    first = d.text();
                }
                if (i == 0 && r.defaultServer() && flagged == null) {
                    flagged = d.text();
                }
            }
        }
        String def = flagged != null ? flagged : first;
        String t = dir.resolve("tmp").toString();
        StringBuilder sb = new StringBuilder();
        sb.append("daemon off;\nmaster_process off;\nworker_processes 1;\n")
                .append("pid ").append(dir.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(dir.resolve("error.log")).append(" warn;\n")
                .append("events { worker_connections 256; }\nhttp {\n  access_log off;\n  absolute_redirect off;\n")
                .append("  server_names_hash_bucket_size 128;\n")
                .append("  client_body_temp_path ").append(t).append(";\n  proxy_temp_path ").append(t)
                .append(";\n  fastcgi_temp_path ").append(t).append(";\n  uwsgi_temp_path ").append(t)
                .append(";\n  scgi_temp_path ").append(t).append(";\n");
        for (Map.Entry<String, DomainSpec> e : specs.entrySet()) {
            sb.append("  server {\n    listen 127.0.0.1:").append(port)
                    .append(e.getKey().equals(def) ? " default_server" : "").append(";\n")
                    .append("    server_name \"").append(e.getValue().text()).append("\";\n")
                    .append("    root ").append(dir.resolve("no-such-root")).append(";\n");
            for (RuleConfig r : rules.get(e.getKey())) {
                UrlSpec u = UrlSpec.parse(r.url());
                String loc;
                if (u instanceof UrlSpec.Exact x) {
                    loc = "= " + x.path();
                } else if (u instanceof UrlSpec.Prefix p) {
                    loc = (p.stopsRegex() ? "^~ " : "") + p.path();
                } else {
                    UrlSpec.Regex re = (UrlSpec.Regex) u;
                    loc = (re.caseInsensitive() ? "~* \"" : "~ \"") + re.source() + "\"";
                }
                sb.append("    location ").append(loc).append(" { proxy_pass http://127.0.0.1:9; return 200 \"")
                        .append(r.locationId()).append("\"; }\n");
            }
            sb.append("  }\n");
        }
        if (def == null) {
            sb.append("  server { listen 127.0.0.1:").append(port).append(" default_server; root ")
                    .append(dir.resolve("no-such-root")).append("; }\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * Sends {@code GET <target> HTTP/1.1} with the Host header (none, and HTTP/1.0, when {@code host} is null) and
     * returns nginx's answer as an outcome line: LocationId, {@code 301 <Location>}, 404 or 400 (414 counts as 400).
     */
    String ask(String host, String target) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(("GET ").getBytes(StandardCharsets.ISO_8859_1));
        req.write(target.getBytes(StandardCharsets.UTF_8));
        if (host == null) {
            req.write(" HTTP/1.0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            req.write(" HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.ISO_8859_1));
            req.write(host.getBytes(StandardCharsets.UTF_8));
            req.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        req.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] response;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            InputStream in = s.getInputStream();
            response = in.readAllBytes();
        }
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ");
        if (status.length < 2) {
            return "no response";
        }
        switch (status[1]) {
            case "200":
                return body;
            case "301":
                for (String l : lines) {
                    if (l.regionMatches(true, 0, "Location:", 0, 9)) {
                        String loc = l.substring(9).trim();
                        int q = loc.indexOf('?');
                        return q < 0 ? "301 " + Bytes.escape(loc)
                                : "301 " + Bytes.escape(loc.substring(0, q)) + "?" + Bytes.escapeQuery(loc.substring(q + 1));
                    }
                }
                return "301 without Location";
            case "404":
                return "404";
            case "400":
            case "414":
                return "400";
            default:
                return "HTTP " + status[1];
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
