package com.patchdesk.server;

import com.patchdesk.server.accounts.Actor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP calls against the server of a {@link DeskTest}, signed in with HTTP Basic as a fixture user.
 *
 * <pre>{@code
 * ApiClient.Response r = api.as(customer).post("/api/cases", Map.of("title", "...", "priority", "P2"));
 * assertThat(r.status()).isEqualTo(201);
 * assertThat(r.json().path("number").asString()).startsWith("CAS-");
 * }</pre>
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IntSupplier port;
    private final HttpClient http = HttpClient.newHttpClient();

    ApiClient(IntSupplier port) {
        this.port = port;
    }

    /** Requests signed in as {@code actor} with the fixture password. */
    public Caller as(Actor actor) {
        return new Caller(actor.email(), DeskFixtures.PASSWORD);
    }

    /** Requests signed in with explicit credentials, e.g. to test a wrong password. */
    public Caller as(String email, String password) {
        return new Caller(email, password);
    }

    /** Requests without credentials. */
    public Caller anonymous() {
        return new Caller(null, null);
    }

    public static String toJson(Object body) {
        return JSON.writeValueAsString(body);
    }

    /**
     * The {@code Authorization} header value that signs in {@code email} with {@code password} over HTTP Basic: the
     * one place the server's tests encode credentials. For what a {@link Caller} cannot send: a request written byte by
     * byte to a socket, a request to a server a test started on a port of its own.
     */
    public static String basic(String email, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public final class Caller {

        private final String authorization;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Caller(String email, String password) {
            this.authorization = email == null ? null : basic(email, password);
        }

        /** Adds a header to every following request of this caller (e.g. {@code If-Match}). */
        public Caller header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response get(String path) {
            return send("GET", path, null);
        }

        public Response post(String path, Object body) {
            return send("POST", path, body);
        }

        public Response put(String path, Object body) {
            return send("PUT", path, body);
        }

        public Response patch(String path, Object body) {
            return send("PATCH", path, body);
        }

        public Response delete(String path) {
            return send("DELETE", path, null);
        }

        /**
         * A request to {@code path} signed in as this caller, with its headers, for what {@link #send} does not do:
         * a streamed body, bytes back, a request sent asynchronously.
         */
        public HttpRequest.Builder request(String path) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            headers.forEach(request::header);
            return request;
        }

        public Response send(String method, String path, Object body) {
            HttpRequest.Builder request = request(path).header("Accept", "application/json, application/problem+json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String raw ? raw : toJson(body);
                request.header("Content-Type", "application/json; charset=UTF-8")
                        .method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Status, headers and body of a response; {@link #json()} parses the body. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
