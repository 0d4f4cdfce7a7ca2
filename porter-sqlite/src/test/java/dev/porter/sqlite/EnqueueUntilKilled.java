package dev.porter.sqlite;

import dev.porter.spi.JobStore;
import dev.porter.spi.NewJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The victim of {@link KillTest}: prints each job id once its enqueue has returned, until killed. */
public final class EnqueueUntilKilled {
    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        try (JobStore store = SqliteJobStore.open(Path.of(args[0]), clock)) {
            for (int i = 0; ; i++) {
                String id = "job-" + i;
                store.enqueue(List.of(new NewJob(id, "send", "{}", "default", 0, clock.instant(), null, null, null, null)));
                System.out.println(id);
                System.out.flush();
            }
        }
    }
}
