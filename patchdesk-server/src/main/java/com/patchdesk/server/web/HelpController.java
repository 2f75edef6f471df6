package com.patchdesk.server.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HelpController {

    @GetMapping("/help")
    String help() {
        return "help";
    }
}
