package dev.porter.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints a progress line every second while a timed phase runs. */
final class Ticker implements AutoCloseable {
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("bench-ticker").unstarted(r));

    Ticker(BenchContext bench, String what, LongSupplier done, long total) {
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            long n = done.getAsLong();
            double s = (System.nanoTime() - start) / 1e9;
            bench.say(String.format("%d/%d %s after %.1f s (%.0f/s)", n, total, what, s, n / s));
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
