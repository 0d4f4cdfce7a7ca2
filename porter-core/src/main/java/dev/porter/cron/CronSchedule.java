package dev.porter.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a cron job fires: a standard 5-field cron expression ({@code minute hour day month weekday}),
 * or 6 fields with seconds first, in a time zone (UTC unless given). {@link #fields()} builds one from
 * field values instead, as ARQ's {@code cron(minute=..., hour=...)} does.
 */
public final class CronSchedule {
    private static final CronParser FIVE_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    public static CronSchedule parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    /** @throws IllegalArgumentException naming the expression and what is wrong with it */
    public static CronSchedule parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required, e.g. \"*/5 * * * *\"");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        int fields = trimmed.split(" ").length;
        CronParser parser = switch (fields) {
            case 5 -> FIVE_FIELDS;
            case 6 -> SIX_FIELDS;
            default -> throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields
                    + " fields; expected 5 (minute hour day month weekday) or 6 (second first)");
        };
        try {
            return new CronSchedule(trimmed, zone, parser.parse(trimmed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron expression '" + expression + "' is invalid: " + e.getMessage(), e);
        }
    }

    /** Builds a schedule from field values; a field left out matches every value (seconds: 0). */
    public static Fields fields() {
        return new Fields();
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code after}, if the schedule ever fires again. */
    public Optional<Instant> next(Instant after) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The last fire time at or before {@code atOrBefore}. */
    public Optional<Instant> previous(Instant atOrBefore) {
        // Not isMatch: a 5-field schedule matches every second of its minute.
        ZonedDateTime t = ZonedDateTime.ofInstant(atOrBefore, zone);
        Optional<ZonedDateTime> last = executionTime.lastExecution(t);
        Optional<ZonedDateTime> after = last.flatMap(executionTime::nextExecution);
        if (after.isPresent() && !after.get().isAfter(t)) {
            return after.map(ZonedDateTime::toInstant);
        }
        return last.map(ZonedDateTime::toInstant);
    }

    @Override
    public String toString() {
        return expression + (zone.equals(ZoneOffset.UTC) ? "" : " " + zone);
    }

    /** Field values for {@link #fields()}; each takes one or more values. */
    public static final class Fields {
        private String second = "0";
        private String minute = "*";
        private String hour = "*";
        private String day = "*";
        private String month = "*";
        private String weekday = "*";
        private ZoneId zone = ZoneOffset.UTC;

        private Fields() {}

        public Fields second(int... values) {
            second = join(values);
            return this;
        }

        public Fields minute(int... values) {
            minute = join(values);
            return this;
        }

        public Fields hour(int... values) {
            hour = join(values);
            return this;
        }

        public Fields day(int... values) {
            day = join(values);
            return this;
        }

        public Fields month(int... values) {
            month = join(values);
            return this;
        }

        /** 0 or 7 = Sunday, 1 = Monday ... 6 = Saturday. */
        public Fields weekday(int... values) {
            weekday = join(values);
            return this;
        }

        public Fields zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public CronSchedule build() {
            return parse(String.join(" ", second, minute, hour, day, month, weekday), zone);
        }

        private static String join(int... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("a cron field needs at least one value");
            }
            StringBuilder b = new StringBuilder();
            for (int v : values) {
                b.append(b.isEmpty() ? "" : ",").append(v);
            }
            return b.toString();
        }
    }
}
