package io.github.clbtrigger.cli;

/** The {@code clb} command. */
public final class Clb {
    private Clb() {}

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.out.println("clb");
    }
}
