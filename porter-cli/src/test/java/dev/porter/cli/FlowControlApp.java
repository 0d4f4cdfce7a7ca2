package dev.porter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;
import dev.porter.RateLimit;
import dev.porter.cron.CronJob;
import dev.porter.cron.CronSchedule;
import dev.porter.worker.PorterApp;
import dev.porter.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A worker app for the flow-control process tests. Each function appends one line to the file named
 * by {@code RECORD_FILE}: {@code tick <job id>} for a cron tick (every second), {@code limited <epoch
 * ms>} when a job of the 5-per-second limiter starts, {@code note <job id>} for a plain job.
 */
public class FlowControlApp implements PorterApp {
    static final RateLimit FIVE_PER_SECOND = RateLimit.of("api", 5, Duration.ofSeconds(1));

    private final FileChannel file;

    public FlowControlApp() throws IOException {
        file = FileChannel.open(Path.of(System.getenv("RECORD_FILE")),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void configure(Worker.Builder worker) {
        worker.function(JobFunction.ofJson("tick", (ctx, a) -> record("tick " + ctx.jobId())))
                .cron(CronJob.of("tick", CronSchedule.parse("* * * * * *")))
                .function(JobFunction.ofJson("limited", (ctx, a) -> record("limited " + System.currentTimeMillis()))
                        .withRateLimit(FIVE_PER_SECOND))
                .function(JobFunction.ofJson("note", (ctx, a) -> record("note " + ctx.jobId())));
    }

    private JsonNode record(String line) {
        // One write of a whole line to a file opened for append: lines of concurrent workers never mix.
        try {
            file.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
