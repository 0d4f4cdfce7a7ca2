package dev.porter;

import java.time.Instant;

/** The error of one failed try, kept with the job so a dead letter shows every try's error. */
public record TryError(int tryNumber, Instant at, JobError error) {}
