package dev.porter.server;

import static dev.porter.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.spi.JobQuery;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job endpoints end to end: real store, real workers, real sockets. */
class JobApiTest {
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

    @AfterEach
    void openGate() {
        TestFunctions.gate.countDown();
    }

    @Test
    void submitAnswers202WithLocationAndTheJobBeforeItRuns() throws Exception {
        TestFunctions.gate = new CountDownLatch(1);
        HttpResponse<String> r = f.post("/jobs", "{\"function\":\"gated\",\"args\":{\"n\":[1,2]},\"options\":{\"queue\":\"default\",\"priority\":5}}");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode job = json(r);
        String id = job.get("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/jobs/" + id);
        assertThat(job.get("function").asText()).isEqualTo("gated");
        assertThat(job.get("args").get("n").get(1).asInt()).isEqualTo(2);
        assertThat(job.get("priority").asInt()).isEqualTo(5);
        assertThat(job.get("status").asText()).isIn("queued", "in_progress");
        assertThat(job.get("result").isNull()).isTrue();

        TestFunctions.gate.countDown();
        HttpResponse<String> result = f.get("/jobs/" + id + "/result?wait=10s");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(json(result).get("result").asText()).isEqualTo("passed");
    }

    @Test
    void pollingShowsTheResultAsJson() throws Exception {
        String id = f.enqueue("{\"function\":\"echo\",\"args\":{\"a\":[1,2],\"b\":\"x\"}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> json(f.get("/jobs/" + id)).get("status").asText().equals("complete"));
        JsonNode job = json(f.get("/jobs/" + id));
        assertThat(job.get("result").isObject()).isTrue();
        assertThat(job.get("result").get("a").get(0).asInt()).isEqualTo(1);
        assertThat(job.get("tries").asInt()).isEqualTo(1);
        assertThat(job.get("finished_at").asText()).endsWith("Z");
        assertThat(job.get("worker_id").asText()).isNotBlank();
    }

    @Test
    void longPollAnswersWhenTheJobEndsAndAtTheDeadlineOtherwise() throws Exception {
        TestFunctions.gate = new CountDownLatch(1);
        String id = f.enqueue("{\"function\":\"gated\"}");

        HttpResponse<String> early = f.get("/jobs/" + id + "/result?wait=300ms");
        assertThat(early.statusCode()).isEqualTo(202);
        assertThat(json(early).get("status").asText()).isIn("queued", "in_progress");

        CompletableFuture<HttpResponse<String>> waiting = f.http.sendAsync(
                HttpRequest.newBuilder(f.uri("/jobs/" + id + "/result?wait=30s")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        long t0 = System.nanoTime();
        TestFunctions.gate.countDown();
        HttpResponse<String> done = waiting.get();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json(done).get("status").asText()).isEqualTo("complete");
        assertThat(json(done).get("result").asText()).isEqualTo("passed");
    }

    @Test
    void aFailedJobsResultIsItsErrorWithoutAStackTrace() throws Exception {
        TestFunctions.broken.set(true);
        String id = f.enqueue("{\"function\":\"broken\"}");

        HttpResponse<String> r = f.get("/jobs/" + id + "/result?wait=10s");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("error").get("message").asText()).isEqualTo("broken on purpose");
        assertThat(body.get("error").has("stack_trace")).isFalse();
        assertThat(f.get("/jobs/" + id).body()).doesNotContain("\tat ");
        assertThat(json(f.get("/jobs/" + id + "?trace=true")).get("error").get("stack_trace").asText()).contains("at ");
    }

    @Test
    void deleteAbortsARunningJob() throws Exception {
        String id = f.enqueue("{\"function\":\"block\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> json(f.get("/jobs/" + id)).get("status").asText().equals("in_progress"));

        HttpResponse<String> r = f.send("DELETE", "/jobs/" + id, null);
        assertThat(r.statusCode()).isIn(200, 202);

        HttpResponse<String> result = f.get("/jobs/" + id + "/result?wait=10s");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(json(result).get("status").asText()).isEqualTo("aborted");
        assertThat(f.send("DELETE", "/jobs/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteOfAQueuedJobAbortsItAtOnceAndOfAFinishedOneConflicts() throws Exception {
        String queued = f.enqueue("{\"function\":\"echo\",\"options\":{\"defer_by\":\"1h\"}}");
        HttpResponse<String> r = f.send("DELETE", "/jobs/" + queued, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("aborted");

        String done = f.enqueue("{\"function\":\"echo\"}");
        f.get("/jobs/" + done + "/result?wait=10s");
        HttpResponse<String> late = f.send("DELETE", "/jobs/" + done, null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void retryRunsAFailedJobAgain() throws Exception {
        TestFunctions.broken.set(true);
        String id = f.enqueue("{\"function\":\"broken\"}");
        assertThat(json(f.get("/jobs/" + id + "/result?wait=10s")).get("status").asText()).isEqualTo("failed");

        TestFunctions.broken.set(false);
        HttpResponse<String> r = f.post("/jobs/" + id + "/retry", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location")).hasValue("/jobs/" + id);

        HttpResponse<String> result = f.get("/jobs/" + id + "/result?wait=10s");
        assertThat(json(result).get("status").asText()).isEqualTo("complete");
        assertThat(json(result).get("result").asText()).isEqualTo("fixed");
        assertThat(f.post("/jobs/" + id + "/retry", null).statusCode()).isEqualTo(409);
        assertThat(f.post("/jobs/no-such-job/retry", null).statusCode()).isEqualTo(404);
    }

    @Test
    void resubmittingAnIdAnswers200WithTheExistingJobAndCreatesNothing() throws Exception {
        String body = "{\"function\":\"echo\",\"args\":1,\"options\":{\"id\":\"order-17\"}}";
        HttpResponse<String> first = f.post("/jobs", body);
        HttpResponse<String> again = f.post("/jobs", "{\"function\":\"echo\",\"args\":2,\"options\":{\"id\":\"order-17\"}}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location")).hasValue("/jobs/order-17");
        assertThat(json(again).get("id").asText()).isEqualTo("order-17");
        assertThat(json(again).get("args").asInt()).isEqualTo(1);
        assertThat(f.store.list(new JobQuery(null, null, "echo", null, 1000)).jobs())
                .filteredOn(j -> j.id().equals("order-17")).hasSize(1);
    }

    @Test
    void theIdempotencyKeyHeaderNamesTheJob() throws Exception {
        HttpResponse<String> first = f.post("/jobs", "{\"function\":\"echo\",\"args\":\"a\"}", "Idempotency-Key", "pay-42");
        HttpResponse<String> again = f.post("/jobs", "{\"function\":\"echo\",\"args\":\"b\"}", "Idempotency-Key", "pay-42");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(first).get("id").asText()).isEqualTo("pay-42");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("args").asText()).isEqualTo("a");
    }

    @Test
    void aBatchIsStoredInOneCallAndRuns() throws Exception {
        HttpResponse<String> r = f.post("/jobs/batch", "{\"jobs\":[{\"function\":\"echo\",\"args\":1},"
                + "{\"function\":\"add\",\"args\":{\"x\":2,\"y\":3}},{\"function\":\"echo\",\"args\":3,\"options\":{\"id\":\"batch-3\"}}]}");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode jobs = json(r).get("jobs");
        assertThat(jobs).hasSize(3);
        assertThat(jobs.get(2).get("id").asText()).isEqualTo("batch-3");
        assertThat(jobs.get(0).get("created").asBoolean()).isTrue();
        String add = jobs.get(1).get("id").asText();
        assertThat(json(f.get("/jobs/" + add + "/result?wait=10s")).get("result").asInt()).isEqualTo(5);
    }

    @Test
    void listingFiltersAndPages() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(f.enqueue("{\"function\":\"echo\",\"args\":" + i + ",\"options\":{\"queue\":\"listing\",\"defer_by\":\"1h\"}}"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = f.get("/jobs?queue=listing&state=deferred&function=echo&limit=2"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode page = json(r);
            assertThat(page.get("jobs").size()).isLessThanOrEqualTo(2);
            page.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);

        JsonNode queues = json(f.get("/queues")).get("queues");
        JsonNode listing = null;
        for (JsonNode q : queues) {
            if (q.get("queue").asText().equals("listing")) {
                listing = q;
            }
        }
        assertThat(listing).isNotNull();
        assertThat(listing.get("deferred").asInt()).isEqualTo(5);
    }

    @Test
    void workersFunctionsProbesAndOpenApi() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> json(f.get("/workers")).get("workers").size() == 1);
        JsonNode worker = json(f.get("/workers")).get("workers").get(0);
        assertThat(worker.get("max_jobs").asInt()).isEqualTo(200);
        assertThat(worker.get("functions").toString()).contains("echo", "add");

        JsonNode functions = json(f.get("/functions")).get("functions");
        assertThat(functions.findValuesAsText("name")).contains("echo", "add", "block", "gated", "steps", "broken");

        assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = f.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("store").asText()).startsWith("sqlite:");

        JsonNode openapi = json(f.get("/openapi.json"));
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        for (String path : List.of("/jobs", "/jobs/batch", "/jobs/{id}", "/jobs/{id}/result", "/jobs/{id}/events",
                "/jobs/{id}/retry", "/queues", "/queues/{queue}/pause", "/queues/{queue}/resume", "/functions",
                "/workers", "/healthz", "/readyz", "/metrics", "/openapi.json", "/events", "/stats", "/session", "/",
                "/ui/{file}")) {
            assertThat(openapi.get("paths").has(path)).as(path).isTrue();
        }
    }

    @Test
    void metricsCountJobsByFunctionAndQueue() throws Exception {
        String id = f.enqueue("{\"function\":\"add\",\"args\":{\"x\":1,\"y\":1},\"options\":{\"queue\":\"metered\"}}");
        f.get("/jobs/" + id + "/result?wait=10s");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String text = f.get("/metrics").body();
            assertThat(text).contains("porter_jobs_enqueued_total{function=\"add\",queue=\"metered\"}");
            assertThat(text).contains("porter_jobs_started_total{function=\"add\",queue=\"metered\"}");
            assertThat(text).contains("porter_jobs_completed_total{function=\"add\",queue=\"metered\"}");
            assertThat(text).contains("porter_job_duration_seconds_bucket{function=\"add\",outcome=\"completed\",queue=\"metered\"");
            assertThat(text).contains("porter_job_queue_wait_seconds_bucket{function=\"add\",queue=\"metered\"");
            assertThat(text).contains("porter_queue_jobs{queue=\"metered\",state=\"complete\"} 1");
        });
    }

    @Test
    void queueActionsPauseRetryAndPurge() throws Exception {
        assertThat(json(f.post("/queues/dash-q/pause", null)).get("paused").asBoolean()).isTrue();
        String id = f.enqueue("{\"function\":\"echo\",\"options\":{\"queue\":\"dash-q\"}}");
        assertThat(json(f.get("/queues")).get("queues")).anySatisfy(q -> {
            assertThat(q.get("queue").asText()).isEqualTo("dash-q");
            assertThat(q.get("paused").asBoolean()).isTrue();
        });
        assertThat(f.send("DELETE", "/jobs/" + id, null).statusCode()).isEqualTo(200);
        JsonNode retried = json(f.post("/queues/dash-q/retry?state=aborted", null));
        assertThat(retried.get("retried").asInt()).isEqualTo(1);
        assertThat(json(f.get("/jobs/" + id)).get("status").asText()).isEqualTo("queued");
        assertThat(f.send("DELETE", "/jobs/" + id, null).statusCode()).isEqualTo(200);
        assertThat(json(f.post("/queues/dash-q/purge?state=aborted", null)).get("purged").asInt()).isEqualTo(1);
        assertThat(f.get("/jobs/" + id).statusCode()).isEqualTo(404);
        assertThat(f.post("/queues/dash-q/retry?state=complete", null).statusCode()).isEqualTo(400);
        assertThat(f.post("/queues/dash-q/purge?state=queued", null).statusCode()).isEqualTo(400);
        assertThat(json(f.post("/queues/dash-q/resume", null)).get("paused").asBoolean()).isFalse();
    }
}
