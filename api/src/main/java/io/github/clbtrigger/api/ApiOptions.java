package io.github.clbtrigger.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the management endpoint runs: the values of {@code clb serve}'s {@code --api-*} flags and the credentials of
 * its environment. Immutable; derive variants with the {@code with...} methods.
 *
 * <table>
 *   <caption>Flags ({@link #parse})</caption>
 *   <tr><th>Flag</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code --api-port N}</td><td>4577</td><td>the port; 0 picks a free one</td></tr>
 *   <tr><td>{@code --api-bind ADDR}</td><td>127.0.0.1</td><td>the address; a non-loopback one needs credentials</td></tr>
 *   <tr><td>{@code --no-api}</td><td></td><td>no management endpoint</td></tr>
 *   <tr><td>{@code --api-task-delay D}</td><td>0</td><td>how long a change's task runs ({@code 500ms}, {@code 2s},
 *       or milliseconds)</td></tr>
 *   <tr><td>{@code --api-max-body N}</td><td>1048576</td><td>largest request body in bytes</td></tr>
 *   <tr><td>{@code --api-rate-limit N}</td><td>20</td><td>calls per second per SecretId per action</td></tr>
 *   <tr><td>{@code --api-max-group N}</td><td>64</td><td>most changing calls written to the file together (1-1024;
 *       1 writes each call alone)</td></tr>
 * </table>
 * Credentials: {@code TENCENTCLOUD_SECRET_ID} and {@code TENCENTCLOUD_SECRET_KEY} (the names the SDKs' environment
 * credential provider reads) make signatures mandatory ({@link #fromEnvironment}).
 *
 * @param enabled       whether to serve the endpoint at all
 * @param bind          the address to bind
 * @param port          the port, 0 for a free one
 * @param taskDelay     how long each change's task reports {@code Status} 2 before it is applied
 * @param maxBodyBytes  the largest request body accepted, in bytes
 * @param rateLimit     calls per second accepted per SecretId and action
 * @param secrets       SecretId to SecretKey; empty means any well-formed signature (or none) is accepted
 * @param maxGroup      the most changing calls committed together: calls that arrive while the file is being
 *                      written wait, and are then applied in turn, written with one write and applied to the data
 *                      plane at once, each answered when that is done (docs/api.md, "Group commit")
 */
public record ApiOptions(boolean enabled, String bind, int port, Duration taskDelay, int maxBodyBytes, int rateLimit,
                         Map<String, String> secrets, int maxGroup) {
    /** The default port. */
    public static final int DEFAULT_PORT = 4577;
    /** The API version served. */
    public static final String VERSION = "2018-03-17";
    /** The default of {@link #maxGroup()}. */
    public static final int DEFAULT_MAX_GROUP = 64;
    /** The largest {@link #maxGroup()} accepted. */
    public static final int MAX_GROUP_LIMIT = 1024;

    /**
     * Creates the value, checking every component.
     *
     * @param enabled see {@link #enabled()}
     * @param bind see {@link #bind()}
     * @param port see {@link #port()}
     * @param taskDelay see {@link #taskDelay()}
     * @param maxBodyBytes see {@link #maxBodyBytes()}
     * @param rateLimit see {@link #rateLimit()}
     * @param secrets see {@link #secrets()}
     * @param maxGroup see {@link #maxGroup()}
     * @throws IllegalArgumentException if a value is out of range
     */
    public ApiOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(taskDelay, "taskDelay");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--api-port " + port + " is outside 0-65535");
        }
        if (taskDelay.isNegative() || taskDelay.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--api-task-delay must be between 0 and 1h");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > (64 << 20)) {
            throw new IllegalArgumentException("--api-max-body " + maxBodyBytes + " is outside 1024-67108864");
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("--api-rate-limit must be at least 1");
        }
        if (maxGroup < 1 || maxGroup > MAX_GROUP_LIMIT) {
            throw new IllegalArgumentException("--api-max-group " + maxGroup + " is outside 1-" + MAX_GROUP_LIMIT);
        }
        secrets = Map.copyOf(secrets);
    }

    /**
     * {@return the defaults: enabled, 127.0.0.1:4577, no task delay, 1 MiB bodies, 20 calls/s, no credentials, groups
     * of up to 64 changes}
     */
    public static ApiOptions defaults() {
        return new ApiOptions(true, "127.0.0.1", DEFAULT_PORT, Duration.ZERO, 1 << 20, 20, Map.of(),
                DEFAULT_MAX_GROUP);
    }

    /**
     * The defaults with the credentials of an environment.
     *
     * @param env the environment, e.g. {@link System#getenv()}
     * @return options requiring signatures by that SecretId when both variables are set and non-empty
     */
    public static ApiOptions fromEnvironment(Map<String, String> env) {
        String id = env.get("TENCENTCLOUD_SECRET_ID");
        String key = env.get("TENCENTCLOUD_SECRET_KEY");
        ApiOptions d = defaults();
        return id == null || id.isEmpty() || key == null || key.isEmpty() ? d : d.withSecrets(Map.of(id, key));
    }

    /**
     * Applies {@code --api-*} flags to these options.
     *
     * @param args flags and their values, e.g. {@code ["--api-port", "0", "--no-api"]}
     * @return the options with the flags applied
     * @throws IllegalArgumentException naming the flag, for an unknown flag or a bad value
     */
    public ApiOptions parse(List<String> args) {
        ApiOptions o = this;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--no-api")) {
                o = o.withEnabled(false);
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args.get(++i);
            o = switch (flag) {
                case "--api-port" -> o.withPort(integer(flag, v));
                case "--api-bind" -> o.withBind(v);
                case "--api-task-delay" -> o.withTaskDelay(duration(v));
                case "--api-max-body" -> o.withMaxBodyBytes(integer(flag, v));
                case "--api-rate-limit" -> o.withRateLimit(integer(flag, v));
                case "--api-max-group" -> o.withMaxGroup(integer(flag, v));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        return o;
    }

    /**
     * Parses a delay: {@code 500ms}, {@code 2s}, or a number of milliseconds.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if it is none of those
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--api-task-delay '" + text + "' is not like 500ms, 2s or 1500", e);
        }
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + v + "' is not an integer", e);
        }
    }

    /** {@return whether signatures are verified (credentials are configured)} */
    public boolean strict() {
        return !secrets.isEmpty();
    }

    /**
     * Refuses a non-loopback bind without credentials: it would open the routing table to the network.
     *
     * @throws IllegalStateException if {@link #bind()} is not a loopback address and {@link #strict()} is false
     */
    public void checkBind() {
        if (strict()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("--api-bind " + bind + ": unknown host", e);
        }
        if (!loopback) {
            throw new IllegalStateException("--api-bind " + bind + " is not a loopback address: set"
                    + " TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY so that calls must be signed");
        }
    }

    /**
     * A copy with another {@link #enabled()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withEnabled(boolean v) {
        return new ApiOptions(v, bind, port, taskDelay, maxBodyBytes, rateLimit, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #bind()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withBind(String v) {
        return new ApiOptions(enabled, v, port, taskDelay, maxBodyBytes, rateLimit, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #port()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withPort(int v) {
        return new ApiOptions(enabled, bind, v, taskDelay, maxBodyBytes, rateLimit, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #taskDelay()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withTaskDelay(Duration v) {
        return new ApiOptions(enabled, bind, port, v, maxBodyBytes, rateLimit, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #maxBodyBytes()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withMaxBodyBytes(int v) {
        return new ApiOptions(enabled, bind, port, taskDelay, v, rateLimit, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #rateLimit()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withRateLimit(int v) {
        return new ApiOptions(enabled, bind, port, taskDelay, maxBodyBytes, v, secrets, maxGroup);
    }

    /**
     * A copy with another {@link #secrets()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withSecrets(Map<String, String> v) {
        return new ApiOptions(enabled, bind, port, taskDelay, maxBodyBytes, rateLimit, v, maxGroup);
    }

    /**
     * A copy with another {@link #maxGroup()}.
     *
     * @param v the new value
     * @return the copy
     */
    public ApiOptions withMaxGroup(int v) {
        return new ApiOptions(enabled, bind, port, taskDelay, maxBodyBytes, rateLimit, secrets, v);
    }

    /** {@return the options with SecretIds only: SecretKeys are never printed} */
    @Override
    public String toString() {
        return "ApiOptions[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", taskDelay=" + taskDelay
                + ", maxBodyBytes=" + maxBodyBytes + ", rateLimit=" + rateLimit + ", secretIds=" + secrets.keySet()
                + ", maxGroup=" + maxGroup + "]";
    }
}
