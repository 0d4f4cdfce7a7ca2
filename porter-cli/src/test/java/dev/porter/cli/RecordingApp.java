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
 * A worker app for the crash test: its one function, {@code record}, appends the job's id to the file
 * named by {@code RECORD_FILE} (the side effect whose repeats the test counts) between two short
 * sleeps, so that when the worker is killed some jobs are in flight before and some after their
 * side effect.
 */
public class RecordingApp implements PorterApp {
    static final String FUNCTION = "record";
    static final long SLEEP_MS = 20;

    private final FileChannel file;

    public RecordingApp() throws IOException {
        file = FileChannel.open(Path.of(System.getenv("RECORD_FILE")),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void configure(Worker.Builder worker) {
        worker.function(JobFunction.ofJson(FUNCTION, (ctx, args) -> record(ctx.jobId())));
    }

    private JsonNode record(String jobId) throws InterruptedException {
        Thread.sleep(SLEEP_MS);
        // One write of a whole line to a file opened for append: lines of concurrent jobs never mix.
        try {
            file.write(ByteBuffer.wrap((jobId + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.sleep(SLEEP_MS);
        return null;
    }
}
