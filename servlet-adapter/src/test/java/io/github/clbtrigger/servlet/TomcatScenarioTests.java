package io.github.clbtrigger.servlet;

/** The scenario suite on Tomcat. */
class TomcatScenarioTests extends ScenarioSuite {

    @Override
    ServletContainer newContainer() {
        return new Containers.Tomcat11();
    }

    @Override
    boolean containerRejectsMalformedHosts() {
        return true;
    }
}
