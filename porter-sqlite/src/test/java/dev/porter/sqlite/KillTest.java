package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.spi.JobStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose enqueue returned survives a kill -9 of the process that enqueued it. */
class KillTest {
    private static final int ACKNOWLEDGED = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedJobSurvivesAKill() throws Exception {
        Path file = dir.resolve("killed.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process victim = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), EnqueueUntilKilled.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKNOWLEDGED && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(ACKNOWLEDGED);

        try (JobStore store = SqliteJobStore.open(file, Clock.systemUTC())) {
            assertThat(acknowledged).allSatisfy(id -> assertThat(store.get(id)).as(id).isPresent());
        }
    }
}
