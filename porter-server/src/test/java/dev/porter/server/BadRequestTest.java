package dev.porter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobInfo;
import dev.porter.spi.JobQuery;
import dev.porter.spi.QueueCounts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests: each gets a 4xx {@code application/problem+json} naming the problem, no stack
 * trace, and leaves the store exactly as it was.
 */
class BadRequestTest {
    static final int MAX_BODY = 4096;
    static ServerFixture f;
    static Snapshot before;

    record Case(String name, String method, String path, String body, int status, String field, String detail,
                String... headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What the store holds: every job's id and status, and the per-queue counts. */
    record Snapshot(Map<String, String> jobs, List<QueueCounts> queues) {
        static Snapshot of(ServerFixture f) {
            Map<String, String> jobs = new TreeMap<>();
            for (JobInfo j : f.store.list(JobQuery.all(1000)).jobs()) {
                jobs.put(j.id(), j.status().wireName() + "/" + j.tries() + "/" + j.argsJson());
            }
            return new Snapshot(jobs, f.store.queues());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(b -> b.maxBodyBytes(MAX_BODY));
        String done = f.enqueue("{\"function\":\"echo\",\"args\":1,\"options\":{\"id\":\"done-1\"}}");
        f.get("/jobs/" + done + "/result?wait=10s");
        f.enqueue("{\"function\":\"echo\",\"args\":2,\"options\":{\"id\":\"later-1\",\"defer_by\":\"1h\"}}");
        before = Snapshot.of(f);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(Snapshot.of(f)).as("the store after every bad request").isEqualTo(before);
        f.close();
    }

    static Stream<Case> cases() {
        String big = "{\"function\":\"echo\",\"args\":\"" + "x".repeat(MAX_BODY) + "\"}";
        return Stream.of(
                new Case("truncated JSON", "POST", "/jobs", "{\"function\":", 400, null, "not valid JSON"),
                new Case("not JSON at all", "POST", "/jobs", "function=echo", 400, null, "not valid JSON"),
                new Case("empty body", "POST", "/jobs", "", 400, null, "empty"),
                new Case("array body", "POST", "/jobs", "[]", 400, null, "JSON object"),
                new Case("string body", "POST", "/jobs", "\"echo\"", 400, null, "JSON object"),
                new Case("missing function", "POST", "/jobs", "{\"args\":1}", 400, "function", "required"),
                new Case("null function", "POST", "/jobs", "{\"function\":null}", 400, "function", "required"),
                new Case("numeric function", "POST", "/jobs", "{\"function\":42}", 400, "function", "string"),
                new Case("blank function", "POST", "/jobs", "{\"function\":\"  \"}", 400, "function", "string"),
                new Case("function with bad characters", "POST", "/jobs", "{\"function\":\"rm -rf\"}", 400, "function", "may only use"),
                new Case("unknown function", "POST", "/jobs", "{\"function\":\"nope\"}", 422, "function", "not served"),
                new Case("args of the wrong type", "POST", "/jobs", "{\"function\":\"add\",\"args\":{\"x\":\"a\",\"y\":1}}", 422, "args", "does not fit Point"),
                new Case("args with an unknown field", "POST", "/jobs", "{\"function\":\"add\",\"args\":{\"x\":1,\"y\":2,\"z\":3}}", 422, "args", "z"),
                new Case("args as an array", "POST", "/jobs", "{\"function\":\"add\",\"args\":[1,2]}", 422, "args", "does not fit"),
                new Case("unknown top-level field", "POST", "/jobs", "{\"function\":\"echo\",\"extra\":1}", 400, "extra", "unknown field"),
                new Case("options not an object", "POST", "/jobs", "{\"function\":\"echo\",\"options\":[]}", 400, "options", "object"),
                new Case("unknown option", "POST", "/jobs", "{\"function\":\"echo\",\"options\":{\"colour\":\"red\"}}", 400, "options.colour", "unknown field"),
                new Case("priority as text", "POST", "/jobs", opt("\"priority\":\"high\""), 400, "options.priority", "whole number"),
                new Case("priority out of range", "POST", "/jobs", opt("\"priority\":5000"), 400, "options.priority", "between"),
                new Case("fractional priority", "POST", "/jobs", opt("\"priority\":1.5"), 400, "options.priority", "whole number"),
                new Case("zero max tries", "POST", "/jobs", opt("\"max_tries\":0"), 400, "options.max_tries", "between 1"),
                new Case("max tries as text", "POST", "/jobs", opt("\"max_tries\":\"3\""), 400, "options.max_tries", "whole number"),
                new Case("timeout not a duration", "POST", "/jobs", opt("\"timeout\":\"soon\""), 400, "options.timeout", "not a duration"),
                new Case("zero timeout", "POST", "/jobs", opt("\"timeout\":\"0s\""), 400, "options.timeout", "positive"),
                new Case("negative defer", "POST", "/jobs", opt("\"defer_by\":\"PT-5S\""), 400, "options.defer_by", "negative"),
                new Case("defer until not an instant", "POST", "/jobs", opt("\"defer_until\":\"tomorrow\""), 400, "options.defer_until", "not an instant"),
                new Case("defer by centuries", "POST", "/jobs", opt("\"defer_by\":\"999999999999d\""), 400, "options.defer_by", "longer than"),
                new Case("defer until year 20000", "POST", "/jobs", opt("\"defer_until\":\"+20000-01-01T00:00:00Z\""), 400, "options.defer_until", "outside 1970 to 9999"),
                new Case("negative expiry", "POST", "/jobs", opt("\"expires\":\"PT-1S\""), 400, "options.expires", "negative"),
                new Case("both defer options", "POST", "/jobs", opt("\"defer_by\":\"1s\",\"defer_until\":\"2030-01-01T00:00:00Z\""), 400, "options.defer_by", "not both"),
                new Case("expires not a time", "POST", "/jobs", opt("\"expires\":\"later\""), 400, "options.expires", "not a duration"),
                new Case("keep result not a duration", "POST", "/jobs", opt("\"keep_result\":\"always\""), 400, "options.keep_result", "not a duration"),
                new Case("queue with a space", "POST", "/jobs", opt("\"queue\":\"my queue\""), 400, "options.queue", "may only use"),
                new Case("id with a space", "POST", "/jobs", opt("\"id\":\"a b\""), 400, "options.id", "whitespace"),
                new Case("id too long", "POST", "/jobs", opt("\"id\":\"" + "i".repeat(201) + "\""), 400, "options.id", "limit is 200"),
                new Case("existing id with a bad option", "POST", "/jobs", opt("\"id\":\"done-1\",\"max_tries\":-1"), 400, "options.max_tries", "between 1"),
                new Case("body over the limit", "POST", "/jobs", big, 413, null, "at most " + MAX_BODY),
                new Case("key and id differ", "POST", "/jobs", opt("\"id\":\"a\""), 400, "options.id", "differ", "Idempotency-Key", "b"),
                new Case("empty batch", "POST", "/jobs/batch", "{\"jobs\":[]}", 400, "jobs", "1 to"),
                new Case("batch not a list", "POST", "/jobs/batch", "{\"jobs\":{}}", 400, "jobs", "\"jobs\""),
                new Case("batch with an extra field", "POST", "/jobs/batch", "{\"jobs\":[{\"function\":\"echo\"}],\"x\":1}", 400, "x", "unknown field"),
                new Case("batch with one bad job", "POST", "/jobs/batch", "{\"jobs\":[{\"function\":\"echo\"},{\"function\":\"add\",\"args\":{\"x\":\"no\"}}]}", 422, "jobs[1].args", "does not fit"),
                new Case("batch with a bad option", "POST", "/jobs/batch", "{\"jobs\":[{\"function\":\"echo\",\"options\":{\"timeout\":\"x\"}}]}", 400, "jobs[0].options.timeout", "not a duration"),
                new Case("unknown job", "GET", "/jobs/nope", null, 404, null, "no job 'nope'"),
                new Case("result of an unknown job", "GET", "/jobs/nope/result?wait=1s", null, 404, null, "no job"),
                new Case("wait not a duration", "GET", "/jobs/done-1/result?wait=forever", null, 400, "wait", "not a duration"),
                new Case("wait too long", "GET", "/jobs/done-1/result?wait=1h", null, 400, "wait", "at most"),
                new Case("unknown state", "GET", "/jobs?state=done", null, 400, "state", "not one of"),
                new Case("zero limit", "GET", "/jobs?limit=0", null, 400, "limit", "between 1"),
                new Case("limit not a number", "GET", "/jobs?limit=ten", null, 400, "limit", "whole number"),
                new Case("garbage cursor", "GET", "/jobs?cursor=zzz", null, 400, "cursor", "cursor"),
                new Case("abort an unknown job", "DELETE", "/jobs/nope", null, 404, null, "no job"),
                new Case("retry an unknown job", "POST", "/jobs/nope/retry", null, 404, null, "no job"),
                new Case("retry a complete job", "POST", "/jobs/done-1/retry", null, 409, null, "only failed or aborted"),
                new Case("abort a complete job", "DELETE", "/jobs/done-1", null, 409, null, "already ended"),
                new Case("PUT on /jobs", "PUT", "/jobs", "{}", 405, null, "not allowed"),
                new Case("PATCH on a job", "PATCH", "/jobs/done-1", "{}", 405, null, "not allowed"),
                new Case("POST on /healthz", "POST", "/healthz", "{}", 405, null, "not allowed"),
                new Case("unknown route", "GET", "/nothing/here", null, 404, null, "no route"),
                new Case("unknown nested route", "POST", "/jobs/done-1/explode", null, 404, null, "no route"));
    }

    private static String opt(String options) {
        return "{\"function\":\"echo\",\"options\":{" + options + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAProblemAndChangesNothing(Case c) throws Exception {
        HttpResponse<String> r = f.send(c.method(), c.path(), c.body(), c.headers());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ServerFixture.json(r);
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).contains(c.detail());
        if (c.field() != null) {
            assertThat(problem.get("field").asText()).isEqualTo(c.field());
            assertThat(problem.get("detail").asText()).contains(c.field().replaceFirst("^jobs\\[\\d]\\.", ""));
        }
        assertThat(r.body()).doesNotContain("\tat ", "\\tat ", "Exception");
        assertThat(Snapshot.of(f)).isEqualTo(before);
    }

    @Test
    void thereAreAtLeastThirtyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
    }
}
