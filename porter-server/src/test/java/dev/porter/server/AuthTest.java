package dev.porter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bearer tokens: read scope for GET, admin scope for changes, open probes. */
class AuthTest {
    static final String READ = "Bearer read-token-1";
    static final String ADMIN = "Bearer admin-token-1";
    static ServerFixture f;
    static String jobId;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(b -> b.readTokens(Set.of("read-token-1")).adminTokens(Set.of("admin-token-1")));
        jobId = ServerFixture.json(f.post("/jobs", "{\"function\":\"echo\",\"options\":{\"defer_by\":\"1h\"}}",
                "Authorization", ADMIN)).get("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** method, path, body, expected with no token, with a bad token, with the read token, with the admin token. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET    | /jobs/JOB         | -                       | 401 | 401 | 200 | 200",
            "GET    | /jobs             | -                       | 401 | 401 | 200 | 200",
            "GET    | /jobs/JOB/result  | -                       | 401 | 401 | 202 | 202",
            "GET    | /queues           | -                       | 401 | 401 | 200 | 200",
            "GET    | /workers          | -                       | 401 | 401 | 200 | 200",
            "GET    | /functions        | -                       | 401 | 401 | 200 | 200",
            "GET    | /metrics          | -                       | 401 | 401 | 200 | 200",
            "GET    | /session          | -                       | 401 | 401 | 200 | 200",
            "GET    | /stats            | -                       | 401 | 401 | 200 | 200",
            "GET    | /                 | -                       | 200 | 200 | 200 | 200",
            "GET    | /ui/app.js        | -                       | 200 | 200 | 200 | 200",
            "GET    | /healthz          | -                       | 200 | 200 | 200 | 200",
            "GET    | /readyz           | -                       | 200 | 200 | 200 | 200",
            "GET    | /openapi.json     | -                       | 200 | 200 | 200 | 200",
            "POST   | /jobs             | {\"function\":\"echo\"} | 401 | 401 | 403 | 202",
            "POST   | /jobs/batch       | {\"jobs\":[{\"function\":\"echo\"}]} | 401 | 401 | 403 | 202",
            "POST   | /jobs/JOB/retry   | -                       | 401 | 401 | 403 | 409",
            "POST   | /queues/q/pause   | -                       | 401 | 401 | 403 | 200",
            "POST   | /queues/q/resume  | -                       | 401 | 401 | 403 | 200",
            "POST   | /queues/q/retry   | -                       | 401 | 401 | 403 | 200",
            "POST   | /queues/q/purge   | -                       | 401 | 401 | 403 | 200",
            "DELETE | /jobs/none        | -                       | 401 | 401 | 403 | 404",
            "DELETE | /jobs/none?purge=true | -                   | 401 | 401 | 403 | 404",
    })
    void scopes(String method, String path, String body, int none, int bad, int read, int admin) throws Exception {
        String p = path.replace("JOB", jobId);
        assertThat(f.send(method, p, body).statusCode()).as("no token").isEqualTo(none);
        assertThat(f.send(method, p, body, "Authorization", "Bearer wrong").statusCode()).as("bad token").isEqualTo(bad);
        assertThat(f.send(method, p, body, "Authorization", READ).statusCode()).as("read token").isEqualTo(read);
        assertThat(f.send(method, p, body, "Authorization", ADMIN).statusCode()).as("admin token").isEqualTo(admin);
    }

    @Test
    void refusalsAreProblemsAndChangeNothing() throws Exception {
        int before = f.store.list(JobQuery.all(1000)).jobs().size();

        HttpResponse<String> none = f.post("/jobs", "{\"function\":\"echo\"}");
        HttpResponse<String> read = f.post("/jobs", "{\"function\":\"echo\"}", "Authorization", READ);
        HttpResponse<String> abort = f.send("DELETE", "/jobs/" + jobId, null, "Authorization", READ);

        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        for (HttpResponse<String> r : List.of(none, read, abort)) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(ServerFixture.json(read).get("detail").asText()).contains("admin");
        assertThat(f.store.list(JobQuery.all(1000)).jobs()).hasSize(before);
        assertThat(f.store.get(jobId).orElseThrow().status().wireName()).isEqualTo("deferred");
    }

    @Test
    void withoutTokensItBindsLoopbackOnly() throws Exception {
        try (JobStore store = JobStores.open("sqlite::memory:")) {
            PorterServer open = PorterServer.builder(store).port(0).bind("0.0.0.0").build();
            assertThatThrownBy(open::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("without auth");
            try (PorterServer local = PorterServer.builder(store).port(0).build().start()) {
                assertThat(local.url()).startsWith("http://127.0.0.1:");
            }
        }
    }
}
