package io.github.clbtrigger.matcher;

import java.util.Objects;

/**
 * A route result with a one-line, human-readable reason: the normalized host and URI, the domain tier and domain,
 * the URL tier and rule, and the candidates considered in each tier. Example:
 * <pre>
 * host www.example.com: exact domain 'www.example.com' [candidates: exact www.example.com; leading wildcard
 * *.example.com]; uri /api/v1: regex rule loc-3 '~ ^/api/v[0-9]' [candidates: longest prefix loc-1 '/api';
 * regex loc-3 '~ ^/api/v[0-9]']
 * </pre>
 *
 * @param result the route result
 * @param reason the explanation; no tabs or line breaks, untrusted bytes escaped
 */
public record Explained(RouteResult result, String reason) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param result see {@link #result()}
     * @param reason see {@link #reason()}
     */
    public Explained {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
    }
}
