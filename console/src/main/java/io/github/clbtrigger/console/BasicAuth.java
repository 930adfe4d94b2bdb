package io.github.clbtrigger.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP Basic with the API's credentials: user {@code SecretId}, password {@code SecretKey}. Browsers cannot sign
 * TencentCloud API v3 requests, so the page asks for the pair the browser's own way. The comparison is of SHA-256
 * digests with {@link MessageDigest#isEqual}, so its time depends neither on where the first difference is nor on
 * the length of what was sent. The secret is never logged or echoed.
 */
final class BasicAuth {

    static final String CHALLENGE = "Basic realm=\"clb-trigger console\", charset=\"UTF-8\"";

    private final byte[] expected;

    BasicAuth(String secretId, String secretKey) {
        if (secretId.isEmpty() || secretKey.isEmpty() || secretId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("console credentials need a SecretId without ':' and a SecretKey");
        }
        this.expected = digest((secretId + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }

    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(presented));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
