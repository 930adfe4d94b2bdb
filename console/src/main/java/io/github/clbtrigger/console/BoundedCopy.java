package io.github.clbtrigger.console;

import io.github.clbtrigger.codec.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The first bytes of a response's body, copied once, without copying the rest (its {@code body()} would). */
final class BoundedCopy extends OutputStream {

    private final byte[] head;
    private int kept;

    private BoundedCopy(int limit) {
        this.head = new byte[limit];
    }

    static Body head(HttpResponse response, int limit) {
        BoundedCopy copy = new BoundedCopy(Math.min(limit, response.bodyLength()));
        try {
            response.writeBodyTo(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // not thrown: this stream does no I/O
        }
        return Body.head(copy.head, copy.kept, response.bodyLength());
    }

    @Override
    public void write(int b) {
        if (kept < head.length) {
            head[kept++] = (byte) b;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int n = Math.min(length, head.length - kept);
        System.arraycopy(bytes, offset, head, kept, n);
        kept += n;
    }
}
