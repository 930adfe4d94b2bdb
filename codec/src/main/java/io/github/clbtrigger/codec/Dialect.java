package io.github.clbtrigger.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which platform's integration-response rules the {@link ResponseDecoder} applies. The rules are the same except
 * for the default of {@code isBase64Encoded} and the error response.
 */
public enum Dialect {
    /**
     * Tencent CLB in front of SCF: {@code isBase64Encoded} defaults to {@code false}; an invalid value is answered
     * with HTTP 403, {@code Content-Type: application/json} and the body
     * {@code {"errno":403,"error":"Analyse scf response failed."}}.
     */
    CLB(false, ClbErrors.ANALYSE_FAILED),

    /**
     * Huawei FunctionGraph HTTP functions: {@code isBase64Encoded} defaults to {@code true}; an invalid value is
     * answered with HTTP 500, {@code Content-Type: application/json} and the body
     * {@code {"error_code":"FSS.1202","error_msg":"The response body or callback body is invalid."}}, FunctionGraph's
     * documented error for an invalid function response.
     */
    FUNCTION_GRAPH(true, new HttpResponse(500, List.of(new Header("Content-Type", "application/json")),
            "{\"error_code\":\"FSS.1202\",\"error_msg\":\"The response body or callback body is invalid.\"}"
                    .getBytes(StandardCharsets.UTF_8)));

    private final boolean base64ByDefault;
    private final HttpResponse errorResponse;

    Dialect(boolean base64ByDefault, HttpResponse errorResponse) {
        this.base64ByDefault = base64ByDefault;
        this.errorResponse = errorResponse;
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
