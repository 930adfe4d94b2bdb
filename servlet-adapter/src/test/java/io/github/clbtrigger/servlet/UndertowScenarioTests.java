package io.github.clbtrigger.servlet;

/** The scenario suite on Undertow. */
class UndertowScenarioTests extends ScenarioSuite {

    @Override
    ServletContainer newContainer() {
        return new Containers.Undertow23();
    }
}
