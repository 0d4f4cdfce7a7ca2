package dev.porter;

/** Thrown by a job (or as the cause of what it throws) to fail at once, skipping the remaining tries. */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
