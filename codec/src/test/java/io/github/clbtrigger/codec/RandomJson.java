package io.github.clbtrigger.codec;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** QuickTheories generators of JSON text: any value, and objects shaped like (possibly wrong) integration responses. */
final class RandomJson {

    private static final List<String> MEMBERS = List.of("statusCode", "isBase64Encoded", "headers", "body", "other");
    private static final List<String> ATOMS = List.of("0", "-1", "200", "200.0", "1e2", "599", "600", "1e400",
            "-0", "12345678901234567890", "true", "false", "null", "\"\"", "\"200\"", "\"aGVsbG8=\"", "\"a\\r\\nb\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"Set-Cookie\"", "\"=\"", "\"\\\"\"");

    private RandomJson() {
    }

    /** Any JSON value up to {@code depth} levels, sometimes with a broken token or trailing bytes. */
    static Gen<String> values(int depth) {
        return in -> {
            StringBuilder out = new StringBuilder();
            value(in, out, depth);
            if (pick(in, 10) == 0) {
                out.insert(pick(in, out.length() + 1), ATOMS.get(pick(in, ATOMS.size())).charAt(0));
            }
            return out.toString();
        };
    }

    /** An object whose members are the response's own names, with arbitrary values. */
    static Gen<String> responseShaped() {
        return in -> {
            StringBuilder out = new StringBuilder("{");
            int members = pick(in, 6);
            for (int i = 0; i < members; i++) {
                out.append(i == 0 ? "" : ",").append('"').append(MEMBERS.get(pick(in, MEMBERS.size()))).append("\":");
                if (pick(in, 3) == 0) {
                    headers(in, out);
                } else {
                    value(in, out, 3);
                }
            }
            return out.append('}').toString();
        };
    }

    private static void headers(RandomnessSource in, StringBuilder out) {
        out.append('{');
        int count = pick(in, 4);
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(JsonText.quote(string(in))).append(':');
            if (pick(in, 2) == 0) {
                value(in, out, 2);
            } else {
                out.append(JsonText.quote(string(in)));
            }
        }
        out.append('}');
    }

    private static void value(RandomnessSource in, StringBuilder out, int depth) {
        int kind = pick(in, depth > 0 ? 5 : 3);
        switch (kind) {
            case 0 -> out.append(ATOMS.get(pick(in, ATOMS.size())));
            case 1 -> out.append(JsonText.quote(string(in)));
            case 2 -> out.append(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
            case 3 -> {
                out.append('[');
                int count = pick(in, 4);
                for (int i = 0; i < count; i++) {
                    out.append(i == 0 ? "" : ",");
                    value(in, out, depth - 1);
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                int count = pick(in, 4);
                for (int i = 0; i < count; i++) {
                    out.append(i == 0 ? "" : ",").append(JsonText.quote(string(in))).append(':');
                    value(in, out, depth - 1);
                }
                out.append('}');
            }
        }
    }

    private static String string(RandomnessSource in) {
        int length = pick(in, 8);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int range = pick(in, 4);
            long c = switch (range) {
                case 0 -> in.next(Constraint.between(0, 0x7f));
                case 1 -> in.next(Constraint.between('a', 'z'));
                case 2 -> in.next(Constraint.between(0x80, 0xffff));
                default -> MEMBERS.get(0).charAt(pick(in, 10));
            };
            text.append((char) c);
        }
        return text.toString();
    }

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }
}
