package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A real server for a test: a SQLite file store in a temp directory, in-process workers running
 * {@link TestFunctions}, Javalin on a free loopback port, and a {@link HttpClient} talking to it.
 */
final class ServerFixture implements AutoCloseable {
    final Path dir;
    final JobStore store;
    final PorterServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    ServerFixture(Consumer<PorterServer.Builder> setup) throws IOException {
        dir = Files.createTempDirectory("porter-server-test");
        store = JobStores.open("sqlite:" + dir.resolve("jobs.db"));
        PorterServer.Builder b = PorterServer.builder(store).port(0).functions(TestFunctions.all()).workers(1)
                .worker(w -> w.queues("default", "metered").maxJobs(200).healthInterval(Duration.ofMillis(500)).keepResult(Duration.ofHours(1)));
        setup.accept(b);
        server = b.build().start();
    }

    ServerFixture() throws IOException {
        this(b -> {});
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return send("POST", path, body, headers);
    }

    /** Enqueues and returns the job id, failing unless the answer is 202. */
    String enqueue(String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/jobs", body);
        if (r.statusCode() != 202) {
            throw new AssertionError("enqueue answered " + r.statusCode() + ": " + r.body());
        }
        return json(r).get("id").asText();
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body(), "response");
    }

    @Override
    public void close() throws IOException {
        server.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
