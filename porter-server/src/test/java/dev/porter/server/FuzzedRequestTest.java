package dev.porter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random job bodies built from plausible and implausible pieces: whatever the server makes of them,
 * it never answers 5xx, and every refusal is a problem document.
 */
class FuzzedRequestTest {
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static final List<String> KEYS = List.of("function", "args", "options", "id", "queue", "priority",
            "defer_by", "defer_until", "expires", "max_tries", "timeout", "keep_result", "", "\u0000", "jobs");
    private static final List<String> VALUES = List.of("null", "true", "0", "-1", "1.5", "1e309", "99999999999999999999",
            "\"\"", "\" \"", "\"echo\"", "\"add\"", "\"10s\"", "\"PT-1S\"", "\"forever\"", "\"2030-01-01T00:00:00Z\"",
            "\"-999999999-01-01T00:00:00Z\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[1,{}]", "{\"x\":1,\"y\":2}",
            "\"" + "z".repeat(300) + "\"");

    @Test
    void randomBodiesNeverGetA5xx() throws Exception {
        Random random = new Random(20261123);
        for (int i = 0; i < 400; i++) {
            String body = object(random, 0);
            String path = random.nextInt(4) == 0 ? "/jobs/batch" : "/jobs";
            HttpResponse<String> r = f.post(path, body);
            assertThat(r.statusCode()).as(path + " " + body + " -> " + r.body()).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(r.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
                assertThat(r.body()).doesNotContain("\tat ", "\\tat ");
            }
        }
    }

    private static String object(Random random, int depth) {
        StringBuilder b = new StringBuilder("{");
        int fields = random.nextInt(4);
        if (depth == 0 && random.nextBoolean()) {
            b.append("\"function\":").append(random.nextBoolean() ? "\"echo\"" : "\"add\"");
            if (fields > 0) {
                b.append(',');
            }
        }
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append("\":");
            if (depth < 2 && random.nextInt(3) == 0) {
                b.append(random.nextBoolean() ? object(random, depth + 1) : "[" + object(random, depth + 1) + "]");
            } else {
                b.append(VALUES.get(random.nextInt(VALUES.size())));
            }
        }
        return b.append('}').toString();
    }
}
