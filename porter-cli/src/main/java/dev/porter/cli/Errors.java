package dev.porter.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one line on stderr, {@code porter: <what was wrong>}, and an exit code.
 * Stack traces only with {@code --verbose}: a user who typed a bad duration needs the reason, not
 * the call chain.
 */
final class Errors {
    /** Exit code of a command line that could not be parsed (picocli's convention). */
    static final int USAGE = 2;
    /** Exit code of a command that ran and failed. */
    static final int FAILED = 1;

    private Errors() {}

    static int onBadUsage(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("porter: " + oneLine(e.getMessage()) + hint(e.getCommandLine()));
        err.flush();
        if (Logging.verbose()) {
            e.printStackTrace(err);
        }
        return USAGE;
    }

    static int onFailure(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("porter: " + oneLine(describe(e)));
        if (Logging.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof CliException c ? c.exitCode() : FAILED;
    }

    /**
     * Porter's own exceptions and argument errors carry a message written for the user; anything
     * else (a store's I/O error) gets its type too, since the message alone may not say what broke.
     */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CliException || e instanceof IllegalArgumentException
                || e.getClass().getPackageName().equals("dev.porter")) {
            return message;
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return (message == null || cause == e ? what : message + " (" + what + ")")
                + " (--verbose shows the stack trace)";
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String hint(CommandLine cli) {
        return " (see '" + cli.getCommandSpec().qualifiedName() + " --help')";
    }
}
