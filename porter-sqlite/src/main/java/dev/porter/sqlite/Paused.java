package dev.porter.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** Paused queues: one row each in {@code paused_queues}, read once per claim or wait, never per job. */
final class Paused {
    static final String ALL = "SELECT queue FROM paused_queues";
    static final String PAUSE = "INSERT INTO paused_queues (queue) VALUES (?) ON CONFLICT (queue) DO NOTHING";
    static final String RESUME = "DELETE FROM paused_queues WHERE queue = ?";

    private Paused() {}

    static Set<String> read(Statements statements) throws SQLException {
        Set<String> paused = null;
        try (ResultSet rs = statements.prepare(ALL).executeQuery()) {
            while (rs.next()) {
                if (paused == null) {
                    paused = new HashSet<>();
                }
                paused.add(rs.getString(1));
            }
        }
        return paused == null ? Set.of() : paused;
    }

    /** @return whether the queue's state changed */
    static boolean set(Statements statements, String queue, boolean paused) throws SQLException {
        PreparedStatement ps = statements.prepare(paused ? PAUSE : RESUME);
        ps.setString(1, queue);
        return ps.executeUpdate() == 1;
    }
}
