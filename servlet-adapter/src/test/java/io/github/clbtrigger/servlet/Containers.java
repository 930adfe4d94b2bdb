package io.github.clbtrigger.servlet;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The four containers of the scenario suite, each installing the filter the way its users would in code. */
final class Containers {

    private Containers() {
    }

    static final class JettyEe10 implements ServletContainer {
        private Server server;

        @Override
        public URI start(Filter filter, HttpServlet servlet, Path workDir) throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
            context.setContextPath("/");
            var holder = new org.eclipse.jetty.ee10.servlet.FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            var servletHolder = new org.eclipse.jetty.ee10.servlet.ServletHolder(servlet);
            servletHolder.setAsyncSupported(true);
            context.addServlet(servletHolder, "/");
            server.setHandler(context);
            server.start();
            return URI.create("http://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        @Override
        public String toString() {
            return "Jetty 12 ee10";
        }
    }

    static final class JettyEe11 implements ServletContainer {
        private Server server;

        @Override
        public URI start(Filter filter, HttpServlet servlet, Path workDir) throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler();
            context.setContextPath("/");
            var holder = new org.eclipse.jetty.ee11.servlet.FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            var servletHolder = new org.eclipse.jetty.ee11.servlet.ServletHolder(servlet);
            servletHolder.setAsyncSupported(true);
            context.addServlet(servletHolder, "/");
            server.setHandler(context);
            server.start();
            return URI.create("http://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        @Override
        public String toString() {
            return "Jetty 12 ee11";
        }
    }

    static final class Tomcat11 implements ServletContainer {
        private Tomcat tomcat;

        @Override
        public URI start(Filter filter, HttpServlet servlet, Path workDir) throws Exception {
            tomcat = new Tomcat();
            tomcat.setBaseDir(workDir.resolve("tomcat").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            // On Tomcat a filter sees unmapped paths only when a servlet is mapped to "/".
            Wrapper wrapper = Tomcat.addServlet(context, "app", (Servlet) servlet);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded("/", "app");
            FilterDef def = new FilterDef();
            def.setFilterName("clb");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("clb");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            tomcat.start();
            return URI.create("http://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }

        @Override
        public String toString() {
            return "Tomcat 11";
        }
    }

    static final class Undertow23 implements ServletContainer {
        private Undertow undertow;
        private DeploymentManager manager;

        @Override
        public URI start(Filter filter, HttpServlet servlet, Path workDir) throws Exception {
            DeploymentInfo info = Servlets.deployment()
                    .setClassLoader(Containers.class.getClassLoader())
                    .setContextPath("/")
                    .setDeploymentName("clb-trigger")
                    .addFilter(Servlets.filter("clb", ClbTriggerFilter.class, new ImmediateInstanceFactory<Filter>(filter))
                            .setAsyncSupported(true))
                    .addFilterUrlMapping("clb", "/*", DispatcherType.REQUEST)
                    .addServlet(Servlets.servlet("app", servlet.getClass(), new ImmediateInstanceFactory<Servlet>(servlet))
                            .addMapping("/").setAsyncSupported(true));
            manager = Servlets.defaultContainer().addDeployment(info);
            manager.deploy();
            undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
            undertow.start();
            InetSocketAddress address = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
            return URI.create("http://127.0.0.1:" + address.getPort());
        }

        @Override
        public void close() throws Exception {
            undertow.stop();
            manager.stop();
            manager.undeploy();
        }

        @Override
        public String toString() {
            return "Undertow 2.3";
        }
    }
}
