package dev.porter.cli;

/** An error the command reports as it is, with no stack trace: the message is for the user. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, Errors.FAILED);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
