package com.patchdesk.server.web;

import com.patchdesk.server.problems.ConsolePage;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
@ConsolePage
class HelpController {

    @GetMapping("/help")
    String help() {
        return "help";
    }
}
