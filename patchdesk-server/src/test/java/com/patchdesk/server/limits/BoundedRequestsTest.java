package com.patchdesk.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@DeskTest
class BoundedRequestsTest {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Value("${local.server.port}")
    int port;

    @Test
    void aDeclaredHundredMegabyteJsonBodyIsRefusedBeforeAByteOfItIsRead() throws Exception {
        var bank = fixtures.organisation("大报文银行");
        Actor customer = fixtures.customer(bank);
        CaseRef ref = fixtures.openCase(bank);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/cases/" + ref.number().value() + "/notes HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: " + ApiClient.basic(customer.email(), DeskFixtures.PASSWORD)
                            + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + HUNDRED_MB + "\r\n\r\n{\"summary\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).contains(" 413");
        }
    }

    @Test
    void aStreamedHundredMegabyteJsonBodyStopsBeingReadAtTheLimit() throws Exception {
        var bank = fixtures.organisation("流式报文银行");
        Actor customer = fixtures.customer(bank);
        CaseRef ref = fixtures.openCase(bank);
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/cases/" + ref.number().value() + "/notes HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: " + ApiClient.basic(customer.email(), DeskFixtures.PASSWORD)
                            + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                // One endless JSON string: the body is valid as far as it goes, so only the limit stops it.
                byte[] start = "{\"summary\":\"".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(start, 0, chunk, 0, start.length);
                byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < HUNDRED_MB) {
                        out.write(header);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                        Arrays.fill(chunk, 0, start.length, (byte) 'a');
                    }
                } catch (IOException closedByTheServer) {
                    // expected: the server answered and closed the connection
                }
            });
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            socket.shutdownInput();
            sender.get(60, TimeUnit.SECONDS);
            assertThat(status).contains(" 413");
            // 1 MB limit, Tomcat's 2 MB swallow, and the sockets' buffers: far from the 100 MB offered.
            assertThat(sent.get()).isLessThan(24L * 1024 * 1024);
        }
    }

    @Test
    void searchesPerUserAreRateLimitedAndTheLimitRefills() {
        Actor engineer = fixtures.engineer();
        String token = api.as(engineer)
                .post("/api/tokens", Map.of("name", "search", "scope", "READ", "validDays", 1))
                .json()
                .path("token")
                .asString();
        ApiClient.Caller caller = api.anonymous().header("Authorization", "Bearer " + token);
        for (int i = 0; i < 120; i++) {
            assertThat(caller.get("/api/cases?q=KB5032196&limit=1").status())
                    .as("search " + i)
                    .isEqualTo(200);
        }
        ApiClient.Response limited = caller.get("/api/cases?q=KB5032196&limit=1");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        // Listing without a search is not limited, and another user has their own allowance.
        assertThat(caller.get("/api/cases?limit=1").status()).isEqualTo(200);
        assertThat(api.as(fixtures.engineer())
                        .get("/api/cases?q=KB5032196&limit=1")
                        .status())
                .isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(caller.get("/api/cases?q=KB5032196&limit=1").status()).isEqualTo(200);
    }

    @Test
    void aCustomersPortalSearchesAreRateLimitedPerAccountToo() throws Exception {
        Organisation bank = fixtures.organisation("门户搜索银行");
        Actor customer = fixtures.customer(bank);
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        var signedIn = user(users.loadUserByUsername(customer.email()));
        for (int i = 0; i < 120; i++) {
            assertThat(mvc.perform(get("/portal").param("q", "0x800f0922").with(signedIn))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .as("search " + i)
                    .isEqualTo(200);
        }
        MockHttpServletResponse limited = mvc.perform(
                        get("/portal").param("q", "0x800f0922").with(signedIn))
                .andReturn()
                .getResponse();
        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(limited.getHeader("Retry-After")).isNotNull();
        // The list itself is not a search, and a colleague of the same organisation has their own allowance.
        assertThat(mvc.perform(get("/portal").with(signedIn))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(mvc.perform(get("/portal")
                                .param("q", "0x800f0922")
                                .with(user(users.loadUserByUsername(
                                        fixtures.customer(bank).email()))))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(mvc.perform(get("/portal").param("q", "0x800f0922").with(signedIn))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void windowsDeviceNamesAreRefusedAsUploadNames() {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("设备名银行"));
        for (String name : new String[] {"CON", "con.txt", "LPT1.log", "NUL", "aux.zip", "COM9"}) {
            ApiClient.Response refused = api.as(engineer)
                    .header("Content-Type", "application/octet-stream")
                    .send("POST", "/api/cases/" + ref.number().value() + "/files?name=" + name, null);
            assertThat(refused.status()).as(name + ": " + refused).isEqualTo(400);
        }
    }
}
