package io.github.clbtrigger.cli;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presents each request's local port as its listener's configured {@code Port}: the trigger filter finds the listener
 * by protocol and {@code Port}, so a connector bound elsewhere ({@code --port 0}) or opened after start (a listener
 * created by the API) is routed to its own listener without the filter knowing the bound ports. The event's
 * {@code X-Vport} is then the listener's port, as in CLB.
 */
final class ListenerPorts implements Filter {
    /** Bound port to the listener's configured Port. */
    private final Map<Integer, Integer> ports = new ConcurrentHashMap<>();

    void put(int bound, int configured) {
        ports.put(bound, configured);
    }

    void remove(int bound) {
        ports.remove(bound);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Integer configured = request instanceof HttpServletRequest http ? ports.get(http.getLocalPort()) : null;
        if (configured == null || configured == request.getLocalPort()) {
            chain.doFilter(request, response);
            return;
        }
        int port = configured;
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public int getLocalPort() {
                return port;
            }
        }, response);
    }
}
