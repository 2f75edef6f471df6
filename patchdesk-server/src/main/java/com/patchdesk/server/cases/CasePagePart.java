package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import org.springframework.ui.Model;

/**
 * What another feature shows on a case's page, the engineer's and the customer's (its files, diagnoses, download
 * links). The case pages live in this feature and meet those features only through this interface, so that files
 * and diagnoses depend on cases and never the other way round.
 */
public interface CasePagePart {

    /** The longest text a form on the case page takes (notes, calls, mail, status notes). */
    int MAX_TEXT = 20_000;

    /** Adds this part's model attributes for the case, as far as the viewer (staff or customer) may see them. */
    void addTo(CaseRef ref, Actor viewer, Model model);
}
