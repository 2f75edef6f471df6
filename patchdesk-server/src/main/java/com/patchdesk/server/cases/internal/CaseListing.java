package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseView;
import com.patchdesk.server.cases.SlaState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The case list, the SLA queue and the search as pages show them: {@link CaseSearch}'s cases, fifty to a page,
 * each with where it stands against its response target.
 */
@Component
class CaseListing {

    static final int PAGE_SIZE = 50;

    private final CaseSearch search;

    CaseListing(CaseSearch search) {
        this.search = search;
    }

    record Row(CaseView view, SlaState sla, Instant due) {}

    /** One page of the list, and how many cases match in all. */
    record Page(List<Row> rows, int index, boolean hasNext, long total) {
        public long first() {
            return rows.isEmpty() ? 0 : (long) index * PAGE_SIZE + 1;
        }

        public long last() {
            return (long) index * PAGE_SIZE + rows.size();
        }

        public long pages() {
            return Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        }
    }

    Page find(Actor viewer, CaseListQuery filter) {
        int index = filter.pageIndex();
        List<Row> rows = search
                .find(viewer, filter.query(), CaseSearch.Order.RECENTLY_UPDATED, PAGE_SIZE + 1, index * PAGE_SIZE)
                .stream()
                .map(this::row)
                .toList();
        boolean hasNext = rows.size() > PAGE_SIZE;
        return new Page(
                hasNext ? rows.subList(0, PAGE_SIZE) : rows, index, hasNext, search.count(viewer, filter.query()));
    }

    /** One case the caller has already been allowed to see (the {@link CaseRef} proves the check). */
    Row one(CaseRef ref) {
        return row(search.one(ref));
    }

    /** Open, running cases whose response is owed within {@code horizon} or already overdue, most urgent first. */
    List<Row> queue(Duration horizon) {
        return search.dueWithin(horizon).stream().map(this::row).toList();
    }

    private Row row(CaseView view) {
        return new Row(view, search.standing(view), view.sla().nextDueAt());
    }
}
