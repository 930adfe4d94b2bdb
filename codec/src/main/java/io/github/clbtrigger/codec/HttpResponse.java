package io.github.clbtrigger.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the frontend sends the client: a status, header lines in order and the body bytes. The frontend computes
 * {@code Content-Length} and the connection headers itself, so none of those are in {@link #headers()}.
 *
 * <p>Immutable: the body is copied in and {@link #body()} returns a copy. Use {@link #bodyLength()} and
 * {@link #writeBodyTo(OutputStream)} to send it without another copy. The constructor throws
 * {@link NullPointerException} for a {@code null} header list, header or body, and {@link IllegalArgumentException}
 * for a status outside 100 to 599.
 *
 * @param statusCode the HTTP status, 100 to 599
 * @param headers    the header lines in order; a name may repeat
 * @param body       the body bytes, possibly empty
 */
public record HttpResponse(int statusCode, List<Header> headers, byte[] body) {

    /**
     * Creates the value, checked as described above.
     *
     * @param statusCode the HTTP status, 100 to 599
     * @param headers    the header lines in order; a name may repeat
     * @param body       the body bytes, possibly empty
     */
    public HttpResponse {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("status code must be 100 to 599, was " + statusCode);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (!(headers instanceof HeaderList decoded && decoded.handOver(body))) {
            headers = List.copyOf(headers);
            body = body.clone();
        }
    }

    /**
     * Creates a response that keeps {@code headers[0, count)} and {@code body} themselves instead of copies: for the
     * codec's decoders, which hand over arrays they have just filled and never touch again. The result is the same
     * value as the public constructor's.
     */
    static HttpResponse owning(int statusCode, Header[] headers, int count, byte[] body) {
        return new HttpResponse(statusCode, new HeaderList(headers, count, body), body);
    }

    /** {@link #owning(int, Header[], int, byte[])} for a list of header lines, none {@code null}, that is copied. */
    static HttpResponse owning(int statusCode, List<Header> headers, byte[] body) {
        Header[] array = headers.toArray(new Header[0]);
        for (Header header : array) {
            Objects.requireNonNull(header, "header");
        }
        return owning(statusCode, array, array.length, body);
    }

    /**
     * Returns a copy of the body.
     *
     * @return the body bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body's length without copying it.
     *
     * @return the number of body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Writes the body to a stream without copying it.
     *
     * @param out where to write; not closed
     * @throws IOException if the stream fails
     */
    public void writeBodyTo(OutputStream out) throws IOException {
        out.write(body);
    }

    /** Two responses are equal when status, header lines and body bytes are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HttpResponse that
                && statusCode == that.statusCode
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return (31 * statusCode + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "HttpResponse[statusCode=" + statusCode + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
