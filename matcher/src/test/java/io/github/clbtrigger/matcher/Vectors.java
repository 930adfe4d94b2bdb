package io.github.clbtrigger.matcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden vectors recorded from real nginx: {@code src/test/resources/golden/nginx-vectors.txt}. Line format
 * (tab-separated; in host and target, bytes outside visible ASCII and backslash are written {@code \xNN} of their
 * UTF-8 encoding; a host of {@code \-} means no Host header, sent as HTTP/1.0):
 * <pre>
 * # comment
 * config  {"LoadBalancerId":"lb-gen","Listeners":[...]}
 * case    HOST    TARGET    EXPECTED          EXPECTED = LocationId | 301 &lt;location&gt; | 404 | 400
 * </pre>
 * Recorded by {@code mvn -pl matcher verify -Pnginx -Dnginx.record=true} (see {@link NginxDifferentialTests}).
 */
final class Vectors {
    static final String RESOURCE = "/golden/nginx-vectors.txt";

    private Vectors() {
    }

    record Case(String host, String target, String expected) {
    }

    record Block(LoadBalancerConfig config, List<Case> cases) {
    }

    static List<Block> read(InputStream in) throws IOException {
        List<Block> blocks = new ArrayList<>();
        LoadBalancerConfig config = null;
        List<Case> cases = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f[0].equals("config")) {
                    if (config != null) {
                        blocks.add(new Block(config, cases));
                    }
                    config = LoadBalancerConfig.parse(f[1]);
                    cases = new ArrayList<>();
                } else if (f[0].equals("case") && f.length == 4 && cases != null) {
                    cases.add(new Case(f[1].equals("\\-") ? null : unescape(f[1]), unescape(f[2]), f[3]));
                } else {
                    throw new IllegalStateException("bad vector line: " + line);
                }
            }
        }
        if (config != null) {
            blocks.add(new Block(config, cases));
        }
        return blocks;
    }

    static String escape(String s) {
        if (s == null) {
            return "\\-";
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "\\x%02X", c));
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The configuration as one line of JSON in the DescribeListeners shape. */
    static String json(LoadBalancerConfig config) {
        StringBuilder sb = new StringBuilder("{\"LoadBalancerId\":").append(str(config.loadBalancerId()))
                .append(",\"Listeners\":[");
        for (int i = 0; i < config.listeners().size(); i++) {
            ListenerConfig l = config.listeners().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"ListenerId\":").append(str(l.listenerId()))
                    .append(",\"Protocol\":").append(str(l.protocol().name())).append(",\"Port\":").append(l.port())
                    .append(",\"Rules\":[");
            for (int j = 0; j < l.rules().size(); j++) {
                RuleConfig r = l.rules().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"LocationId\":").append(str(r.locationId()))
                        .append(",\"Domains\":[");
                for (int k = 0; k < r.domains().size(); k++) {
                    sb.append(k == 0 ? "" : ",").append(str(r.domains().get(k)));
                }
                sb.append("],\"Url\":").append(str(r.url())).append(",\"DefaultServer\":").append(r.defaultServer())
                        .append('}');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
