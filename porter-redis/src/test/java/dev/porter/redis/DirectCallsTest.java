package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.conformance.MutableClock;
import dev.porter.spi.NewJob;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking sockets for lone awaited calls, against a real redis-server of its own. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DirectCallsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static TestRedis server;
    private final List<String> tookElsewhere = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() {
        server = TestRedis.startNew();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void emptyServer() {
        server.flush();
    }

    private DirectCalls open() {
        return new DirectCalls(RedisURI.create(server.url()), server.url(), Duration.ofSeconds(5), DirectCalls.SOCKETS);
    }

    private static final String[] ENQUEUE_ONE_KEYS = {Keys.queue("q", "queued"), Keys.IDS};

    /** enqueue_one.lua's arguments for a new job {@code id}. */
    private static String[] enqueueArgs(String id) {
        NewJob job = new NewJob(id, "fn", "{}", "q", 0, NOW, null, null, null, null);
        String[] args = new String[2 + JobHash.ENQUEUE_FIELDS];
        args[0] = Long.toString(NOW.toEpochMilli());
        args[1] = job.queue();
        JobHash.enqueueArgs(job, args, 2);
        return args;
    }

    /** enqueue_one.lua for a new job {@code id}; what it answers, or "elsewhere" when the connection was busy. */
    private Object enqueue(DirectCalls direct, String id) {
        Supplier<Object> elsewhere = () -> {
            tookElsewhere.add(id);
            return "elsewhere";
        };
        return direct.callOr(Script.ENQUEUE_ONE, ENQUEUE_ONE_KEYS, enqueueArgs(id), "enqueue", elsewhere);
    }

    @Test
    void callsPipelinedOnOneSocketAnswerInOrderAndRunAgainAfterTheScriptCacheIsEmptied() {
        List<String> ids = List.of("p1", "p2", "p3");
        List<String[]> keys = ids.stream().map(id -> ENQUEUE_ONE_KEYS).toList();
        try (DirectCalls direct = open()) {
            server.admin().scriptFlush(); // each of the three answers NOSCRIPT, then runs again as EVAL
            assertThat(direct.callAllOr(Script.ENQUEUE_ONE, keys, ids.stream().map(DirectCallsTest::enqueueArgs).toList(),
                    "enqueue", () -> List.of("elsewhere"))).containsExactly("queued", "queued", "queued");
            List<String[]> again = List.of("p4", "p2").stream().map(DirectCallsTest::enqueueArgs).toList();
            assertThat(direct.callAllOr(Script.ENQUEUE_ONE, keys.subList(0, 2), again, "enqueue", () -> List.of("elsewhere")))
                    .containsExactly("queued", null); // nil: p2 exists
        }
        assertThat(server.admin().hkeys(Keys.IDS)).containsExactlyInAnyOrder("p1", "p2", "p3", "p4");
    }

    @Test
    void aPipelinedCallThatFailsInItsScriptFailsTheWholeAndLeavesTheSocketInStep() {
        List<String[]> keys = List.of(ENQUEUE_ONE_KEYS, ENQUEUE_ONE_KEYS, ENQUEUE_ONE_KEYS);
        String[] broken = enqueueArgs("broken");
        broken[0] = "not-a-time";
        try (DirectCalls direct = open()) {
            assertThatThrownBy(() -> direct.callAllOr(Script.ENQUEUE_ONE, keys,
                    List.of(enqueueArgs("f1"), broken, enqueueArgs("f2")), "enqueue", () -> List.of("elsewhere")))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageStartingWith("enqueue on " + server.url() + " failed: ");
            // the replies after the failed one were read: the next call gets its own
            assertThat(enqueue(direct, "next")).isEqualTo("queued");
            assertThat(enqueue(direct, "f1")).isNull();
        }
        assertThat(server.admin().hkeys(Keys.IDS)).contains("f1", "f2", "next"); // the calls around the failed one ran
    }

    @Test
    void aLoneCallRunsOnItsOwnSocketAndReconnectsAfterTheScriptCacheIsEmptied() {
        try (DirectCalls direct = open()) {
            assertThat(enqueue(direct, "a")).isEqualTo("queued"); // NOSCRIPT first, then EVAL
            assertThat(enqueue(direct, "b")).isEqualTo("queued");
            assertThat(enqueue(direct, "a")).isNull(); // the script's nil for an id that exists
            server.admin().scriptFlush();
            assertThat(enqueue(direct, "c")).isEqualTo("queued");
        }
        assertThat(tookElsewhere).isEmpty();
        assertThat(server.admin().hkeys(Keys.IDS)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(server.admin().clientList()).doesNotContain(" name=" + DirectCalls.NAME + " "); // closed
    }

    @Test
    void aCallerThatFindsEverySocketBusyTakesThePipelinedConnection() throws Exception {
        try (DirectCalls direct = open()) {
            enqueue(direct, "warm-up");
            server.admin().clientPause(1500); // each caller's script (or handshake) waits in Redis, holding its socket
            List<CompletableFuture<Object>> callers = new ArrayList<>();
            for (int i = 0; i <= DirectCalls.SOCKETS; i++) {
                String id = "caller-" + i;
                CompletableFuture<Object> answer = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> answer.complete(enqueue(direct, id)));
                callers.add(answer);
            }
            List<Object> answers = new ArrayList<>();
            for (CompletableFuture<Object> c : callers) {
                answers.add(c.get(10, TimeUnit.SECONDS));
            }
            assertThat(answers).containsOnly("queued", "elsewhere").filteredOn("elsewhere"::equals).hasSize(1);
            assertThat(tookElsewhere).hasSize(1);
            assertThat(server.admin().clientList().split("\n")).filteredOn(line -> line.contains(" name=" + DirectCalls.NAME + " "))
                    .hasSize(DirectCalls.SOCKETS);
        }
    }

    @Test
    void aDroppedSocketFailsOneCallClearlyAndTheNextCallReconnects() {
        try (DirectCalls direct = open()) {
            enqueue(direct, "before");
            long id = jedisClientId();
            server.admin().clientKill(KillArgs.Builder.id(id));

            assertThatThrownBy(() -> enqueue(direct, "lost"))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageStartingWith("enqueue on " + server.url() + " failed: ");
            assertThat(enqueue(direct, "after")).isEqualTo("queued");
            assertThat(jedisClientId()).isNotEqualTo(id);
        }
        assertThat(server.admin().hkeys(Keys.IDS)).containsExactlyInAnyOrder("before", "after");
    }

    @Test
    void itUsesTheUrlsDatabaseAndPasswordLikeTheStoresOtherConnections() {
        try (TestRedis secured = TestRedis.startNew()) {
            secured.admin().configSet("requirepass", "s3cret"); // the admin connection stays authenticated
            String url = "redis://:s3cret@127.0.0.1:" + secured.port() + "/2";
            try (RedisJobStore store = RedisJobStore.open(url, new MutableClock(NOW))) {
                store.enqueue(List.of(new NewJob("lone", "fn", "{}", "q", 0, NOW, null, null, null, null)));
                assertThat(store.get("lone")).isPresent(); // read back over Lettuce, in database 2
            }
            assertThat(secured.admin().dbsize()).isZero(); // database 0
            assertThat(secured.admin().clientList()).doesNotContain(" name=" + DirectCalls.NAME + " ");

            String wrong = "redis://:wrong@127.0.0.1:" + secured.port() + "/2";
            DirectCalls direct = new DirectCalls(RedisURI.create(wrong), wrong, Duration.ofSeconds(5), 1);
            assertThatThrownBy(() -> enqueue(direct, "refused"))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageStartingWith("enqueue on " + wrong + " failed: ");
            direct.close();
        }
    }

    private static long jedisClientId() {
        for (String line : server.admin().clientList().split("\n")) {
            if (line.contains(" name=" + DirectCalls.NAME + " ")) {
                return Long.parseLong(line.replaceAll("^id=(\\d+) .*", "$1").trim());
            }
        }
        throw new AssertionError("no jedis connection in CLIENT LIST");
    }
}
