package io.github.clbtrigger.samples.webapp;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;

/** The webapp sample's {@code WEB-INF/web.xml} deployed on embedded Tomcat 11. */
public final class WebXmlServer {
    private final Tomcat tomcat = new Tomcat();
    private Context context;

    WebXmlServer(int port) {
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setBaseDir(tempDir().toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
    }

    /**
     * Deploys the webapp folder and starts Tomcat.
     *
     * @throws LifecycleException if Tomcat or the webapp (the filter's init included) cannot start
     */
    public void start() throws LifecycleException {
        context = tomcat.addWebapp("", webappFolder().toString());
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            throw new LifecycleException("the webapp did not start: " + context.getState());
        }
    }

    /** @return the port Tomcat listens on (the real one when 0 was asked for) */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** Blocks until the server stops. */
    public void join() {
        tomcat.getServer().await();
    }

    /**
     * Stops Tomcat, the filter and its functions.
     *
     * @throws LifecycleException if stopping fails
     */
    public void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    private static Path webappFolder() {
        URL webapp = WebXmlServer.class.getResource("/webapp/WEB-INF/web.xml");
        if (webapp == null || !webapp.getProtocol().equals("file")) {
            throw new IllegalStateException("run the web.xml sample from the samples' classes folder (mvn -pl samples "
                    + "exec or an IDE): Tomcat deploys a folder, and webapp/ is " + webapp);
        }
        try {
            return Path.of(webapp.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        File dir = new File(System.getProperty("java.io.tmpdir"), "clb-webxml-" + ProcessHandle.current().pid());
        dir.mkdirs();
        dir.deleteOnExit();
        return dir.toPath();
    }
}
