package io.github.clbtrigger.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which platform's integration-response rules the {@link ResponseDecoder} applies. The rules are the same except
 * for the default of {@code isBase64Encoded}, the members that must be present, and the error response.
 */
public enum Dialect {
    /**
     * Tencent CLB in front of SCF: {@code isBase64Encoded} defaults to {@code false}; an invalid value is answered
     * with HTTP 403, {@code Content-Type: application/json} and the body
     * {@code {"errno":403,"error":"Analyse scf response failed."}}.
     */
    CLB(false, false, ClbErrors.ANALYSE_FAILED),

    /**
     * Huawei FunctionGraph HTTP functions: {@code isBase64Encoded} defaults to {@code true}; {@code body} and
     * {@code headers} must be present and not {@code null} ("A valid HTTP function response must contain
     * body(String), statusCode(int), headers(Map), and isBase64Encoded(boolean)"); an invalid value is
     * answered with HTTP 500, {@code Content-Type: application/json} and FunctionGraph's documented error for an
     * invalid function response, its message in full: {@code {"error_code":"FSS.1202","error_msg":"The response body
     * or callback body is invalid because they do not contain any status code."}}.
     */
    FUNCTION_GRAPH(true, true, new HttpResponse(500, List.of(new Header("Content-Type", "application/json")),
            ("{\"error_code\":\"FSS.1202\",\"error_msg\":\"The response body or callback body is invalid because they "
                    + "do not contain any status code.\"}").getBytes(StandardCharsets.UTF_8)));

    private final boolean base64ByDefault;
    private final boolean bodyAndHeadersRequired;
    private final HttpResponse errorResponse;

    Dialect(boolean base64ByDefault, boolean bodyAndHeadersRequired, HttpResponse errorResponse) {
        this.base64ByDefault = base64ByDefault;
        this.bodyAndHeadersRequired = bodyAndHeadersRequired;
        this.errorResponse = errorResponse;
    }

    /**
     * Returns whether {@code body} and {@code headers} must be present and not {@code null}.
     *
     * @return {@code false} for CLB (absent means empty), {@code true} for FunctionGraph
     */
    public boolean bodyAndHeadersRequired() {
        return bodyAndHeadersRequired;
    }

    /**
     * Returns whether a body is Base64 when {@code isBase64Encoded} is absent or {@code null}.
     *
     * @return {@code false} for CLB, {@code true} for FunctionGraph
     */
    public boolean base64ByDefault() {
        return base64ByDefault;
    }

    /**
     * Returns the response the frontend sends when the function's value is invalid.
     *
     * @return the dialect's error response
     */
    public HttpResponse errorResponse() {
        return errorResponse;
    }
}
