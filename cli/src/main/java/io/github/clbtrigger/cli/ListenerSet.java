package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listeners {@code clb serve} has open now, one Jetty connector each, by {@code ListenerId}: those of the start,
 * in configuration order, then those a configuration change added. Each connector's bound port is mapped to its
 * listener's configured {@code Port} ({@link ListenerPorts}), so a connector bound elsewhere is routed as its
 * listener. Thread-safe.
 */
final class ListenerSet {

    /** One open listener: its configuration and its connector. */
    private record Open(ListenerConfig listener, ServerConnector connector) {}

    private final Server server;
    private final HttpConfiguration http;
    private final String host;
    private final ListenerPorts ports = new ListenerPorts();
    /** The listeners of the start, in configuration order, whatever became of them since. */
    private final List<Open> initial = new ArrayList<>();
    private final Map<String, Open> open = new LinkedHashMap<>();

    ListenerSet(Server server, HttpConfiguration http, String host) {
        this.server = server;
        this.http = http;
        this.host = host;
    }

    /** The filter that presents each request's local port as its listener's configured {@code Port}. */
    ListenerPorts listenerPorts() {
        return ports;
    }

    /**
     * Binds the listeners of the start (on {@code bind}'s port for a listener named there, else its {@code Port}),
     * before Jetty starts them.
     *
     * @throws IOException             a port cannot be bound; none stays bound
     * @throws Frontend.StartException no self-signed certificate could be made for an HTTPS listener
     */
    synchronized void openAtStart(List<ListenerConfig> listeners, Map<String, Integer> bind,
            Map<String, Keystores.Keystore> keystores, PrintWriter out) throws IOException, Frontend.StartException {
        for (ListenerConfig l : listeners) {
            ServerConnector c = connector(l, bind.getOrDefault(l.listenerId(), l.port()),
                    keystores.get(l.listenerId()), out);
            server.addConnector(c);
            initial.add(new Open(l, c));
        }
        for (Open o : initial) {
            try {
                o.connector().open();
            } catch (IOException e) {
                initial.forEach(i -> i.connector().close());
                throw e;
            }
            ports.put(o.connector().getLocalPort(), o.listener().port());
            open.put(o.listener().listenerId(), o);
        }
    }

    /**
     * Binds a connector for each of {@code wanted} that is not open, on its {@code Port}; not accepting yet
     * ({@link #commit}).
     *
     * @return the new connectors, by ListenerId
     * @throws Frontend.BindException a port cannot be bound; none of the new ones stays bound
     */
    synchronized Map<String, ServerConnector> bindNew(Collection<ListenerConfig> wanted)
            throws Frontend.BindException {
        Map<String, ServerConnector> opened = new LinkedHashMap<>();
        for (ListenerConfig l : wanted) {
            if (open.containsKey(l.listenerId())) {
                continue;
            }
            try {
                ServerConnector c = connector(l, l.port(), null, new PrintWriter(Writer.nullWriter()));
                c.open();
                opened.put(l.listenerId(), c);
            } catch (IOException | Frontend.StartException e) {
                discard(opened);
                throw new Frontend.BindException("listener " + l.listenerId() + ": cannot listen on " + host + ":"
                        + l.port() + " (" + Messages.describe(e) + ")");
            }
        }
        return opened;
    }

    /** Closes connectors {@link #bindNew} bound, for a change that was refused. */
    void discard(Map<String, ServerConnector> opened) {
        opened.values().forEach(ServerConnector::close);
    }

    /**
     * Serves a change that was applied: the connectors {@link #bindNew} bound start accepting, and those of the
     * listeners the change removed are closed.
     */
    synchronized void commit(Map<String, ServerConnector> opened, Map<String, ListenerConfig> wanted) {
        for (Map.Entry<String, ServerConnector> e : opened.entrySet()) {
            ServerConnector c = e.getValue();
            ListenerConfig l = wanted.get(e.getKey());
            ports.put(c.getLocalPort(), l.port());
            server.addConnector(c);
            try {
                c.start();
            } catch (Exception ex) {
                System.getLogger("io.github.clbtrigger.cli").log(System.Logger.Level.WARNING,
                        "listener " + e.getKey() + ": could not start accepting: " + ex);
            }
            open.put(e.getKey(), new Open(l, c));
        }
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                close(e.getValue().connector());
                it.remove();
            }
        }
    }

    private void close(ServerConnector c) {
        int port = c.getLocalPort();
        try {
            c.stop();
        } catch (Exception e) {
            c.close();
        }
        server.removeConnector(c);
        ports.remove(port);
    }

    /** {@return every open connector, for the stop} */
    synchronized List<ServerConnector> connectors() {
        return open.values().stream().map(Open::connector).toList();
    }

    /** {@return the bound port of every open listener, by ListenerId: those of the start, then those added} */
    synchronized Map<String, Integer> ports() {
        Map<String, Integer> out = new LinkedHashMap<>();
        open.forEach((id, o) -> out.put(id, o.connector().getLocalPort()));
        return out;
    }

    /** {@return whether an open listener is HTTPS} */
    synchronized boolean https(String listenerId) {
        Open o = open.get(listenerId);
        return o != null && o.listener().protocol() == Protocol.HTTPS;
    }

    /** The port the {@code index}th listener of the start was bound to (a requested 0 resolved). */
    synchronized int localPortAtStart(int index) {
        return initial.get(index).connector().getLocalPort();
    }

    private ServerConnector connector(ListenerConfig l, int port, Keystores.Keystore keystore, PrintWriter out)
            throws Frontend.StartException {
        ServerConnector c = l.protocol() == Protocol.HTTPS ? tls(l.listenerId(), keystore, out)
                : new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        c.setName(l.listenerId());
        return c;
    }

    private ServerConnector tls(String listenerId, Keystores.Keystore configured, PrintWriter out)
            throws Frontend.StartException {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        if (configured != null) {
            out.println("HTTPS listener " + listenerId + ": using the keystore " + configured.path() + " ("
                    + configured.type() + ")");
            tls.setKeyStorePath(configured.path().toString());
            tls.setKeyStorePassword(configured.password());
            tls.setKeyStoreType(configured.type());
        } else {
            SelfSignedKeyStore keyStore = SelfSignedKeyStore.create();
            out.println("HTTPS listener " + listenerId + ": using a generated self-signed certificate for localhost ("
                    + keyStore.path() + "); clients must trust it or skip verification (curl -k)");
            tls.setKeyStorePath(keyStore.path().toString());
            tls.setKeyStorePassword(keyStore.password());
            tls.setKeyStoreType("PKCS12");
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        // CLB serves HTTP/2 on HTTPS listeners (the event then says X-Client-Proto-Ver: HTTP/2.0): offer h2 by ALPN,
        // falling back to HTTP/1.1. Plain HTTP listeners stay HTTP/1.1, as CLB's do.
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        // ALPN names the protocols by their registered ids ("h2", "http/1.1"), compared exactly: Jetty's own names
        // ("HTTP/1.1") would leave a client that offers only http/1.1 without a match, and its handshake refused.
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, http2, http1);
    }
}
