package dev.porter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;
import dev.porter.worker.PorterApp;
import dev.porter.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A worker app for the crash tests: its one function, {@code record}, appends the job's id to the file
 * named by {@code RECORD_FILE} (the side effect whose repeats the test counts) between two short
 * sleeps, so that when the worker is killed some jobs are in flight before and some after their
 * side effect.
 *
 * <p>Optional: {@code RECORD_SLEEP_MS} sets each of the two sleeps (default 20 ms); {@code START_FILE}
 * names a file to which each run first appends {@code id try epoch-ms}, so a test can tell when a
 * job started, and on which try.
 */
public class RecordingApp implements PorterApp {
    static final String FUNCTION = "record";
    static final long SLEEP_MS = 20;

    private final FileChannel file;
    private final FileChannel starts;
    private final long sleepMs;

    public RecordingApp() throws IOException {
        file = append(System.getenv("RECORD_FILE"));
        String startFile = System.getenv("START_FILE");
        starts = startFile == null ? null : append(startFile);
        String sleep = System.getenv("RECORD_SLEEP_MS");
        sleepMs = sleep == null ? SLEEP_MS : Long.parseLong(sleep);
    }

    private static FileChannel append(String path) throws IOException {
        return FileChannel.open(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void configure(Worker.Builder worker) {
        worker.function(JobFunction.ofJson(FUNCTION, (ctx, args) -> record(ctx.jobId(), ctx.tryNumber())));
    }

    private JsonNode record(String jobId, int tryNumber) throws InterruptedException {
        if (starts != null) {
            writeLine(starts, jobId + " " + tryNumber + " " + System.currentTimeMillis());
        }
        Thread.sleep(sleepMs);
        writeLine(file, jobId);
        Thread.sleep(sleepMs);
        return null;
    }

    /** One write of a whole line to a file opened for append: lines of concurrent jobs never mix. */
    private static void writeLine(FileChannel channel, String line) {
        try {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
