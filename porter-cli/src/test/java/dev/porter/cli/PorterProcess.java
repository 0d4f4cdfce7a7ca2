package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the shaded {@code porter.jar} (path from the {@code porter.jar} system property that failsafe
 * sets) as a real process, with the test JVM's own java, against one store.
 */
final class PorterProcess {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path dir;
    private final String store;

    /** Commands run in {@code dir}, with {@code PORTER_STORE} set to {@code store}; output goes to files there. */
    PorterProcess(Path dir, String store) {
        this.dir = dir;
        this.store = store;
    }

    static PorterProcess sqlite(Path dir) {
        return new PorterProcess(dir, "sqlite:" + dir.resolve("porter.db"));
    }

    String store() {
        return store;
    }

    /** The output of a finished command. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** stdout without its final line break. */
        String line() {
            return out.strip();
        }
    }

    /**
     * Runs {@code porter ARGS...} to its end (at most a minute). These runs are short, so the JVM skips
     * the optimizing compiler: a third less start-up time, over the dozens of commands the tests run.
     */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar()));
        cmd.addAll(List.of(args));
        Started p = start(cmd);
        if (!p.process().waitFor(60, TimeUnit.SECONDS)) {
            p.process().destroyForcibly();
            throw new AssertionError("porter " + String.join(" ", args) + " did not end within 60 s");
        }
        return p.result();
    }

    /** Runs a command and asserts it succeeded; returns its stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertThat(r.exit()).as("exit code of porter %s; stderr:%n%s", String.join(" ", args), r.err()).isZero();
        return r.line();
    }

    /** Starts {@code porter ARGS...} in the background. */
    Started startPorter(String... args) throws IOException {
        return start(jarCommand(args));
    }

    /**
     * Starts the CLI with extra classes on the classpath (the test classes, for an {@code --app}), so
     * it runs {@code Main} by name instead of {@code -jar}.
     */
    Started startWithTestClasses(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("--enable-native-access=ALL-UNNAMED"); // what the jar's manifest says for -jar runs
        cmd.add("-cp");
        cmd.add(jar() + File.pathSeparator + System.getProperty("porter.testClasses"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return start(cmd, env);
    }

    /** A started process, its output files, and how to read them once it ended. */
    record Started(Process process, Path out, Path err) {
        Result result() throws IOException {
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        String stderrSoFar() throws IOException {
            return Files.readString(err);
        }
    }

    private Started start(List<String> command) throws IOException {
        return start(command, Map.of());
    }

    private Started start(List<String> command, Map<String, String> env) throws IOException {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("PORTER_STORE", store);
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        return new Started(process, out, err);
    }

    private static List<String> jarCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String jar() {
        String jar = System.getProperty("porter.jar");
        assertThat(jar).as("system property porter.jar (set by failsafe)").isNotNull();
        assertThat(Path.of(jar)).exists();
        return jar;
    }

    /** The java running this test: the CLI is tested on the JDK the build uses. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
