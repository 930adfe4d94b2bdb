package io.github.clbtrigger.servlet;

/** The scenario suite on JettyEe10. */
class JettyEe10ScenarioTests extends ScenarioSuite {

    @Override
    ServletContainer newContainer() {
        return new Containers.JettyEe10();
    }
}
