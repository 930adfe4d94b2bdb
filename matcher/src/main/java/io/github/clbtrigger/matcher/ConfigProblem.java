package io.github.clbtrigger.matcher;

import java.util.Objects;

/**
 * One configuration problem, in CLB's terms.
 *
 * <p>{@link #toString()} is {@code CODE: where: what}, e.g.
 * {@code InvalidParameter.FormatError: $.Listeners[0].Rules[1].Url [lbl-http/loc-b]: URL must start with '/' ...}.
 * {@code where} is a JSON path into the configuration followed, when known, by {@code [listenerId/locationId]}.
 *
 * @param code  a CLB error code, one of the constants of this record
 * @param where the JSON path of the offending value and the listener/rule it belongs to
 * @param what  what is wrong, quoting the offending value
 */
public record ConfigProblem(String code, String where, String what) {
    /** A value has the wrong syntax or type. */
    public static final String FORMAT_ERROR = "InvalidParameter.FormatError";
    /** A domain or URL has the wrong length. */
    public static final String LENGTH = "InvalidParameterValue.Length";
    /** The same listener + domain + URL, LocationId, ListenerId, port or target appears twice. */
    public static final String DUPLICATE = "InvalidParameterValue.Duplicate";
    /** A call names a listener that does not exist. */
    public static final String LISTENER_NOT_FOUND = "InvalidParameter.ListenerIdNotFound";
    /** A call names a load balancer other than the configured one. */
    public static final String LB_NOT_FOUND = "InvalidParameter.LBIdNotFound";
    /** A call names a rule that does not exist. */
    public static final String LOCATION_NOT_FOUND = "InvalidParameter.LocationNotFound";
    /** A function is bound to a listener that is not HTTP/HTTPS. */
    public static final String PROTOCOL_CHECK_FAILED = "InvalidParameter.ProtocolCheckFailed";
    /** A required field is missing. */
    public static final String MISSING_PARAMETER = "MissingParameter";
    /** A quota is exceeded, or a rule binds more than one function. */
    public static final String LIMIT_EXCEEDED = "LimitExceeded";
    /** Something the configuration names does not exist: a rule's function, a {@code Bootstrap} file, a class. */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param code see {@link #code()}
     * @param where see {@link #where()}
     * @param what see {@link #what()}
     */
    public ConfigProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(what, "what");
    }

    /** {@return {@code CODE: where: what}} */
    @Override
    public String toString() {
        return code + ": " + where + ": " + what;
    }
}
