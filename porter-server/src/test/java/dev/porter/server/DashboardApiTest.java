package dev.porter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the dashboard adds to the API: its files, /session, /events, /stats and a real delete. */
class DashboardApiTest {
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        TestFunctions.gate.countDown();
        f.close();
    }

    @Test
    void servesThePageAndItsModulesFromTheJar() throws Exception {
        HttpResponse<String> page = f.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("/ui/app.js").doesNotContain("http://", "https://");
        HttpResponse<String> js = f.get("/ui/app.js");
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.body()).contains("import");
        assertThat(f.get("/ui/nothing.js").statusCode()).isEqualTo(404);
        assertThat(f.get("/ui/..%2Fopenapi.json").statusCode()).isEqualTo(404);
    }

    @Test
    void sessionWithoutAuthIsAdmin() throws Exception {
        JsonNode s = ServerFixture.json(f.get("/session"));
        assertThat(s.get("scope").asText()).isEqualTo("admin");
        assertThat(s.get("auth").asBoolean()).isFalse();
    }

    @Test
    void eventsStreamEveryJobOfTheAskedQueueAsTheStorePushesThem() throws Exception {
        HttpResponse<Stream<String>> r = f.http.send(HttpRequest.newBuilder(f.uri("/events?queue=default")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> r.body().forEach(lines::add));
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("id: 1");
            String other = f.enqueue("{\"function\":\"echo\",\"options\":{\"queue\":\"metered\"}}");
            String mine = f.enqueue("{\"function\":\"steps\",\"args\":{\"steps\":2}}");
            List<SseEvents.Event> events = readUntil(lines, mine, "complete");

            assertThat(events.get(0).name()).isEqualTo("ready");
            assertThat(events).extracting(e -> e.data().path("id").asText()).doesNotContain(other);
            assertThat(events).filteredOn(e -> e.data().path("id").asText().equals(mine))
                    .extracting(e -> e.name() + " " + e.data().get("status").asText())
                    .contains("state queued", "state in_progress", "progress in_progress", "state complete");
            assertThat(events.get(events.size() - 1).data().get("function").asText()).isEqualTo("steps");
        } finally {
            reader.interrupt();
        }
    }

    @Test
    void statsCountJobsThatEndedPerMinute() throws Exception {
        int before = ServerFixture.json(f.get("/stats?minutes=5")).get("minutes").get(4).get("failed").asInt();
        String failed = f.enqueue("{\"function\":\"broken\",\"options\":{\"queue\":\"metered\"}}");
        f.get("/jobs/" + failed + "/result?wait=10s");
        JsonNode stats = ServerFixture.json(f.get("/stats?minutes=5"));
        assertThat(stats.get("minutes")).hasSize(5);
        assertThat(stats.get("minutes").get(4).get("failed").asInt()).isEqualTo(before + 1);
        assertThat(stats.get("queues")).anySatisfy(q -> {
            assertThat(q.get("queue").asText()).isEqualTo("metered");
            assertThat(q.get("failed").asInt()).isPositive();
        });
        assertThat(f.get("/stats?minutes=0").statusCode()).isEqualTo(400);
        assertThat(f.get("/stats?minutes=61").statusCode()).isEqualTo(400);
    }

    @Test
    void purgeDeletesAFinishedJobButNotARunningOne() throws Exception {
        String done = f.enqueue("{\"function\":\"echo\",\"args\":1}");
        f.get("/jobs/" + done + "/result?wait=10s");
        assertThat(f.send("DELETE", "/jobs/" + done + "?purge=true", null).statusCode()).isEqualTo(204);
        assertThat(f.get("/jobs/" + done).statusCode()).isEqualTo(404);
        assertThat(f.send("DELETE", "/jobs/" + done + "?purge=true", null).statusCode()).isEqualTo(404);

        TestFunctions.gate = new CountDownLatch(1);
        String running = f.enqueue("{\"function\":\"gated\"}");
        awaitStatus(running, "in_progress");
        HttpResponse<String> refused = f.send("DELETE", "/jobs/" + running + "?purge=true", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(ServerFixture.json(refused).get("detail").asText()).contains("abort it first");
        TestFunctions.gate.countDown();
    }

    private void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ServerFixture.json(f.get("/jobs/" + id)).get("status").asText().equals(status)) {
            assertThat(System.nanoTime()).as("job " + id + " never became " + status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<SseEvents.Event> readUntil(LinkedBlockingQueue<String> lines, String id, String status)
            throws InterruptedException {
        List<String> seen = new ArrayList<>(List.of("id: 1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            if (line.startsWith("data:") && line.contains(id) && line.contains("\"status\":\"" + status + "\"")) {
                seen.add("");
                return SseEvents.parse(seen).events();
            }
        }
        throw new AssertionError("no " + status + " event for " + id + " in: " + seen);
    }
}
