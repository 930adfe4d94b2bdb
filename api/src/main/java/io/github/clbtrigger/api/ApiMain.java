package io.github.clbtrigger.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the management endpoint alone, without a data plane ({@code clb serve} serves it beside its listeners):
 * {@code java -cp ... io.github.clbtrigger.api.ApiMain --config clb.json [--api-port N] [--api-bind ADDR]
 * [--api-task-delay D] [--api-max-body N] [--api-rate-limit N]}. Changes are written to the file; no data plane runs.
 * Prints the start-up line ({@code api: http://127.0.0.1:PORT (TencentCloud API 3.0, clb 2018-03-17)}) and runs
 * until killed. Credentials come from {@code TENCENTCLOUD_SECRET_ID} and {@code TENCENTCLOUD_SECRET_KEY}.
 */
public final class ApiMain {
    private ApiMain() {
    }

    /**
     * Runs the endpoint.
     *
     * @param args {@code --config FILE} and {@code --api-*} flags
     * @throws Exception if the file is unreadable or invalid, or the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf("--config");
        if (at < 0 || at + 1 >= rest.size()) {
            System.err.println("usage: ApiMain --config FILE [--api-port N] [--api-bind ADDR] [--api-task-delay D]");
            System.exit(2);
        }
        Path file = Path.of(rest.get(at + 1));
        rest.subList(at, at + 2).clear();
        ApiOptions options = ApiOptions.fromEnvironment(System.getenv()).parse(rest);
        ControlPlane plane = ControlPlane.open(file, json -> { }, options);
        ManagementServer server = ManagementServer.start(plane);
        server.warning().ifPresent(System.err::println);
        System.out.println(server.startupLine());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            plane.close();
        }));
        new CountDownLatch(1).await();
    }
}
