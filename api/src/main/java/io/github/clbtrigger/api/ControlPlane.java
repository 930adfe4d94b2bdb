package io.github.clbtrigger.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The CLB control plane of one load balancer (one configuration file): TencentCloud API 3.0 calls of
 * {@code clb 2018-03-17} in, answers out, independent of HTTP ({@link ManagementServer} is the HTTP binding).
 *
 * <p>Every answer is {@code {"Response": {..., "RequestId": "<uuid>"}}}, an error
 * {@code {"Response": {"Error": {"Code": ..., "Message": ...}, "RequestId": ...}}}; nothing else is ever returned.
 * A call is checked in this order: method ({@code POST}) and content type ({@code UnsupportedProtocol}), body size
 * ({@code RequestSizeLimitExceeded}), signature ({@code AuthFailure.*}, strict only with
 * {@link ApiOptions#secrets()}), {@code X-TC-Action} ({@code InvalidAction}), {@code X-TC-Version}
 * ({@code NoSuchVersion}), rate ({@code RequestLimitExceeded}, per SecretId and action), JSON
 * ({@code InvalidParameter.FormatError}), parameters ({@code UnknownParameter}, {@code MissingParameter},
 * {@code InvalidParameter}), then the action's own rules.
 *
 * <p>A changing call (Create/Delete/Modify/Register/Deregister) is asynchronous as in the cloud: its
 * {@code RequestId} is a {@code TaskId} for {@code DescribeTaskStatus}. With {@link ApiOptions#taskDelay()} 0 the
 * change is validated, written to the file atomically and applied to the {@link ConfigTarget} before the answer;
 * calls that arrive while a write is in progress are committed together, up to {@link ApiOptions#maxGroup()}: each
 * computed and validated on the state the one before it left, with its own answer, then one write and one apply for
 * all, and only then the answers. Otherwise a change is validated at once, answered, and written and applied when the
 * delay has passed, the load balancer refusing other changes meanwhile ({@code FailedOperation.ResourceInOperating}).
 * Changes, reads, and the file watcher's reloads run through {@link #serialized}, hold one lock per load balancer.
 */
public final class ControlPlane implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());
    private static final String TASK_STATUS = "DescribeTaskStatus";
    private static final Schema TASK_STATUS_PARAMS = Schema.object()
            .optional("TaskId", Schema.STRING)
            .optional("DealName", Schema.STRING)
            .build();
    private static final Map<String, Action> ACTIONS;

    static {
        Map<String, Action> m = new LinkedHashMap<>();
        BindingActions.register(m);
        RuleActions.register(m);
        DescribeActions.register(m);
        ACTIONS = Map.copyOf(m);
    }

    private final ConfigStore store;
    private final ApiOptions options;
    private final Tasks tasks = new Tasks();
    private final RateLimiter limiter;
    private final Committer committer;

    private ControlPlane(ConfigStore store, ApiOptions options, Consumer<String> taken) {
        this.store = store;
        this.options = options;
        this.limiter = new RateLimiter(options.rateLimit());
        this.committer = new Committer(store, tasks, options, taken);
    }

    /**
     * Opens the control plane of a configuration file.
     *
     * @param configFile the configuration file the data plane serves; changes are written back to it
     * @param target     the data plane, given each new configuration text
     * @param options    task delay, limits and credentials (the bind options are {@link ManagementServer}'s)
     * @return the control plane
     * @throws IOException if the file cannot be read
     * @throws io.github.clbtrigger.matcher.ConfigException if it is not a valid configuration
     */
    public static ControlPlane open(Path configFile, ConfigTarget target, ApiOptions options) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        return new ControlPlane(ConfigStore.open(configFile, target), options, id -> { });
    }

    /**
     * As {@link #open(Path, ConfigTarget, ApiOptions)}, writing through {@code disk} and telling {@code taken} each
     * changing call's {@code RequestId} in the order the committer takes them: the seams of the tests.
     */
    static ControlPlane open(Path configFile, ConfigTarget target, ApiOptions options, ConfigStore.Disk disk,
                             Consumer<String> taken) throws IOException {
        return new ControlPlane(ConfigStore.open(configFile, target, disk), options, taken);
    }

    /** Changing calls waiting for the group being written (for tests). */
    int waiting() {
        return committer.waiting();
    }

    /** {@return the names of the actions served, including {@code DescribeTaskStatus}} */
    public static Set<String> actions() {
        Set<String> s = new java.util.TreeSet<>(ACTIONS.keySet());
        s.add(TASK_STATUS);
        return s;
    }

    /** {@return the {@code LoadBalancerId} served: the file's, or {@code lb-local} when it has none} */
    public String loadBalancerId() {
        return store.state().loadBalancerId();
    }

    /** {@return the options this control plane runs with} */
    public ApiOptions options() {
        return options;
    }

    /**
     * Runs {@code reload} holding this load balancer's lock, so that a reload of a hand-edited file and an API change
     * never interleave. The file watcher of {@code clb serve} runs its reload through this.
     *
     * @param reload the reload
     */
    public void serialized(Runnable reload) {
        store.lock().lock();
        try {
            reload.run();
        } finally {
            store.lock().unlock();
        }
    }

    /**
     * Answers one call.
     *
     * @param request the call
     * @return the answer's JSON bytes, always an {@code {"Response": ...}} envelope, to be sent with HTTP 200 and
     *         {@code Content-Type: application/json}
     */
    public byte[] handle(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            ObjectNode answer = dispatch(request, requestId);
            answer.put("RequestId", requestId);
            ObjectNode env = Json.MAPPER.createObjectNode();
            env.set("Response", answer);
            return Json.compact(env);
        } catch (ApiError e) {
            return error(e.code(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "api: internal error answering " + requestId, e);
            return error(ApiError.INTERNAL_ERROR, "Internal error; see the server log for " + requestId + ".",
                    requestId);
        }
    }

    /** An error envelope with a new RequestId, for refusals made before a call reaches {@link #handle}. */
    static byte[] refusal(String code, String message) {
        return error(code, message, UUID.randomUUID().toString());
    }

    private static byte[] error(String code, String message, String requestId) {
        ObjectNode env = Json.MAPPER.createObjectNode();
        ObjectNode r = env.putObject("Response");
        ObjectNode e = r.putObject("Error");
        e.put("Code", code);
        e.put("Message", message);
        r.put("RequestId", requestId);
        return Json.compact(env);
    }

    private ObjectNode dispatch(ApiRequest request, String requestId) {
        if (!request.method().equals("POST")) {
            throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL, "Only POST with a JSON body is served, not "
                    + Json.quote(request.method()) + " (GET with query parameters is not supported).");
        }
        String ct = request.header("content-type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL, "Content-Type must be application/json (TC3-HMAC-SHA256"
                    + " with a JSON body); form-encoded calls of signature v1 are not served.");
        }
        if (request.body().length > options.maxBodyBytes()) {
            throw new ApiError(ManagementServer.SIZE_LIMIT, "The request body exceeds " + options.maxBodyBytes()
                    + " bytes.");
        }
        String secretId = authenticate(request);
        String name = request.header("x-tc-action");
        if (name == null || name.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `Action` (header X-TC-Action) is missing.");
        }
        Action action = ACTIONS.get(name);
        if (action == null && !name.equals(TASK_STATUS)) {
            throw new ApiError(ApiError.INVALID_ACTION, "The action " + Json.quote(name) + " does not exist in clb "
                    + ApiOptions.VERSION + ".");
        }
        String version = request.header("x-tc-version");
        if (version == null || version.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `Version` (header X-TC-Version) is missing.");
        }
        if (!version.equals(ApiOptions.VERSION)) {
            throw new ApiError(ApiError.NO_SUCH_VERSION, "The version " + Json.quote(version) + " does not exist; clb "
                    + ApiOptions.VERSION + " is served.");
        }
        if (!limiter.allow(secretId + "\n" + name, System.currentTimeMillis())) {
            throw new ApiError(ApiError.REQUEST_LIMIT, "More than " + options.rateLimit() + " calls of " + name
                    + " in one second.");
        }
        ObjectNode params;
        try {
            params = request.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.object(request.body());
        } catch (JsonProcessingException e) {
            throw new ApiError(ApiError.FORMAT_ERROR, "The request body is not a JSON object: " + Json.reason(e));
        }
        if (action == null) {
            TASK_STATUS_PARAMS.check(params, "$");
            return taskStatus(params);
        }
        action.schema().check(params, "$");
        if (action.query() != null) {
            store.lock().lock();
            try {
                return action.query().run(params, store.refresh());
            } finally {
                store.lock().unlock();
            }
        }
        return committer.submit(action, params, requestId);
    }

    private String authenticate(ApiRequest request) {
        String header = request.header("authorization");
        if (!options.strict()) {
            return header == null || header.isEmpty() ? "" : Tc3.parse(header).secretId();
        }
        if (header == null || header.isEmpty()) {
            throw new ApiError(ApiError.INVALID_AUTHORIZATION, "The Authorization header is missing; calls must be"
                    + " signed with TC3-HMAC-SHA256.");
        }
        Tc3.Authorization auth = Tc3.parse(header);
        String ts = request.header("x-tc-timestamp");
        if (ts == null || ts.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `Timestamp` (header X-TC-Timestamp) is"
                    + " missing.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "The parameter `Timestamp` (header X-TC-Timestamp) must be"
                    + " Unix seconds, not " + Json.quote(ts) + ".");
        }
        String key = options.secrets().get(auth.secretId());
        if (key == null) {
            throw new ApiError(ApiError.SECRET_ID_NOT_FOUND, "The SecretId " + Json.quote(auth.secretId())
                    + " is not known.");
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - seconds) > Tc3.WINDOW_SECONDS) {
            throw new ApiError(ApiError.SIGNATURE_EXPIRE, "The timestamp " + seconds + " and the server time differ"
                    + " by more than five minutes.");
        }
        if (!Tc3.verify(auth, key, request.method(), request.query(), request.headers(), request.body(), ts)) {
            throw new ApiError(ApiError.SIGNATURE_FAILURE, "The signature does not match; check the SecretKey and"
                    + " that the request was not altered.");
        }
        return auth.secretId();
    }

    private ObjectNode taskStatus(ObjectNode params) {
        String id = Resources.text(params, "TaskId");
        if (id.isEmpty()) {
            String deal = Resources.text(params, "DealName");
            throw deal.isEmpty()
                    ? new ApiError(ApiError.MISSING_PARAMETER, "The parameter `$.TaskId` is missing.")
                    : new ApiError(ApiError.INVALID_PARAMETER, "The parameter `$.DealName`: no deal "
                            + Json.quote(deal) + " exists here (this endpoint creates no orders).");
        }
        Tasks.Task t = tasks.get(id).orElseThrow(() -> new ApiError(ApiError.INVALID_PARAMETER,
                "The parameter `$.TaskId`: no task " + Json.quote(id) + "."));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("Status", t.status());
        out.putArray("LoadBalancerIds").add(t.loadBalancerId);
        if (t.status() == Tasks.FAILED) {
            out.put("Message", t.message());
        }
        return out;
    }

    /** Stops the thread of delayed tasks; tasks not yet applied are dropped (the file keeps its last content). */
    @Override
    public void close() {
        committer.close();
    }

}
