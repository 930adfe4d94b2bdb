package io.github.clbtrigger.matcher;

/** A route result as one line, the way {@code clb route} prints it: LocationId, {@code 301 <location>}, 404, 400. */
final class Outcome {
    private Outcome() {
    }

    static String of(RouteResult r) {
        if (r instanceof RouteResult.Matched m) {
            return m.rule().locationId();
        }
        if (r instanceof RouteResult.Redirect red) {
            return "301 " + red.location();
        }
        if (r instanceof RouteResult.NotFound) {
            return "404";
        }
        return "400";
    }
}
