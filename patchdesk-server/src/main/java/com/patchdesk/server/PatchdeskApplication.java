package com.patchdesk.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PatchdeskApplication {

    public static void main(String[] args) {
        SpringApplication.run(PatchdeskApplication.class, args);
    }
}
