package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The case's files on its page and in the portal; its download links for staff only. */
@Component
class FilesOnTheCasePage implements CasePagePart {

    private final CaseFiles files;
    private final DownloadLinks links;

    FilesOnTheCasePage(CaseFiles files, DownloadLinks links) {
        this.files = files;
        this.links = links;
    }

    @Override
    public void addTo(CaseRef ref, Actor viewer, Model model) {
        model.addAttribute("caseFiles", files.list(ref));
        if (viewer.isStaff()) {
            model.addAttribute("caseLinks", links.list(ref));
        }
    }
}
