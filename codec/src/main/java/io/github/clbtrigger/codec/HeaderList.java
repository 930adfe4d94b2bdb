package io.github.clbtrigger.codec;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The header lines of a decoded {@link HttpResponse}: an unmodifiable list over the first {@code size} entries of an
 * array that the decoder filled and never touches again, so that no copy is made of it.
 *
 * <p>It also carries the body array the decoder has just filled, for {@link HttpResponse}'s constructor to keep
 * instead of a copy: {@link #handOver} gives the body away once, to a constructor that was passed this very array.
 * Any other caller's list and array are copied as before. Only this package can make one.
 */
final class HeaderList extends AbstractList<Header> implements RandomAccess {

    private final Header[] headers;
    private final int size;
    /** The body that may be kept without a copy, until {@link #handOver} gives it away. */
    private byte[] body;

    /** Takes {@code headers[0, size)}, none {@code null}, and {@code body}; the caller keeps neither. */
    HeaderList(Header[] headers, int size, byte[] body) {
        this.headers = headers;
        this.size = size;
        this.body = body;
    }

    @Override
    public Header get(int index) {
        return headers[Objects.checkIndex(index, size)];
    }

    @Override
    public int size() {
        return size;
    }

    /** Whether {@code candidate} is the body this list carries, which it then no longer does. */
    boolean handOver(byte[] candidate) {
        if (body == null || body != candidate) {
            return false;
        }
        body = null;
        return true;
    }
}
