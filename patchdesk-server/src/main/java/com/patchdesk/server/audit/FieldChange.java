package com.patchdesk.server.audit;

import java.util.Objects;

/** One field of an entity going from {@code oldValue} to {@code newValue} (either may be null). */
public record FieldChange(String field, String oldValue, String newValue) {

    public FieldChange {
        Objects.requireNonNull(field, "field");
    }

    public static FieldChange of(String field, Object oldValue, Object newValue) {
        return new FieldChange(
                field, oldValue == null ? null : oldValue.toString(), newValue == null ? null : newValue.toString());
    }

    public boolean changed() {
        return !Objects.equals(oldValue, newValue);
    }
}
