package dev.porter.spi;

import dev.porter.InvalidJobException;
import dev.porter.JobOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * A job to store, with its options resolved to instants. Built by the client; the constructor
 * checks every field, so no store ever sees a malformed job.
 *
 * @param runAt     when it becomes due (never null; "now" for an immediate job)
 * @param expiresAt not started by then: never run; null for no deadline
 * @param maxTries  null: the worker's or function's default
 * @param timeout   null: the worker's or function's default
 * @param keepResult null: the worker's or function's default ({@link JobOptions#FOREVER} keeps forever)
 */
public record NewJob(
        String id,
        String function,
        String argsJson,
        String queue,
        int priority,
        Instant runAt,
        Instant expiresAt,
        Integer maxTries,
        Duration timeout,
        Duration keepResult) {

    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_FUNCTION_LENGTH = 200;
    public static final int MAX_QUEUE_LENGTH = 100;
    public static final int MAX_TRIES_LIMIT = 1000;

    private static final String QUEUE_PUNCTUATION = "_.:-";
    private static final String FUNCTION_PUNCTUATION = "_.:$/-";

    public NewJob {
        requireText("id", id, MAX_ID_LENGTH);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new InvalidJobException("id", "must not contain whitespace or control characters");
            }
        }
        requireText("function", function, MAX_FUNCTION_LENGTH);
        if (!onlyAsciiWordsAnd(function, FUNCTION_PUNCTUATION)) {
            throw new InvalidJobException("function", "'" + function + "' may only use letters, digits and _ . : $ / -");
        }
        requireText("queue", queue, MAX_QUEUE_LENGTH);
        if (!onlyAsciiWordsAnd(queue, QUEUE_PUNCTUATION)) {
            throw new InvalidJobException("queue", "'" + queue + "' may only use letters, digits and _ . : -");
        }
        if (argsJson == null || argsJson.isBlank()) {
            throw new InvalidJobException("args", "is required (JSON; use null for none)");
        }
        if (priority < JobOptions.MIN_PRIORITY || priority > JobOptions.MAX_PRIORITY) {
            throw new InvalidJobException("priority", "must be between " + JobOptions.MIN_PRIORITY + " and "
                    + JobOptions.MAX_PRIORITY + ", was " + priority);
        }
        if (runAt == null) {
            throw new InvalidJobException("runAt", "is required");
        }
        if (maxTries != null && (maxTries < 1 || maxTries > MAX_TRIES_LIMIT)) {
            throw new InvalidJobException("maxTries", "must be between 1 and " + MAX_TRIES_LIMIT + ", was " + maxTries);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidJobException("timeout", "must be positive, was " + timeout);
        }
        if (keepResult != null && keepResult.isNegative()) {
            throw new InvalidJobException("keepResult", "must not be negative, was " + keepResult);
        }
    }

    /** Whether every character is an ASCII letter or digit or one of {@code punctuation}. */
    private static boolean onlyAsciiWordsAnd(String value, String punctuation) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!word && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new InvalidJobException(field, "is required");
        }
        if (value.length() > max) {
            throw new InvalidJobException(field, "is " + value.length() + " characters long; the limit is " + max);
        }
    }
}
