package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One API action: the shape of its parameters and what it does. A change computes the edited configuration tree from
 * a base state (and may be run again on a newer base when its task is delayed); a query reads a state.
 *
 * @param name   the {@code X-TC-Action} name
 * @param schema its parameters
 * @param change the edit, for a changing action (else null)
 * @param query  the read, for a describing action (else null)
 */
record Action(String name, Schema schema, Change change, Query query) {

    /** What a changing action does to the configuration tree. */
    @FunctionalInterface
    interface Change {
        /**
         * Edits a copy of {@code base}'s tree.
         *
         * @throws ApiError when the call is refused
         */
        Result run(ObjectNode params, ConfigStore.State base, Ids ids);
    }

    /** What a describing action answers. */
    @FunctionalInterface
    interface Query {
        ObjectNode run(ObjectNode params, ConfigStore.State state);
    }

    /**
     * An edit's outcome.
     *
     * @param root   the whole edited configuration tree
     * @param answer the answer's fields besides {@code RequestId} (e.g. {@code LocationIds})
     */
    record Result(ObjectNode root, ObjectNode answer) {
    }

    static Action change(String name, Schema schema, Change change) {
        return new Action(name, schema, change, null);
    }

    static Action query(String name, Schema schema, Query query) {
        return new Action(name, schema, null, query);
    }
}
