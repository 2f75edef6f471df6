package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.EventKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The kept events of one analysis by kind, each kind's in reading order, and each clause's candidates among them: a
 * rule's clause asks for one or two kinds, and every clause of every rule used to filter all kept events again. The
 * rules share it across threads: it is read-only once made but for answers worked out when first asked for, each a
 * byte that any thread works out the same ({@link Screen}).
 *
 * <p>Kept events are looked at by their index in reading order, with their kind and their evidence-store group in
 * arrays: a typical bundle keeps tens of thousands of package states, and a clause that touched each event, its facts
 * and their strings to test them was a cache miss per object, 43% of a typical bundle's analysis in a warm JVM (JFR,
 * docs/performance-history.md, "Sixth pass"). A test of a principal fact is worked out once per group instead ({@link
 * Screen}), and for the clauses known when the kept events are (the rule book's), all such tests of a group are worked
 * out together, group after group: each group's event is then read from memory once, not once per clause that asks
 * (a miss per object each time, a tenth of a typical bundle's analysis in a warm JVM when each clause read every group's
 * event in turn: docs/performance-history.md, "Tenth pass").
 */
final class KeptByKind {

    private static final int KINDS = EventKind.values().length;
    /** Groups per task of the eager screening: a typical bundle has a few thousand, a dense GiB's store up to 4,096 a kind. */
    private static final int GROUP_SLICE = 1_024;

    /** All kept events, in reading order. */
    private final List<EvidenceStore.Kept> kept;
    /** Per kept event (by index in {@link #kept}), its kind's ordinal. */
    private final byte[] kindOf;
    /** Per kept event, the number of its evidence-store group ({@link EvidenceStore.Group#number()}). */
    private final int[] groupOf;

    /** One more than the largest group number. */
    private final int groups;
    /** Per group number, the first of its kept events: every event of a group gives a group test the same answer. */
    private final EvidenceStore.Kept[] firstOfGroup;
    /** Each alternative's screen, shared by the clauses that have the alternative. */
    private final Map<Clause.Alternative, Screen> screens = new ConcurrentHashMap<>();
    /** Per kind's ordinal, the indices of its kept events in reading order. */
    private final int[][] ofKind;
    /**
     * Each clause's candidates by the clause's alternatives: rules share clauses ({@code use:} a shared clause such as
     * a later cumulative install), and the rules run on several threads.
     */
    private final Map<List<Clause.Alternative>, Candidates> byAlternatives = new ConcurrentHashMap<>();
    /**
     * The indices of the kept events of several kinds, by the set of kinds: the clauses that ask for the same kinds
     * share one array (a typical bundle's rules asked for about fifty, each as long as all its kept events: 7% of all
     * that a warm worker allocated for the bundle, docs/performance-history.md, "Seventh pass").
     */
    private final Map<BitSet, int[]> ofKinds = new ConcurrentHashMap<>();

    /** {@code kept} in reading order ({@link EvidenceStore#kept()}); clauses are screened when first asked for. */
    KeptByKind(List<EvidenceStore.Kept> kept) {
        this(kept, List.of());
    }

    /**
     * {@code kept} in reading order ({@link EvidenceStore#kept()}), with the group tests of {@code clauses} worked out
     * now, group after group, on the common pool's threads; other clauses are screened when first asked for.
     */
    KeptByKind(List<EvidenceStore.Kept> kept, Collection<Clause> clauses) {
        this.kept = kept;
        int n = kept.size();
        kindOf = new byte[n];
        groupOf = new int[n];
        int[] perKind = new int[KINDS];
        int most = -1;
        for (int i = 0; i < n; i++) {
            EvidenceStore.Kept k = kept.get(i);
            int kind = k.event().kind().ordinal();
            kindOf[i] = (byte) kind;
            perKind[kind]++;
            groupOf[i] = k.group().number();
            most = Math.max(most, groupOf[i]);
        }
        groups = most + 1;
        firstOfGroup = new EvidenceStore.Kept[groups];
        for (int i = n - 1; i >= 0; i--) {
            firstOfGroup[groupOf[i]] = kept.get(i);
        }
        ofKind = new int[KINDS][];
        for (int kind = 0; kind < KINDS; kind++) {
            ofKind[kind] = new int[perKind[kind]];
            perKind[kind] = 0;
        }
        for (int i = 0; i < n; i++) {
            int kind = kindOf[i];
            ofKind[kind][perKind[kind]++] = i;
        }
        answerGroupTests(clauses);
    }

    /**
     * Works out every group test of {@code clauses}' alternatives for every group of their kinds: for each group, the
     * tests of all the screens of its kind one after the other, while its event is in the cache.
     */
    private void answerGroupTests(Collection<Clause> clauses) {
        List<List<Screen>> byKind = new ArrayList<>(KINDS);
        for (int kind = 0; kind < KINDS; kind++) {
            byKind.add(new ArrayList<>());
        }
        Set<Screen> seen = new HashSet<>();
        for (Clause clause : clauses) {
            for (Clause.Alternative a : clause.alternatives()) {
                Screen screen = screen(a);
                if (screen.testsGroups() && seen.add(screen)) {
                    a.kinds().forEach(kind -> byKind.get(kind.ordinal()).add(screen));
                }
            }
        }
        if (byKind.stream().allMatch(List::isEmpty)) {
            return;
        }
        // Slices of groups on the common pool's threads: each group's answers are written by one thread, into arrays
        // the rules read only after this returns (the stream's end orders the writes before those reads).
        IntStream.range(0, (groups + GROUP_SLICE - 1) / GROUP_SLICE).parallel().forEach(s -> {
            for (int g = s * GROUP_SLICE, end = Math.min(groups, g + GROUP_SLICE); g < end; g++) {
                EvidenceStore.Kept first = firstOfGroup[g];
                if (first == null) {
                    continue;
                }
                for (Screen screen : byKind.get(first.event().kind().ordinal())) {
                    screen.answer(g, first);
                }
            }
        });
    }

    private Screen screen(Clause.Alternative alternative) {
        return screens.computeIfAbsent(alternative.bindingFree(), a -> new Screen(a, groups));
    }

    /** The kept events of {@code kind}, in reading order. */
    Stream<EvidenceStore.Kept> ofKind(EventKind kind) {
        return Arrays.stream(ofKind[kind.ordinal()]).mapToObj(kept::get);
    }

    /**
     * The clause's candidate events, in reading order: the kept events of its kinds that meet the conditions of one of
     * its alternatives that use no binding ({@link Clause.Alternative#bindingFree}): an event that fails them fails
     * {@link Clause#test} for every binding. Made once per clause and shared by the rules that use it.
     */
    Candidates candidates(Clause clause) {
        return byAlternatives.computeIfAbsent(clause.alternatives(), this::mayMatch);
    }

    private Candidates mayMatch(List<Clause.Alternative> alternatives) {
        BitSet kinds = new BitSet(KINDS);
        Screen[] screens = new Screen[alternatives.size()];
        for (int s = 0; s < screens.length; s++) {
            Clause.Alternative a = alternatives.get(s);
            a.kinds().forEach(kind -> kinds.set(kind.ordinal()));
            screens[s] = screen(a);
        }
        int[] ofKinds = indicesOf(kinds);
        EvidenceStore.Kept[] may = new EvidenceStore.Kept[ofKinds.length];
        int[] groupsOfMay = new int[ofKinds.length];
        int size = 0;
        // An array and an index loop: this runs for every kept event of the clause's kinds (tens of thousands of
        // package states per clause), and a list's iterator per event was half of the loop's time (JFR, "Tenth
        // pass").
        for (int i : ofKinds) {
            int kind = kindOf[i];
            int group = groupOf[i];
            for (int s = 0; s < screens.length; s++) {
                if (screens[s].admits(kept, i, kind, group)) {
                    may[size] = kept.get(i);
                    groupsOfMay[size++] = group;
                    break;
                }
            }
        }
        return new Candidates(List.of(Arrays.copyOf(may, size)), Arrays.copyOf(groupsOfMay, size), groups);
    }

    /** The indices of the kept events of these kinds (by ordinal), in reading order. */
    private int[] indicesOf(BitSet kinds) {
        if (kinds.cardinality() == 1) {
            return ofKind[kinds.nextSetBit(0)];
        }
        return ofKinds.computeIfAbsent(kinds, this::inReadingOrder);
    }

    private int[] inReadingOrder(BitSet kinds) {
        // Several kinds: one pass over the kinds of all kept events keeps reading order without merging the kinds'
        // lists (sorting tens of thousands of package states with the few of another kind was a tenth of the rules'
        // time).
        int size = 0;
        for (int kind = kinds.nextSetBit(0); kind >= 0; kind = kinds.nextSetBit(kind + 1)) {
            size += ofKind[kind].length;
        }
        int[] indices = new int[size];
        size = 0;
        for (int i = 0; i < kindOf.length; i++) {
            if (kinds.get(kindOf[i])) {
                indices[size++] = i;
            }
        }
        return indices;
    }

    /**
     * One alternative's binding-free tests, split into those of principal facts, whose answer is the same for every
     * event of an evidence-store group (the store groups events by kind and principal facts) and is worked out once
     * per group, and the others (the line's text, its file, free-text facts), worked out for each event. Shared by the
     * clauses with the same alternative, on the rules' threads: an answer is a byte, worked out again rather than
     * waited for if two threads ask at once, and the same either way.
     */
    private static final class Screen {
        private static final byte UNKNOWN = 0;
        private static final byte YES = 1;
        private static final byte NO = 2;

        private final boolean[] kinds = new boolean[KINDS];
        private final Clause.Alternative ofGroup;
        private final Clause.Alternative ofEvent;
        /** Per group number, {@link #ofGroup}'s answer once known. */
        private final byte[] answers;
        /** Whether {@link #ofEvent} has tests. */
        private final boolean testsEvents;

        Screen(Clause.Alternative alternative, int groups) {
            alternative.kinds().forEach(kind -> kinds[kind.ordinal()] = true);
            List<Clause.Alternative.Test> ofGroup = new ArrayList<>();
            List<Clause.Alternative.Test> ofEvent = new ArrayList<>();
            for (Clause.Alternative.Test t : alternative.tests()) {
                (t.value().sameAcrossAGroup() ? ofGroup : ofEvent).add(t);
            }
            this.ofGroup = new Clause.Alternative(alternative.kinds(), List.copyOf(ofGroup));
            this.ofEvent = new Clause.Alternative(alternative.kinds(), List.copyOf(ofEvent));
            this.answers = new byte[ofGroup.isEmpty() ? 0 : groups];
            this.testsEvents = !ofEvent.isEmpty();
        }

        boolean testsGroups() {
            return answers.length > 0;
        }

        /** Works out the group test for group {@code group}, of which {@code member} is an event. */
        byte answer(int group, EvidenceStore.Kept member) {
            byte answer = ofGroup.test(member.event(), Binding.EMPTY) ? YES : NO;
            answers[group] = answer;
            return answer;
        }

        /** Whether the kept event at {@code index} in {@code kept}, of this kind and group, passes the screen. */
        boolean admits(List<EvidenceStore.Kept> kept, int index, int kind, int group) {
            if (!kinds[kind]) {
                return false;
            }
            if (answers.length > 0) {
                byte answer = answers[group];
                if (answer == UNKNOWN) {
                    answer = answer(group, kept.get(index));
                }
                if (answer == NO) {
                    return false;
                }
            }
            return !testsEvents || ofEvent.test(kept.get(index).event(), Binding.EMPTY);
        }
    }
}
