package dev.porter.spi;

import dev.porter.JobInfo;
import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record JobPage(List<JobInfo> jobs, String nextCursor) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
