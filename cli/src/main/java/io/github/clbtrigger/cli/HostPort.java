package io.github.clbtrigger.cli;

import picocli.CommandLine;

/** An {@code IP:PORT} option value; IPv6 addresses are written {@code [::1]:8080}. */
record HostPort(String host, int port) {

    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CommandLine.TypeConversionException("expected IP:PORT, got '" + Messages.oneLine(text) + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("port is not a number in '" + Messages.oneLine(text) + "'");
        }
        if (port < 0 || port > 65535 || host.isEmpty() || host.indexOf(' ') >= 0) {
            throw new CommandLine.TypeConversionException("expected IP:PORT, got '" + Messages.oneLine(text) + "'");
        }
        return new HostPort(host, port);
    }

    /** picocli converter. */
    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return parse(value);
        }
    }
}
