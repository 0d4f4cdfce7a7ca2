package dev.porter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobAbortedException;
import dev.porter.JobFailedException;
import dev.porter.JobNotFoundException;
import dev.porter.PorterClient;
import dev.porter.ResultTimeoutException;
import java.time.Duration;

/** Prints a job's result as JSON, or says why there is none; shared by {@code enqueue --wait} and {@code result}. */
final class Results {
    private Results() {}

    /** @return the exit code: 0 for a result, 1 for a failed, aborted, unknown or unfinished job */
    static int print(PorterClient client, String id, Duration wait) throws InterruptedException {
        JsonNode result;
        try {
            result = client.result(id, wait);
        } catch (JobFailedException e) {
            throw new CliException("job " + id + " failed: " + e.error().type() + ": " + e.error().message());
        } catch (JobAbortedException | JobNotFoundException e) {
            throw new CliException(e.getMessage());
        } catch (ResultTimeoutException e) {
            throw new CliException("job " + id + " has not finished (" + e.status().wireName() + ")"
                    + (wait.isZero() ? "; --wait DURATION waits for it" : " after waiting " + DurationConverter.format(wait)));
        }
        System.out.println(result.toString());
        return 0;
    }
}
