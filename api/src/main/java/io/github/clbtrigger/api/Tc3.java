package io.github.clbtrigger.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TC3-HMAC-SHA256, the signature of TencentCloud API 3.0, verified as the official SDKs compute it:
 *
 * <pre>
 * CanonicalRequest = METHOD \n / \n query \n (name:value\n for each SignedHeaders name) \n SignedHeaders \n hex(sha256(body))
 * StringToSign     = TC3-HMAC-SHA256 \n timestamp \n date/service/tc3_request \n hex(sha256(CanonicalRequest))
 * Signature        = hex(HMAC(HMAC(HMAC(HMAC("TC3"+key, date), service), "tc3_request"), StringToSign))
 * </pre>
 *
 * The service comes from the credential scope, never assumed to be {@code clb}: with a custom endpoint the Java and
 * Node SDKs sign with {@code 127} or {@code localhost:4577}. The {@code host} value tried is the Host header as
 * sent, then without its port (the Node SDK), then {@code <service>.tencentcloudapi.com}; signatures are compared in
 * constant time.
 */
final class Tc3 {
    static final String ALGORITHM = "TC3-HMAC-SHA256";
    /** Largest accepted difference between {@code X-TC-Timestamp} and the server clock, in seconds. */
    static final long WINDOW_SECONDS = 300;

    /** A parsed {@code Authorization} header. */
    record Authorization(String secretId, String date, String service, List<String> signedHeaders, byte[] signature) {
    }

    private Tc3() {
    }

    /**
     * Parses {@code TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX}.
     *
     * @throws ApiError {@code AuthFailure.InvalidAuthorization} when the header is not of that form
     */
    static Authorization parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            throw invalid("Authorization must start with '" + ALGORITHM + " '");
        }
        String credential = null;
        String signed = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw invalid("Authorization has a part without '='");
            }
            String value = p.substring(eq + 1).trim();
            switch (p.substring(0, eq)) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signed = value;
                case "Signature" -> signature = value;
                default -> throw invalid("Authorization has an unknown part");
            }
        }
        if (credential == null || signed == null || signature == null) {
            throw invalid("Authorization needs Credential, SignedHeaders and Signature");
        }
        int slash = credential.indexOf('/');
        String suffix = "/tc3_request";
        if (slash <= 0 || !credential.endsWith(suffix) || credential.length() < slash + 1 + 10 + 1 + suffix.length() + 1
                || credential.charAt(slash + 11) != '/') {
            throw invalid("Credential must be SecretId/yyyy-MM-dd/service/tc3_request");
        }
        String date = credential.substring(slash + 1, slash + 11);
        if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw invalid("the credential scope's date must be yyyy-MM-dd");
        }
        String service = credential.substring(slash + 12, credential.length() - suffix.length());
        List<String> headers = new ArrayList<>();
        for (String h : signed.split(";")) {
            if (h.isEmpty() || !h.equals(h.toLowerCase(Locale.ROOT))) {
                throw invalid("SignedHeaders must be lower-case names separated by ';'");
            }
            headers.add(h);
        }
        if (!headers.contains("content-type") || !headers.contains("host")) {
            throw invalid("SignedHeaders must include content-type and host");
        }
        if (signature.length() != 64 || !signature.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw invalid("Signature must be 64 lower-case hex digits");
        }
        return new Authorization(credential.substring(0, slash), date, service, List.copyOf(headers),
                HexFormat.of().parseHex(signature));
    }

    /**
     * Whether {@code auth} is a valid signature of this request with {@code secretKey}.
     *
     * @param headers request headers, names lower-case
     */
    static boolean verify(Authorization auth, String secretKey, String method, String query,
                          Map<String, String> headers, byte[] body, String timestamp) {
        String host = headers.getOrDefault("host", "");
        List<String> hosts = new ArrayList<>(List.of(host));
        withoutPort(host).ifPresent(hosts::add);
        hosts.add(auth.service() + ".tencentcloudapi.com");
        String payload = "UNSIGNED-PAYLOAD".equals(headers.get("x-tc-content-sha256"))
                ? sha256Hex("UNSIGNED-PAYLOAD".getBytes(StandardCharsets.UTF_8)) : sha256Hex(body);
        byte[] key = signingKey(secretKey, auth.date(), auth.service());
        boolean ok = false;
        for (String h : hosts) {
            StringBuilder canonical = new StringBuilder(method).append("\n/\n").append(query).append('\n');
            for (String name : auth.signedHeaders()) {
                String value = name.equals("host") ? h : headers.getOrDefault(name, "");
                canonical.append(name).append(':').append(value.trim().toLowerCase(Locale.ROOT)).append('\n');
            }
            canonical.append('\n').append(String.join(";", auth.signedHeaders())).append('\n').append(payload);
            String toSign = ALGORITHM + "\n" + timestamp + "\n" + auth.date() + "/" + auth.service() + "/tc3_request\n"
                    + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
            byte[] expected = hmac(key, toSign);
            ok |= MessageDigest.isEqual(expected, auth.signature());
        }
        return ok;
    }

    /** Signs as the SDKs do; used by tests and by the stand-alone client of the docs. */
    static String sign(String secretKey, String date, String service, String canonicalRequest, String timestamp) {
        String toSign = ALGORITHM + "\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac(signingKey(secretKey, date, service), toSign));
    }

    private static Optional<String> withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && end + 1 < host.length() ? Optional.of(host.substring(0, end + 1)) : Optional.empty();
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? Optional.of(host.substring(0, colon)) : Optional.empty();
    }

    private static byte[] signingKey(String secretKey, String date, String service) {
        byte[] k = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, service);
        return hmac(k, "tc3_request");
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    private static ApiError invalid(String why) {
        return new ApiError(ApiError.INVALID_AUTHORIZATION, why + ".");
    }
}
