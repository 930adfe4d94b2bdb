package io.github.clbtrigger.codec;

/**
 * Why a function's value was not a valid integration response. The first problem found, in document order, is
 * reported; syntax problems of the whole document are found before the missing {@code statusCode} and the body checks.
 */
public enum InvalidReason {
    /** The input is not one strict JSON value: a syntax error, a byte order mark, a NUL byte, or nothing at all. */
    MALFORMED_JSON,
    /** The input is not well-formed UTF-8 (RFC 3629: no overlong forms, no encoded surrogates). */
    INVALID_UTF8,
    /** Something other than whitespace follows the object. */
    TRAILING_CONTENT,
    /** The input is JSON, but not an object. */
    NOT_AN_OBJECT,
    /** An object repeats a member name (anywhere in the document). */
    DUPLICATE_KEY,
    /** The document nests deeper than {@code maxDepth}, or a name, number or string is longer than allowed. */
    LIMIT_EXCEEDED,
    /** {@code statusCode} is absent or {@code null}. */
    MISSING_STATUS_CODE,
    /** {@code body} or {@code headers} is absent or {@code null} where the dialect requires both (FunctionGraph). */
    MISSING_MEMBER,
    /** {@code statusCode} is not a JSON integer from 200 to 599 (a 1xx is not a final status) ({@code 200.0}, {@code 1e2}, {@code "200"}). */
    BAD_STATUS_CODE,
    /** {@code isBase64Encoded} is not {@code true}, {@code false} or {@code null}. */
    BAD_IS_BASE64_ENCODED,
    /** {@code headers} is not an object or {@code null}. */
    BAD_HEADERS,
    /** A header name is not an RFC 7230 token. */
    BAD_HEADER_NAME,
    /** A header value is not a string or an array of strings, or holds a control character other than tab. */
    BAD_HEADER_VALUE,
    /** {@code body} is not a string or {@code null}. */
    BAD_BODY,
    /** {@code body} should be Base64 but is not in the accepted form. */
    BAD_BASE64,
    /** The body, after Base64 decoding or as UTF-8, is larger than {@code maxBodyBytes}. */
    BODY_TOO_LARGE
}
