package dev.porter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The one switch the command line has over logging: {@code --verbose}. */
final class Logging {
    private static volatile boolean verbose;

    private Logging() {}

    /** Porter at DEBUG, libraries at INFO, overriding the levels logback.xml pins. */
    static void setVerbose(boolean on) {
        verbose = on;
        if (!on || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            if (logger.getName().startsWith("dev.porter.")) {
                logger.setLevel(null);
            }
        }
        context.getLogger("dev.porter").setLevel(Level.DEBUG);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    }

    static boolean verbose() {
        return verbose;
    }
}
