package dev.porter.sqlite;

import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;

/**
 * One caller's write, waiting in the group-commit queue until some thread commits it. The caller
 * parks on it; it is woken when its write is committed (or failed), or when it is next in line
 * and should commit a group itself ({@code commitGroup}).
 */
final class PendingWrite<T> {
    private final Database.Work<T> work;
    private final Runnable afterCommit;
    private final Runnable commitGroup;
    private final Thread caller = Thread.currentThread();
    private T result;
    private Throwable failure;
    // written last, after result or failure, so a caller that sees it also sees them
    private volatile boolean done;

    PendingWrite(Database.Work<T> work, Runnable afterCommit, Runnable commitGroup) {
        this.work = work;
        this.afterCommit = afterCommit;
        this.commitGroup = commitGroup;
    }

    void run() throws SQLException {
        result = work.run();
    }

    /** The write is committed: release its events, then its caller. {@code afterCommit} must not throw. */
    void committed() {
        if (!done) {
            afterCommit.run();
            finish();
        }
    }

    void fail(Throwable e) {
        if (!done) {
            failure = e;
            finish();
        }
    }

    boolean failed() {
        return failure != null;
    }

    private void finish() {
        done = true;
        wake();
    }

    void wake() {
        LockSupport.unpark(caller);
    }

    /** Waits (uninterruptibly: the write may already be committed) and returns or rethrows its outcome. */
    T await(String name) {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
            if (!done) {
                commitGroup.run();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return switch (failure) {
            case null -> result;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case SQLException e -> throw new SqliteStoreException(name + ": " + e.getMessage(), e);
            default -> throw new IllegalStateException(failure);
        };
    }
}
