package dev.porter;

/** The code of a job function: takes its bound args, returns a JSON-able result (or null). */
@FunctionalInterface
public interface JobHandler<A, R> {
    R run(JobContext context, A args) throws Exception;
}
