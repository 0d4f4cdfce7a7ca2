package dev.porter.worker;

/**
 * What a user's application gives a worker started from the command line
 * ({@code porter worker --app com.example.MyApp}): its functions, and any settings it wants. The class
 * needs a public no-argument constructor. Command-line flags win over what it sets.
 *
 * <pre>{@code
 * public class MyApp implements PorterApp {
 *     public void configure(Worker.Builder worker) {
 *         worker.function(JobFunction.of("resize", Resize.class, (ctx, a) -> resize(a)))
 *               .maxJobs(50);
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PorterApp {
    void configure(Worker.Builder worker);
}
