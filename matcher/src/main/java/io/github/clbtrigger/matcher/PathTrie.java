package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The static locations of one domain (nginx's location tree): {@code =} and prefix rules in a character trie, so a
 * lookup walks the URI once, remembering the longest prefix, and ends at the node of the whole URI (exact rule, or
 * the trailing-slash redirect). Immutable once built; lookups allocate nothing.
 */
final class PathTrie {
    /** One trie node; children sorted by character. */
    static final class Node {
        final char[] chars;
        final Node[] children;
        final CompiledRule exact;
        final CompiledRule prefix;

        Node(char[] chars, Node[] children, CompiledRule exact, CompiledRule prefix) {
            this.chars = chars;
            this.children = children;
            this.exact = exact;
            this.prefix = prefix;
        }

        Node child(char c) {
            int lo = 0;
            int hi = chars.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                char m = chars[mid];
                if (m < c) {
                    lo = mid + 1;
                } else if (m > c) {
                    hi = mid - 1;
                } else {
                    return children[mid];
                }
            }
            return null;
        }
    }

    private final Node root;

    private PathTrie(Node root) {
        this.root = root;
    }

    Node root() {
        return root;
    }

    /** Builds a trie of the {@code =} and prefix rules among {@code rules}. */
    static PathTrie of(List<CompiledRule> rules) {
        Builder b = new Builder();
        for (CompiledRule r : rules) {
            if (r.url() instanceof UrlSpec.Exact e) {
                b.at(e.path()).exact = r;
            } else if (r.url() instanceof UrlSpec.Prefix p) {
                b.at(p.path()).prefix = r;
            }
        }
        return new PathTrie(b.freeze());
    }

    private static final class Builder {
        final TreeMap<Character, Builder> children = new TreeMap<>();
        CompiledRule exact;
        CompiledRule prefix;

        Builder at(String path) {
            Builder n = this;
            for (int i = 0; i < path.length(); i++) {
                n = n.children.computeIfAbsent(path.charAt(i), c -> new Builder());
            }
            return n;
        }

        Node freeze() {
            char[] cs = new char[children.size()];
            Node[] ns = new Node[children.size()];
            int i = 0;
            for (Map.Entry<Character, Builder> e : children.entrySet()) {
                cs[i] = e.getKey();
                ns[i++] = e.getValue().freeze();
            }
            return new Node(cs, ns, exact, prefix);
        }
    }

    /** All rules in the trie, for explanations. */
    List<CompiledRule> rules() {
        List<CompiledRule> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<CompiledRule> out) {
        if (n.exact != null) {
            out.add(n.exact);
        }
        if (n.prefix != null) {
            out.add(n.prefix);
        }
        for (Node c : n.children) {
            collect(c, out);
        }
    }
}
