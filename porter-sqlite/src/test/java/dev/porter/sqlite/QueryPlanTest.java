package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hot statements stay index lookups as the table grows: no table scans, no sorting. */
class QueryPlanTest {
    private Connection connection;

    @BeforeEach
    void migrate() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        Schema.migrate(connection, "test");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private String plan(String sql) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql.replace("?", "1"))) {
            while (rs.next()) {
                steps.add(rs.getString("detail"));
            }
        }
        return String.join("; ", steps);
    }

    private void assertUses(String sql, String index) throws SQLException {
        assertThat(plan(sql)).as(sql).startsWith("SEARCH jobs USING").contains(index)
                .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
    }

    @Test
    void claimReadsTheBestJobsInOrderStraightFromItsIndex() throws SQLException {
        assertUses(Leasing.CANDIDATES, "INDEX jobs_claim");
        assertUses(WorkWaiter.ANY_QUEUED, "INDEX jobs_claim");
    }

    @Test
    void dueDeferredJobsAndTheNextDueTimeComeFromAnIndex() throws SQLException {
        assertUses(Leasing.PROMOTE, "INDEX jobs_deferred");
        assertUses(WorkWaiter.NEXT_DEFERRED, "INDEX jobs_deferred");
    }

    @Test
    void sweepsUseTheirPartialIndexes() throws SQLException {
        assertUses(Leasing.OVERDUE, "INDEX jobs_expiring");
        assertUses(Leasing.EXPIRED_LEASES, "INDEX jobs_leases");
        assertUses(SqliteJobStore.PURGE, "INDEX jobs_keep");
    }

    @Test
    void lookupsByIdUseTheUniqueIndex() throws SQLException {
        assertUses(Transitions.BY_ID, "INDEX sqlite_autoindex_jobs_1 (id=?)");
        assertUses(Transitions.FENCED, "INDEX sqlite_autoindex_jobs_1 (id=?)");
    }

    @Test
    void deadLetterBulkActionsUseTheFinishedIndex() throws SQLException {
        assertUses(SqliteJobStore.FINISHED_IN_QUEUE, "INDEX jobs_finished");
        assertThat(plan(SqliteJobStore.PURGE_FINISHED)).contains("INDEX jobs_finished").doesNotContain("SCAN");
    }

    /** get is one statement: the row by id, its log lines and try errors by primary key, nothing sorted. */
    @Test
    void getReadsTheRowAndItsHistoryByKey() throws SQLException {
        // the only SCANs are of the two small co-routines that feed json_group_array in key order
        assertThat(plan(SqliteJobStore.GET).replaceAll("SCAN \\(subquery-\\d+\\)", "coroutine"))
                .startsWith("SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 (id=?)")
                .contains("SEARCH job_logs USING PRIMARY KEY (job_seq=?)")
                .contains("SEARCH job_errors USING PRIMARY KEY (job_seq=?)")
                .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
    }
}
