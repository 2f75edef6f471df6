package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.knowledge.BuildFamilies;
import com.patchdesk.diagnosis.knowledge.CatalogUpdate;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.knowledge.RecoveryUpdates;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A test on one value of an event (a fact, the line text or the file), possibly referring to earlier clauses. */
sealed interface Condition {

    /** {@code value} is the event's value or empty when the event lacks it. */
    boolean test(Optional<String> value, Binding binding);

    /**
     * Whether the test refers to earlier clauses or derived values; one that does not gives the same answer for every
     * binding, so a candidate event that fails it can be left out once instead of being tested for each binding.
     */
    boolean usesBinding();

    /** {@code kb: KB5032196} or {@code kb: "{install.kb}"}; case-insensitive. */
    record Equals(Template expected) implements Condition {
        @Override
        public boolean usesBinding() {
            return expected.usesBinding();
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            Optional<String> want = expected.resolve(binding);
            return value.isPresent() && want.isPresent() && value.get().equalsIgnoreCase(want.get());
        }
    }

    /** {@code code: {one-of: [0x80070002, 0x80070003]}}. */
    record OneOf(List<Template> options) implements Condition {
        @Override
        public boolean usesBinding() {
            return options.stream().anyMatch(Template::usesBinding);
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            if (value.isEmpty()) {
                return false;
            }
            for (Template option : options) {
                Optional<String> o = option.resolve(binding);
                if (o.isPresent() && o.get().equalsIgnoreCase(value.get())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code state: {not-one-of: [Installed, Staged]}}; also true when the event lacks the value. */
    record NotOneOf(List<Template> options) implements Condition {
        @Override
        public boolean usesBinding() {
            return options.stream().anyMatch(Template::usesBinding);
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            return !new OneOf(options).test(value, binding);
        }
    }

    /** {@code operation: {matches: "(?i)apply.*delta"}}: the regex is found anywhere in the value. */
    record Matches(Pattern pattern) implements Condition {
        @Override
        public boolean usesBinding() {
            return false;
        }

        // By the expression, not the compiled instance: rules that use one shared clause each compile its pattern, and
        // equal clauses share their candidates (KeptByKind), which saves testing every package state again per rule.
        @Override
        public boolean equals(Object o) {
            return o instanceof Matches m
                    && m.pattern.pattern().equals(pattern.pattern())
                    && m.pattern.flags() == pattern.flags();
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode() * 31 + pattern.flags();
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            return value.isPresent() && pattern.matcher(value.get()).find();
        }
    }

    /** {@code present: true|false}: whether the event carries the value at all. */
    record Present(boolean wanted) implements Condition {
        @Override
        public boolean usesBinding() {
            return false;
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            return value.isPresent() == wanted;
        }
    }

    /** Version comparison on builds: {@code version: {above: "{build.os_build}"}}; both sides parse as builds. */
    record VersionCompare(Template other, Comparison comparison) implements Condition {
        enum Comparison {
            ABOVE,
            AT_LEAST,
            BELOW
        }

        @Override
        public boolean usesBinding() {
            return other.usesBinding();
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            Optional<OsBuild> mine = value.flatMap(OsBuild::parse);
            Optional<OsBuild> theirs = other.resolve(binding).flatMap(OsBuild::parse);
            if (mine.isEmpty() || theirs.isEmpty()) {
                return false;
            }
            int c = mine.get().compareTo(theirs.get());
            return switch (comparison) {
                case ABOVE -> c > 0;
                case AT_LEAST -> c >= 0;
                case BELOW -> c < 0;
            };
        }
    }

    /** {@code free_bytes: {less-than: 3221225472}}: the value is a whole number below the limit. */
    record LessThan(long limit) implements Condition {
        @Override
        public boolean usesBinding() {
            return false;
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            if (value.isEmpty()) {
                return false;
            }
            try {
                return Long.parseLong(value.get()) < limit;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * {@code kb: {same-or-newer-than: "{fail.kb}"}}: the same update, or a cumulative update of a later build
     * (a December LCU contains November's, so installing it settles a November failure).
     */
    record SameOrNewerUpdate(Template other) implements Condition {
        @Override
        public boolean usesBinding() {
            return other.usesBinding();
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            Optional<String> theirs = other.resolve(binding);
            if (value.isEmpty() || theirs.isEmpty()) {
                return false;
            }
            if (value.get().equalsIgnoreCase(theirs.get())) {
                return true;
            }
            UpdateCatalog catalog = UpdateCatalog.standard();
            Optional<CatalogUpdate> mine =
                    catalog.byKb(value.get()).filter(u -> u.release().isCumulative());
            Optional<CatalogUpdate> older =
                    catalog.byKb(theirs.get()).filter(u -> u.release().isCumulative());
            return mine.isPresent()
                    && older.isPresent()
                    && mine.get().osBuild().isPresent()
                    && older.get().osBuild().isPresent()
                    && mine.get()
                                    .osBuild()
                                    .get()
                                    .compareTo(older.get().osBuild().get())
                            >= 0;
        }
    }

    /**
     * {@code kb: {catalog: ssu}} or {@code cumulative}, {@code code: {catalog: known-error}} or {@code unknown-error};
     * {@code package: {catalog: checkpoint}} (or a KB or build): a checkpoint cumulative update of {@code
     * checkpoints.tsv}; {@code package: {catalog: non-checkpoint-package}}: a cumulative package
     * ({@code Package_for_RollupFix~…}) that is no checkpoint; {@code kb: {catalog: recovery}}: an update of the recovery environment ({@code
     * winre-updates.tsv}).
     * {@code cumulative} lets a servicing failure be settled by a later cumulative update only: a daily Defender
     * definition update installs without the component store, so its success says nothing about a store failure.
     */
    record InCatalog(String what) implements Condition {
        static final List<String> NAMES = List.of(
                "ssu",
                "cumulative",
                "checkpoint",
                "non-checkpoint-package",
                "recovery",
                "known-error",
                "unknown-error");

        @Override
        public boolean usesBinding() {
            return false;
        }

        @Override
        public boolean test(Optional<String> value, Binding binding) {
            if (value.isEmpty()) {
                return false;
            }
            return switch (what) {
                case "ssu" -> UpdateCatalog.standard().isServicingStack(value.get());
                case "cumulative" ->
                    UpdateCatalog.standard()
                            .byKb(value.get())
                            .map(u -> u.release().isCumulative())
                            .orElse(false);
                case "checkpoint" -> BuildFamilies.standard().isCheckpoint(value.get());
                case "non-checkpoint-package" ->
                    OsBuild.ofCumulativePackage(value.get()).isPresent()
                            && !BuildFamilies.standard().isCheckpoint(value.get());
                case "recovery" -> RecoveryUpdates.standard().contains(value.get());
                case "known-error" ->
                    ErrorCatalog.standard().lookup(value.get()).isPresent();
                case "unknown-error" ->
                    ErrorCatalog.standard().lookup(value.get()).isEmpty();
                default -> throw new IllegalStateException("unchecked catalog name " + what);
            };
        }
    }
}
