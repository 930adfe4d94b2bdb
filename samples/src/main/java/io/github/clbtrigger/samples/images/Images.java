package io.github.clbtrigger.samples.images;

import io.github.clbtrigger.samples.Responses;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * The images sample: binary content both ways through CLB's Base64 rules.
 *
 * <ul>
 *   <li>{@code Images::png} returns a PNG: the integration response carries it Base64 encoded with
 *       {@code "isBase64Encoded": true}, and the frontend sends the client the raw bytes.</li>
 *   <li>{@code Images::upload} accepts any non-text body (an image, say): CLB Base64-encodes it into the event's
 *       {@code payload}; the function decodes it and answers with its size, SHA-256 and detected type.</li>
 * </ul>
 */
public final class Images {

    /**
     * Draws a small gradient PNG.
     *
     * @param event the CLB trigger event (unused)
     * @return a Base64 integration response with Content-Type image/png
     */
    public Map<String, Object> png(Map<String, Object> event) {
        return Responses.response(200, "image/png", Base64.getEncoder().encodeToString(gradientPng()), true);
    }

    /**
     * Describes an uploaded body.
     *
     * @param event the CLB trigger event; a binary body arrives Base64 encoded
     * @return a JSON integration response: {@code bytes}, {@code sha256}, {@code type}
     */
    public Map<String, Object> upload(Map<String, Object> event) {
        Object payload = event.get("payload");
        if (!(payload instanceof String text)) {
            return Responses.json(400, "{\"error\":\"send a binary body, e.g. Content-Type: image/png\"}");
        }
        byte[] body = Boolean.TRUE.equals(event.get("isBase64Encoded"))
                ? Base64.getDecoder().decode(text)
                : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Responses.json(200, "{\"bytes\":" + body.length + ",\"sha256\":\"" + sha256(body)
                + "\",\"type\":\"" + detect(body) + "\",\"base64\":" + event.get("isBase64Encoded") + "}");
    }

    static byte[] gradientPng() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 0x80);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String detect(byte[] body) {
        if (body.length >= 8 && (body[0] & 0xff) == 0x89 && body[1] == 'P' && body[2] == 'N' && body[3] == 'G') {
            return "image/png";
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        if (body.length >= 4 && body[0] == 'G' && body[1] == 'I' && body[2] == 'F') {
            return "image/gif";
        }
        return "application/octet-stream";
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
