package io.github.clbtrigger.api;

/**
 * A refused call: a TencentCloud error code and a message naming the parameter. Thrown anywhere below
 * {@link ControlPlane#handle} and turned into {@code {"Response": {"Error": {...}, "RequestId": ...}}} there.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String INVALID_ACTION = "InvalidAction";
    static final String NO_SUCH_VERSION = "NoSuchVersion";
    static final String UNKNOWN_PARAMETER = "UnknownParameter";
    static final String MISSING_PARAMETER = "MissingParameter";
    static final String INVALID_PARAMETER = "InvalidParameter";
    static final String FORMAT_ERROR = "InvalidParameter.FormatError";
    static final String INVALID_VALUE = "InvalidParameterValue";
    static final String VALUE_RANGE = "InvalidParameterValue.Range";
    static final String VALUE_LENGTH = "InvalidParameterValue.Length";
    static final String DUPLICATE = "InvalidParameterValue.Duplicate";
    static final String LB_NOT_FOUND = "InvalidParameter.LBIdNotFound";
    static final String LISTENER_NOT_FOUND = "InvalidParameter.ListenerIdNotFound";
    static final String LOCATION_NOT_FOUND = "InvalidParameter.LocationNotFound";
    static final String PROTOCOL_CHECK_FAILED = "InvalidParameter.ProtocolCheckFailed";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    static final String FAILED_OPERATION = "FailedOperation";
    static final String IN_OPERATION = "FailedOperation.ResourceInOperating";
    static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    static final String REQUEST_LIMIT = "RequestLimitExceeded";
    static final String INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization";
    static final String SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound";
    static final String SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    static final String SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    static final String INTERNAL_ERROR = "InternalError";

    private final String code;

    ApiError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
