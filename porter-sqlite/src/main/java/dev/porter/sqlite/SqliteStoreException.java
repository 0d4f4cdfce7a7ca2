package dev.porter.sqlite;

/** The database could not be opened or a statement failed; the message names the file and the reason. */
public class SqliteStoreException extends RuntimeException {
    public SqliteStoreException(String message) {
        super(message);
    }

    public SqliteStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
