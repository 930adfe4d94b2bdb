package io.github.clbtrigger.functions;

/**
 * An in-process function: the CLB trigger event in, the integration response out.
 *
 * <p>The event is the JSON text the codec's {@code EventEncoder} produces for the request (exactly what SCF would
 * pass a function bound to a CLB rule). The return value is the function's value: JSON text of an integration
 * response such as
 * <pre>{@code {"isBase64Encoded": false, "statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "hi"}}</pre>
 * It is decoded by the codec exactly as if it had crossed the network, so a value CLB would reject (not JSON, no
 * {@code statusCode}, ...) gets CLB's {@code 403 {"errno":403,"error":"Analyse scf response failed."}}.
 *
 * <p>Any exception thrown is a function error (HTTP 502). The function runs on one of the function threads;
 * once it has answered within 1 ms 32 times in a row it runs on the container thread that has the request instead
 * (cheaper than a hand-off; a few calls at a time; the first slower call sends it back). When it exceeds its
 * {@code Timeout} the client gets 504 at once and the thread running it is interrupted; a function that ignores
 * interrupts keeps that thread until it returns (its value is then discarded). Write it as code that may be called
 * from several threads at once.
 */
@FunctionalInterface
public interface ClbFunction {

    /**
     * Handles one invocation.
     *
     * @param eventJson the CLB trigger event, JSON text
     * @param context the invocation's context: request id, limits, function identity
     * @return the integration response, JSON text
     * @throws Exception any failure; reported to the client as 502
     */
    String handle(String eventJson, FunctionContext context) throws Exception;
}
