package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code porter demo} from the fat jar as a real process, crawls its sample site over HTTP, and
 * waits until the crawl and every scrape job it enqueued complete.
 */
class DemoProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SITE = Pattern.compile("sample site (http://127\\.0\\.0\\.1:\\d+/)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    @TempDir
    Path dir;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void crawlsTheSampleSiteEndToEnd() throws Exception {
        String jar = System.getProperty("porter.jar");
        assertThat(jar).as("system property porter.jar").isNotBlank();
        int port = freePort();
        Path log = dir.resolve("demo.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-jar", jar, "demo", "--port", Integer.toString(port),
                "--store", "sqlite:" + dir.resolve("demo.db"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String api = "http://127.0.0.1:" + port;

        String site = awaitSite(log);
        HttpResponse<String> enqueued = send(HttpRequest.newBuilder(URI.create(api + "/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"crawl\",\"args\":{\"url\":\"" + site + "\"}}")));
        assertThat(enqueued.statusCode()).as(enqueued.body()).isEqualTo(202);
        String crawl = JSON.readTree(enqueued.body()).get("id").asText();

        JsonNode crawled = result(api, crawl);
        assertThat(crawled.get("status").asText()).as(crawled.toString()).isEqualTo("complete");
        List<String> scrapes = new ArrayList<>();
        crawled.get("result").get("jobs").forEach(id -> scrapes.add(id.asText()));
        assertThat(scrapes).hasSize(6);
        for (String id : scrapes) {
            JsonNode page = result(api, id);
            assertThat(page.get("status").asText()).as(page.toString()).isEqualTo("complete");
            assertThat(page.get("result").get("title").asText()).startsWith("Article ");
            assertThat(page.get("result").get("links").toString()).contains(site);
        }
    }

    private JsonNode result(String api, String id) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/jobs/" + id + "/result?wait=60s")).timeout(Duration.ofSeconds(90)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the demo's banner and returns the sample site's URL from it. */
    private String awaitSite(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the demo exited early:\n" + read(log)).isTrue();
            Matcher m = SITE.matcher(read(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo did not start within 60 s:\n" + read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
