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
import java.util.Optional;
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
 * previous text is written back the same way. All of it under {@link #lock()}. {@link Committer} validates several
 * calls' edits one on top of the other and commits only the last state.
 */
final class ConfigStore {
    /** The load balancer id served for a file without {@code LoadBalancerId}. */
    static final String DEFAULT_ID = "lb-local";

    /**
     * A valid configuration: the tree, what the matcher and the Functions section make of it, the pretty-printed text
     * of each listener of the tree (what an edit of one listener reuses for the others), and the file's text and
     * bytes. Nothing here is ever changed: an edit copies what it changes ({@link #edit}) and shares the rest. The
     * text of a state made by an edit is assembled from the listeners' texts when first asked for, so a state that is
     * only the base of the next edit (inside a group, see {@link Committer}) never costs the whole file's text.
     */
    static final class State {
        private final ObjectNode root;
        private final LoadBalancerConfig config;
        private final RouteTable table;
        private final String loadBalancerId;
        private final Set<String> functions;
        private final List<String> listenerTexts;
        private volatile String text;
        private volatile byte[] bytes;
        private volatile Optional<String> functionsJson;

        /** A state whose text is known: read from the file, or printed whole from the tree. */
        State(ObjectNode root, byte[] bytes, String text, LoadBalancerConfig config, RouteTable table,
              String loadBalancerId, Set<String> functions, List<String> listenerTexts) {
            this(root, config, table, loadBalancerId, functions, listenerTexts);
            this.bytes = bytes;
            this.text = text;
        }

        /**
         * A state whose text is {@link Edits#assemble} of the tree and the listeners' texts, made when needed;
         * {@code base} is the state it was edited from, whose {@code Functions} member it shares.
         */
        State(ObjectNode root, LoadBalancerConfig config, RouteTable table, State base, List<String> listenerTexts) {
            this(root, config, table, base.loadBalancerId, base.functions, listenerTexts);
            this.functionsJson = base.functionsJson;
        }

        private State(ObjectNode root, LoadBalancerConfig config, RouteTable table, String loadBalancerId,
                      Set<String> functions, List<String> listenerTexts) {
            this.root = root;
            this.config = config;
            this.table = table;
            this.loadBalancerId = loadBalancerId;
            this.functions = functions;
            this.listenerTexts = listenerTexts;
        }

        /** The object holding {@code Listeners}: the root, or its {@code Response} wrapper's content. */
        static ObjectNode body(ObjectNode root) {
            JsonNode r = root.get("Response");
            return r instanceof ObjectNode o && !root.has("Listeners") ? o : root;
        }

        ObjectNode body() {
            return body(root);
        }

        ObjectNode root() {
            return root;
        }

        LoadBalancerConfig config() {
            return config;
        }

        RouteTable table() {
            return table;
        }

        String loadBalancerId() {
            return loadBalancerId;
        }

        Set<String> functions() {
            return functions;
        }

        List<String> listenerTexts() {
            return listenerTexts;
        }

        /** The file's text: {@link Json#pretty} of the tree (or the file as read). */
        String text() {
            String t = text;
            if (t == null) {
                t = Edits.assemble(root, listenerTexts);
                text = t;
            }
            return t;
        }

        /**
         * The value of the text's top-level {@code Functions} member as compact JSON, for a data plane that would
         * otherwise look for it in the whole text ({@link ConfigTarget#apply(String, LoadBalancerConfig, Optional)}),
         * or empty when the text has no such member.
         */
        Optional<String> functionsJson() {
            Optional<String> f = functionsJson;
            if (f == null) {
                JsonNode node = root.get("Functions");
                f = node == null ? Optional.empty()
                        : Optional.of(new String(Json.compact(node), StandardCharsets.UTF_8));
                functionsJson = f;
            }
            return f;
        }

        /** {@link #text()} in UTF-8; not to be modified. */
        byte[] bytes() {
            byte[] b = bytes;
            if (b == null) {
                b = text().getBytes(StandardCharsets.UTF_8);
                bytes = b;
            }
            return b;
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

    /** How the file is written: {@link #writeAtomically} in service; tests put a gate or a fault in between. */
    @FunctionalInterface
    interface Disk {
        void write(Path file, byte[] bytes) throws IOException;
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
    private final Disk disk;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state;
    private String stamp;

    private ConfigStore(Path file, ConfigTarget target, Disk disk, State state, String stamp) {
        this.file = file;
        this.target = target;
        this.disk = disk;
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
        return open(file, target, ConfigStore::writeAtomically);
    }

    /** As {@link #open(Path, ConfigTarget)}, writing through {@code disk}. */
    static ConfigStore open(Path file, ConfigTarget target, Disk disk) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return new ConfigStore(file, target, disk, parse(bytes), FileStamp.of(file));
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
     * @throws ApiError         {@code FailedOperation} if the write fails (the file is left as it was) or the data
     *                           plane refuses the text (the file is then restored)
     * @throws Stale             if the file was changed on disk (by hand) since the last {@link #refresh()}; nothing
     *                           is written
     * @throws RuntimeException  the data plane's own failure; the file is restored first
     */
    void commit(State next) {
        State previous = state;
        if (!FileStamp.of(file).equals(stamp)) {
            throw new Stale();
        }
        write(next.bytes());
        try {
            target.apply(next.text(), next.config(), next.functionsJson());
        } catch (RejectedConfig e) {
            write(previous.bytes());
            throw new ApiError(ApiError.FAILED_OPERATION, "The data plane refused the change: " + e.getMessage());
        } catch (RuntimeException e) {
            write(previous.bytes());
            throw e;
        }
        state = next;
    }

    private void write(byte[] bytes) {
        try {
            disk.write(file, bytes);
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
