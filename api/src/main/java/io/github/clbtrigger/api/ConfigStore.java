package io.github.clbtrigger.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.common.FileStamp;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One load balancer's configuration file: its lock, the last state read or written, and the atomic write.
 *
 * <p>The file is edited as a JSON tree: only the {@code Listeners} the API changes differ, every other member (the
 * {@code Functions} section, {@code ListenerName}s, fields this project does not read) is kept as it was. Before each
 * call the file is re-read if it changed on disk (a hand edit), so an API change never undoes one; a file made
 * invalid by hand stops changes ({@code FailedOperation}) until it is fixed, and reads keep answering the last valid
 * state, which is also what the data plane keeps serving.
 *
 * <p>A change is: validate (the matcher's parser and validator; for a tree edited by {@link State#edit}, only the
 * listeners it changed, see {@link Edits}), write a temporary file in the same folder, fsync,
 * rename over the file, fsync the folder, apply the text to the data plane; if the data plane refuses it, the
 * previous text is written back the same way. All of it under {@link #lock()}.
 */
final class ConfigStore {
    /** The load balancer id served for a file without {@code LoadBalancerId}. */
    static final String DEFAULT_ID = "lb-local";

    /**
     * A valid configuration: the tree, its text and bytes, what the matcher and the Functions section make of it,
     * and the pretty-printed text of each listener of the tree (what an edit of one listener reuses for the others).
     * Nothing here is ever changed: an edit copies what it changes ({@link #edit}) and shares the rest.
     */
    record State(ObjectNode root, byte[] bytes, String text, LoadBalancerConfig config, RouteTable table,
                 String loadBalancerId, Set<String> functions, List<String> listenerTexts) {
        /** The object holding {@code Listeners}: the root, or its {@code Response} wrapper's content. */
        static ObjectNode body(ObjectNode root) {
            JsonNode r = root.get("Response");
            return r instanceof ObjectNode o && !root.has("Listeners") ? o : root;
        }

        ObjectNode body() {
            return body(root);
        }

        /**
         * A tree to edit, equal to this state's: the root, the {@code Response} wrapper, the {@code Listeners} array
         * and listener {@code li} (none when negative) are copies; every other node is this state's own, to be read,
         * never changed.
         */
        ObjectNode edit(int li) {
            return Edits.copyPath(root, li);
        }
    }

    /** The file changed on disk after {@link #refresh()}: the change must be computed again on its new content. */
    static final class Stale extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stale() {
            super("the configuration file changed during the call", null, false, false);
        }
    }

    private final Path file;
    private final ConfigTarget target;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state;
    private String stamp;

    private ConfigStore(Path file, ConfigTarget target, State state, String stamp) {
        this.file = file;
        this.target = target;
        this.state = state;
        this.stamp = stamp;
    }

    /**
     * Reads and validates the file.
     *
     * @throws IOException     if the file cannot be read
     * @throws ConfigException if it is not a valid configuration
     */
    static ConfigStore open(Path file, ConfigTarget target) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return new ConfigStore(file, target, parse(bytes), FileStamp.of(file));
        } catch (ApiError e) {
            throw new ConfigException(List.of(new ConfigProblem(e.code(), file.toString(), e.getMessage())));
        }
    }

    ReentrantLock lock() {
        return lock;
    }

    /** The last valid state, read without the lock. */
    State state() {
        return state;
    }

    /**
     * Adopts the file's content if it changed on disk since the last read or write. Call with {@link #lock()} held.
     *
     * @throws ApiError {@code FailedOperation} if the file changed and is no longer valid
     */
    State refresh() {
        String now = FileStamp.of(file);
        if (now.equals(stamp)) {
            return state;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiError(ApiError.FAILED_OPERATION, "The configuration file cannot be read: " + e.getMessage());
        }
        if (!Arrays.equals(bytes, state.bytes())) {
            try {
                state = parse(bytes);
            } catch (ApiError e) {
                throw new ApiError(ApiError.FAILED_OPERATION, "The configuration file was edited and is now invalid"
                        + " (" + e.code() + ": " + e.getMessage() + "); fix it, then retry.");
            }
        }
        stamp = now;
        return state;
    }

    /** Validates an edited tree as the data plane will, without writing it. */
    static State validate(ObjectNode root) {
        return parse(Json.pretty(root));
    }

    /**
     * Validates a tree edited from {@code base}, as {@link #validate(ObjectNode)} does, in time proportional to the
     * change when the tree shares {@code base}'s nodes ({@link State#edit}): a listener node of {@code base} keeps its
     * parsed value and text, only the others are parsed, the matcher compiles against {@code base}'s table, and the
     * text is assembled from the listeners' texts. Anything else (another member changed) is validated whole.
     */
    static State validate(ObjectNode root, State base) {
        State s = Edits.incremental(root, base);
        return s != null ? s : validate(root);
    }

    /**
     * Writes {@code next} atomically and applies it to the data plane. Call with {@link #lock()} held.
     *
     * @throws ApiError {@code FailedOperation} if the write fails or the data plane refuses the text (the file is
     *                  then restored)
     * @throws Stale    if the file was changed on disk (by hand) since the last {@link #refresh()}; nothing is written
     */
    void commit(State next) {
        State previous = state;
        if (!FileStamp.of(file).equals(stamp)) {
            throw new Stale();
        }
        write(next.bytes());
        try {
            target.apply(next.text(), next.config());
        } catch (RejectedConfig e) {
            write(previous.bytes());
            throw new ApiError(ApiError.FAILED_OPERATION, "The data plane refused the change: " + e.getMessage());
        }
        state = next;
    }

    private void write(byte[] bytes) {
        try {
            writeAtomically(file, bytes);
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            throw new ApiError(ApiError.FAILED_OPERATION, "The configuration file cannot be written: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Temporary file in the same folder, fsync, rename over {@code file}, fsync the folder. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path real = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path dir = real.getParent();
        Path tmp = Files.createTempFile(dir, "." + real.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            PosixFileAttributeView from = Files.getFileAttributeView(real, PosixFileAttributeView.class);
            if (from != null && Files.exists(real)) {
                Files.setPosixFilePermissions(tmp, from.readAttributes().permissions());
            }
            Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or fsync a directory; the rename itself is still atomic there.
        }
    }

    private static State parse(byte[] bytes) {
        ObjectNode root;
        try {
            root = Json.object(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiError(ApiError.FORMAT_ERROR, "$: " + Json.reason(e));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        LoadBalancerConfig config;
        RouteTable table;
        try {
            config = LoadBalancerConfig.parse(text);
            table = RouteTable.compile(config);
        } catch (ConfigException e) {
            throw problem(e.problems());
        }
        String id = config.loadBalancerId().isEmpty() ? DEFAULT_ID : config.loadBalancerId();
        return new State(root, bytes, text, config, table, id, functions(root), Edits.listenerTexts(root));
    }

    static ApiError problem(List<ConfigProblem> problems) {
        ConfigProblem p = problems.get(0);
        return new ApiError(p.code(), p.where() + ": " + p.what());
    }

    /** {@code namespace/name:qualifier} of every entry of the {@code Functions} section. */
    static Set<String> functions(ObjectNode root) {
        Set<String> out = new HashSet<>();
        for (ObjectNode holder : List.of(root, State.body(root))) {
            JsonNode fs = holder.get("Functions");
            if (fs != null && fs.isArray()) {
                for (JsonNode f : fs) {
                    if (f.isObject()) {
                        String name = Json.text(f, "FunctionName").orElse("");
                        out.add(key(Json.text(f, "Namespace").orElse("default"), name,
                                Json.text(f, "Qualifier").orElse("$LATEST")));
                    }
                }
            }
        }
        return Set.copyOf(out);
    }

    static String key(String namespace, String name, String qualifier) {
        return namespace + "/" + name + ":" + qualifier;
    }
}
