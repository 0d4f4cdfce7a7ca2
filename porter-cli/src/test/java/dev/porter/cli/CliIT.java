package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code porter} command as a user runs it: the fat jar, one process per command, an SQLite file. */
class CliIT {
    @TempDir
    Path dir;

    @Test
    void aBurstWorkerRunsAnEnqueuedJob() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String id = porter.ok("enqueue", "echo", "--args", "{\"n\": 1}");
        assertThat(id).isNotBlank().doesNotContain("\n");
        assertThat(porter.ok("status", id)).isEqualTo("queued");

        porter.ok("worker", "--burst");

        assertThat(porter.ok("status", id)).isEqualTo("complete");
        assertThat(porter.ok("result", id)).isEqualTo("{\"n\":1}");
        JsonNode info = Json.parse(porter.ok("info", id), "info");
        assertThat(info.get("id").asText()).isEqualTo(id);
        assertThat(info.get("function").asText()).isEqualTo("echo");
        assertThat(info.get("status").asText()).isEqualTo("complete");
        assertThat(info.get("tries").asInt()).isEqualTo(1);
        assertThat(info.get("args").get("n").asInt()).isEqualTo(1);
        assertThat(info.get("result").get("n").asInt()).isEqualTo(1);
    }

    @Test
    void anExistingIdCreatesNothingAndSaysSo() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        assertThat(porter.ok("enqueue", "noop", "--id", "job-1", "--defer", "1h")).isEqualTo("job-1");

        PorterProcess.Result again = porter.run("enqueue", "echo", "--id", "job-1");

        assertThat(again.exit()).isZero();
        assertThat(again.line()).isEqualTo("job-1");
        assertThat(again.err()).contains("job job-1 already exists (deferred)");
        assertThat(Json.parse(porter.ok("info", "job-1"), "info").get("function").asText()).isEqualTo("noop");
    }

    @Test
    void waitPrintsTheResultOrTheErrorAndCheckSeesTheWorker() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        PorterProcess.Result noWorker = porter.run("check");
        assertThat(noWorker.exit()).isEqualTo(1);
        assertThat(noWorker.errLines()).singleElement().asString().startsWith("porter: no live worker");

        PorterProcess.Started worker = porter.startPorter("worker");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> porter.run("check").exit() == 0);

            List<String> out = porter.ok("enqueue", "echo", "--args", "[1, 2]", "--wait", "30s").lines().toList();
            assertThat(out).hasSize(2);
            assertThat(out.get(1)).isEqualTo("[1,2]");
            assertThat(porter.ok("status", out.get(0))).isEqualTo("complete");

            PorterProcess.Result failed = porter.run("enqueue", "fail", "--args", "\"boom\"", "--max-tries", "1", "--wait");
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.errLines()).singleElement().asString()
                    .startsWith("porter: job ").contains("failed: java.lang.IllegalStateException: boom");
        } finally {
            worker.process().destroy(); // SIGTERM: the graceful stop
        }
        assertThat(worker.process().waitFor(30, TimeUnit.SECONDS)).as("worker stopped on SIGTERM").isTrue();
        assertThat(worker.stderrSoFar()).contains("stopping: running jobs get").contains("stopped (");
        assertThat(porter.run("check").exit()).as("check after the worker stopped").isEqualTo(1);
    }

    @Test
    void resultWithoutWaitSaysTheJobHasNotFinished() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String id = porter.ok("enqueue", "noop");

        PorterProcess.Result r = porter.run("result", id, "--wait", "200ms");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("porter: job " + id + " has not finished (queued) after waiting 200ms");
    }

    @Test
    void cancelAbortsADeferredJob() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String id = porter.ok("enqueue", "noop", "--defer", "1h");
        assertThat(porter.ok("status", id)).isEqualTo("deferred");

        assertThat(porter.ok("cancel", id)).isEqualTo("aborted");

        assertThat(porter.ok("status", id)).isEqualTo("aborted");
        PorterProcess.Result result = porter.run("result", id);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().isEqualTo("porter: job " + id + " was aborted");
    }

    @Test
    void retryRunsAFailedJobAgain() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String id = porter.ok("enqueue", "fail", "--args", "\"boom\"", "--max-tries", "1");
        porter.ok("worker", "--burst");
        assertThat(porter.ok("status", id)).isEqualTo("failed");

        assertThat(porter.ok("retry", id)).isEqualTo("queued");
        assertThat(porter.ok("status", id)).isEqualTo("queued");
        porter.ok("worker", "--burst");

        assertThat(porter.ok("status", id)).isEqualTo("failed");
        JsonNode info = Json.parse(porter.ok("info", id), "info");
        assertThat(info.get("tries").asInt()).as("tries count from zero again").isEqualTo(1);
        assertThat(info.get("error").get("message").asText()).isEqualTo("boom");

        String done = porter.ok("enqueue", "noop");
        porter.ok("worker", "--burst");
        PorterProcess.Result notFailed = porter.run("retry", done);
        assertThat(notFailed.exit()).isEqualTo(1);
        assertThat(notFailed.errLines()).singleElement().asString()
                .isEqualTo("porter: job " + done + " is complete; only failed or aborted jobs can be retried");
    }

    @Test
    void queuesPrintsCountsByState() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        porter.ok("enqueue", "noop", "--queue", "mail");
        porter.ok("enqueue", "noop", "--queue", "mail");
        porter.ok("enqueue", "noop", "--queue", "reports", "--defer", "1h");
        assertThat(porter.ok("queue", "pause", "reports")).isEqualTo("reports paused");

        List<String> table = porter.ok("queues").lines().toList();

        assertThat(table).hasSize(3);
        assertThat(cells(table.get(0))).containsExactly("QUEUE", "QUEUED", "DEFERRED", "IN_PROGRESS", "COMPLETE", "FAILED", "ABORTED", "PAUSED");
        assertThat(cells(table.get(1))).containsExactly("mail", "2", "0", "0", "0", "0", "0", "no");
        assertThat(cells(table.get(2))).containsExactly("reports", "0", "1", "0", "0", "0", "0", "yes");
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        PorterProcess.Result status = porter.run("status", "no-such-job");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.line()).isEqualTo("not_found");

        PorterProcess.Result info = porter.run("info", "no-such-job");
        assertThat(info.exit()).isEqualTo(1);
        assertThat(info.errLines()).containsExactly("porter: job no-such-job not found");
    }

    @Test
    void malformedArgsAreOneLineNamingTheProblem() throws Exception {
        PorterProcess.Result r = PorterProcess.sqlite(dir).run("enqueue", "echo", "--args", "{\"n\": }");
        assertOneLineError(r, "--args: is not valid JSON");
        assertThat(dir.resolve("porter.db")).as("nothing touched the store").doesNotExist();
    }

    @Test
    void aBadDurationIsOneLineNamingTheValue() throws Exception {
        PorterProcess.Result r = PorterProcess.sqlite(dir).run("enqueue", "noop", "--defer", "10x");
        assertOneLineError(r, "'10x' is not a duration");
    }

    @Test
    void anUnknownStoreSchemeIsOneLineNamingTheUrl() throws Exception {
        PorterProcess.Result r = new PorterProcess(dir, "mongo://localhost/jobs").run("status", "x");
        assertOneLineError(r, "no store for URL 'mongo://localhost/jobs'");
    }

    @Test
    void anAppClassThatIsNotThereIsOneLine() throws Exception {
        PorterProcess.Result r = PorterProcess.sqlite(dir).run("worker", "--app", "com.example.Missing", "--burst");
        assertOneLineError(r, "--app: no class com.example.Missing on the classpath");
    }

    @Test
    void benchPrintsProgressThenOneResultLine() throws Exception {
        for (String scenario : List.of("enqueue", "enqueue-batch", "process", "latency", "sleep")) {
            PorterProcess.Result r = PorterProcess.sqlite(dir).run("bench", "--scenario", scenario, "--jobs", "50", "--batch", "10");
            assertThat(r.exit()).as("bench %s; stderr:%n%s", scenario, r.err()).isZero();
            assertThat(r.out().lines()).as("stdout of bench %s", scenario).singleElement().asString()
                    .matches("scenario=" + scenario + " store=sqlite:\\S+ jobs=50 concurrency=\\d+ warmup=0 seconds=[0-9.]+"
                            + " jobs_per_s=\\d+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ cpu_s=[0-9.]+ cpu_us_per_job=[0-9.]+ peak_rss_mb=\\d+");
            assertThat(r.err()).contains(scenario + ": store sqlite:");
        }
        assertThat(dir.resolve("porter.db")).as("the bench used a fresh store of its own").doesNotExist();
    }

    @Test
    void benchWarmsUpOnQueuesOfItsOwnBeforeTheTimedRound() throws Exception {
        PorterProcess.Result r = PorterProcess.sqlite(dir).run("bench", "--scenario", "process", "--jobs", "50", "--warmup", "2");
        assertThat(r.exit()).as("stderr:%n%s", r.err()).isZero();
        assertThat(r.out().lines()).singleElement().asString().contains("scenario=process ").contains(" warmup=2 ");
        assertThat(r.err()).contains("process (bench-warmup-1): warm-up round, untimed: scenario=process")
                .contains("process (bench-warmup-2): warm-up round, untimed: scenario=process");

        PorterProcess.Result bad = PorterProcess.sqlite(dir).run("bench", "--scenario", "process", "--warmup", "-1");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--warmup must not be negative, was -1");
    }

    @Test
    void benchRefusesAStoreThatHoldsJobs() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String id = porter.ok("enqueue", "noop");

        PorterProcess.Result r = porter.run("bench", "--scenario", "enqueue", "--jobs", "10", "--store", porter.store());

        assertOneLineError(r, "already holds jobs; give an empty store, or --flush");
        assertThat(porter.ok("status", id)).isEqualTo("queued");
    }

    @Test
    void deadLettersAreListedRetriedAllAtOnceAndPurged() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        String a = porter.ok("enqueue", "fail", "--args", "\"first\"", "--max-tries", "1");
        String b = porter.ok("enqueue", "fail", "--args", "\"second\"", "--max-tries", "1");
        porter.ok("worker", "--burst");

        List<String> dead = porter.ok("jobs", "--state", "failed").lines().toList();
        assertThat(dead).hasSize(3);
        assertThat(String.join("\n", dead)).contains(a).contains(b).contains("first").contains("second");
        assertThat(porter.ok("logs", a)).contains("try 1 failed").contains("first");

        assertThat(porter.ok("retry", "--all", "--queue", "default")).isEqualTo("2 failed jobs of default queued again");
        assertThat(porter.ok("status", a)).isEqualTo("queued");
        porter.ok("worker", "--burst");
        assertThat(porter.ok("logs", b).lines().filter(l -> l.contains("failed at"))).hasSize(2);

        assertThat(porter.ok("purge", "--queue", "default")).isEqualTo("2 failed jobs deleted from default");
        assertThat(porter.ok("jobs", "--state", "failed").lines()).hasSize(1);
        assertOneLineError(porter.run("retry", "--all"), "--all needs --queue");
        assertOneLineError(porter.run("jobs", "--state", "sleeping"), "sleeping");
    }

    @Test
    void cronListsTheSchedulesOfAnApp() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        PorterProcess.Started cron = porter.startWithTestClasses(Map.of("RECORD_FILE", dir.resolve("r.txt").toString()),
                "cron", "--app", FlowControlApp.class.getName(), "--next", "2");
        assertThat(cron.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        PorterProcess.Result r = cron.result();
        assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(cells(rows.get(0))).containsExactly("NAME", "SCHEDULE", "FUNCTION", "NEXT");
        assertThat(rows.get(1)).startsWith("tick").contains("* * * * * *").matches(".*\\d{4}-\\d\\d-\\d\\dT.*Z, .*Z");
    }

    @Test
    void anApiOnlyServerTakesJobsForFunctionsItDoesNotRunItself() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PorterProcess.Started serve = porter.startPorter("serve", "--port", String.valueOf(port), "--workers", "0");
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var post = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/jobs"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"function\":\"noop\",\"options\":{\"id\":\"api-1\"}}"))
                    .build();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 202);
        } finally {
            serve.process().destroy();
            serve.process().waitFor(20, TimeUnit.SECONDS);
        }
        porter.ok("worker", "--burst");
        assertThat(porter.ok("status", "api-1")).isEqualTo("complete");
    }

    @Test
    void everyCommandHasHelpAndTheVersionIsPrinted() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        assertThat(porter.ok("--help")).startsWith("Usage: porter ");
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertThat(porter.ok(command, "--help")).as("porter %s --help", command).startsWith("Usage: porter " + command);
        }
        assertThat(porter.ok("--version")).matches("porter \\d+\\.\\d+\\.\\d+.*");
    }

    private static void assertOneLineError(PorterProcess.Result r, String expected) {
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().startsWith("porter: ").contains(expected);
    }

    private static List<String> cells(String row) {
        return Arrays.asList(row.trim().split("\\s+"));
    }
}
