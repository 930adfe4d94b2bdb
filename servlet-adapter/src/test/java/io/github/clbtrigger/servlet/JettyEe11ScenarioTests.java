package io.github.clbtrigger.servlet;

/** The scenario suite on JettyEe11. */
class JettyEe11ScenarioTests extends ScenarioSuite {

    @Override
    ServletContainer newContainer() {
        return new Containers.JettyEe11();
    }
}
