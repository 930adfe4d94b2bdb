package io.github.clbtrigger.matcher;

import java.util.Objects;

/**
 * The function a rule forwards to: CLB's {@code FunctionInfo}.
 *
 * @param namespace     {@code FunctionNamespace}, {@code "default"} when the JSON omits it
 * @param name          {@code FunctionName}
 * @param qualifier     {@code FunctionQualifier}: a version or an alias, {@code "$LATEST"} when omitted
 * @param qualifierType {@code FunctionQualifierType}: {@code "VERSION"} or {@code "ALIAS"}, {@code "VERSION"} when omitted
 */
public record FunctionRef(String namespace, String name, String qualifier, String qualifierType) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param namespace see {@link #namespace()}
     * @param name see {@link #name()}
     * @param qualifier see {@link #qualifier()}
     * @param qualifierType see {@link #qualifierType()}
     */
    public FunctionRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(qualifierType, "qualifierType");
    }

    /**
     * Whether this and {@code other} name the same function, whatever the qualifier.
     *
     * @param other another reference
     * @return {@code true} if namespace and name are equal
     */
    public boolean sameFunction(FunctionRef other) {
        return namespace.equals(other.namespace) && name.equals(other.name);
    }

    /** {@return {@code namespace/name:qualifier}, as used in messages} */
    @Override
    public String toString() {
        return namespace + "/" + name + ":" + qualifier;
    }
}
