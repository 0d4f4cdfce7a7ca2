package dev.porter.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall time and the process's CPU time over a timed phase. CPU time per job stays meaningful on a
 * machine that other work shares, where wall time alone does not.
 */
final class Stopwatch {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long startNanos = System.nanoTime();
    private final long startCpuNanos = OS.getProcessCpuTime();

    /** What the phase took, in seconds of wall time and of CPU time (all threads of the process). */
    record Elapsed(double seconds, double cpuSeconds) {}

    Elapsed stop() {
        return new Elapsed((System.nanoTime() - startNanos) / 1e9, (OS.getProcessCpuTime() - startCpuNanos) / 1e9);
    }
}
