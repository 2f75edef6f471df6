package com.patchdesk.server.files;

import org.springframework.stereotype.Component;

/** Notes on the case that a published file was downloaded through its link. */
@Component
class DownloadEvents {

    void downloaded(DownloadLinks.Grant file, long bytesSent, boolean complete) {
    }
}
