package dev.porter.server;

import static dev.porter.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /jobs/{id}/events}: pushed state and progress, the terminal event, reconnects, many streams. */
class EventStreamTest {
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
    void aStreamCarriesStateAndProgressAndEndsAfterTheTerminalEvent() throws Exception {
        TestFunctions.gate = new CountDownLatch(1);
        String id = f.enqueue("{\"function\":\"steps\",\"args\":{\"steps\":4}}");
        HttpResponse<Stream<String>> r = f.http.send(HttpRequest.newBuilder(f.uri("/jobs/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> r.body().forEach(lines::add));

        String first = lines.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        TestFunctions.gate.countDown();
        reading.get(20, TimeUnit.SECONDS); // the server closes the stream after the terminal event
        List<String> all = new ArrayList<>();
        all.add(first);
        lines.drainTo(all);
        SseEvents events = SseEvents.parse(all);

        assertThat(events.events().get(0).name()).isEqualTo("state");
        assertThat(events.events().get(0).data().get("status").asText()).isIn("queued", "in_progress");
        assertThat(events.events()).filteredOn(e -> e.name().equals("progress")).hasSize(4);
        assertThat(events.events()).filteredOn(e -> e.name().equals("state"))
                .extracting(e -> e.data().get("status").asText()).contains("in_progress");
        SseEvents.Event last = events.last();
        assertThat(last.name()).isEqualTo("state");
        assertThat(last.data().get("status").asText()).isEqualTo("complete");
        assertThat(last.data().get("result").asInt()).isEqualTo(4);
        List<Long> ids = events.events().stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void reconnectingAfterTheJobEndedStillGetsTheTerminalEvent() throws Exception {
        String id = f.enqueue("{\"function\":\"echo\",\"args\":{\"done\":true}}");
        f.get("/jobs/" + id + "/result?wait=10s");

        HttpResponse<String> r = f.http.sendAsync(HttpRequest.newBuilder(f.uri("/jobs/" + id + "/events"))
                .header("Last-Event-ID", "3").build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);

        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.events()).hasSize(1);
        assertThat(events.last().data().get("status").asText()).isEqualTo("complete");
        assertThat(events.last().data().get("result").get("done").asBoolean()).isTrue();
    }

    @Test
    void anUnknownJobHasNoStream() throws Exception {
        HttpResponse<String> r = f.get("/jobs/nope/events");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aThousandStreamsAllGetTheirEvents() throws Exception {
        int jobs = 50;
        int perJob = 20;
        TestFunctions.gate = new CountDownLatch(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(f.enqueue("{\"function\":\"steps\",\"args\":{\"steps\":2}}"));
        }
        CountDownLatch connected = new CountDownLatch(jobs * perJob);
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (String id : ids) {
            for (int i = 0; i < perJob; i++) {
                streams.add(f.http.sendAsync(HttpRequest.newBuilder(f.uri("/jobs/" + id + "/events")).build(), info -> {
                    connected.countDown();
                    return HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
                }));
            }
        }
        assertThat(connected.await(60, TimeUnit.SECONDS)).as("all streams connected").isTrue();
        Thread.sleep(1000); // let every stream send its first state and start listening
        TestFunctions.gate.countDown();

        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> s : streams) {
            HttpResponse<String> r = s.get();
            assertThat(r.statusCode()).isEqualTo(200);
            SseEvents events = SseEvents.parse(r.body());
            assertThat(events.events()).filteredOn(e -> e.name().equals("progress")).hasSize(2);
            assertThat(events.last().data().get("status").asText()).isEqualTo("complete");
        }
        assertThat(json(f.get("/healthz")).get("status").asText()).isEqualTo("ok");
    }
}
