package io.github.clbtrigger.samples;

import io.github.clbtrigger.servlet.ClbTriggerFilter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;

import java.util.EnumSet;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The embedded Jetty every sample runs on: one HTTP connector, the CLB trigger filter on every path. */
public final class SampleServer {
    private SampleServer() {}

    /**
     * A Jetty server, not started, with the filter in front of the given servlets.
     *
     * @param port the port; 0 picks a free one
     * @param filter the CLB trigger filter
     * @param servlets the webapp behind the filter, by path spec ({@code "/"} for the default servlet); may be empty
     * @return the server; call {@code start()}
     */
    public static Server create(int port, ClbTriggerFilter filter, Map<String, HttpServlet> servlets) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // CLB's nginx decodes %2F and %2E before matching: let the filter see the request as nginx would.
        http.setUriCompliance(UriCompliance.LEGACY);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        servlets.forEach((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true); // so the filter can serve functions without holding a thread
            context.addServlet(holder, path);
        });
        server.setHandler(context);
        server.setStopTimeout(5_000);
        // Ctrl-C or kill: Jetty stops, so the filter is destroyed and a Bootstrap function's process ends with it
        server.setStopAtShutdown(true);
        return server;
    }

    /**
     * A sample's CLB configuration: the resource {@code clb.json} in its package, which its tests serve too.
     *
     * @param sample the sample's server class
     * @return the configuration text
     * @throws IllegalStateException the resource is missing (a broken build)
     */
    public static String config(Class<?> sample) {
        try (java.io.InputStream in = sample.getResourceAsStream("clb.json")) {
            if (in == null) {
                throw new IllegalStateException("no clb.json next to " + sample.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The port a started server listens on.
     *
     * @param server a started server
     * @return its first connector's local port
     */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Starts a server and blocks until it stops; what each sample's {@code main} does.
     *
     * @param server the server
     * @param tryIt a line telling the user what to run
     * @throws Exception if it cannot start
     */
    public static void run(Server server, String tryIt) throws Exception {
        server.start();
        System.out.println("Listening on http://127.0.0.1:" + port(server) + "/ - try: "
                + tryIt.replace("{port}", Integer.toString(port(server))));
        server.join();
    }
}
