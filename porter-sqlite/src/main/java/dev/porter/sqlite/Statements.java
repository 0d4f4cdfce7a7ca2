package dev.porter.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A connection's cache of prepared statements; a read runs its statements through one. */
interface Statements {
    /** A statement kept prepared for the life of the connection; use it only inside the read or write that got it. */
    PreparedStatement prepare(String sql) throws SQLException;

    @FunctionalInterface
    interface Read<T> {
        T run(Statements statements) throws SQLException;
    }
}
