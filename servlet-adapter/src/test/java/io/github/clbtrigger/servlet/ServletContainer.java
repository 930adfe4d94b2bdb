package io.github.clbtrigger.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.nio.file.Path;

/** An embedded Servlet container the scenario suite runs on: the filter on {@code /*}, a servlet on {@code /}. */
interface ServletContainer extends AutoCloseable {

    /** Starts on 127.0.0.1, port 0; returns {@code http://127.0.0.1:port}. */
    URI start(Filter filter, HttpServlet servlet, Path workDir) throws Exception;

    @Override
    void close() throws Exception;
}
