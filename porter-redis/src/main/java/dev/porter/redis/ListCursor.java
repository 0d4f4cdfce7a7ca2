package dev.porter.redis;

import dev.porter.InvalidJobException;

/**
 * Where a listing stopped: after job number {@code seq} (enqueue order) of {@code queue}. Listings
 * walk queues by name, then jobs in enqueue order, so a cursor stays valid while jobs come and go.
 */
record ListCursor(String queue, long seq) {
    private static final char SEPARATOR = '~'; // never part of a queue name

    static ListCursor parse(String cursor) {
        if (cursor == null) {
            return null;
        }
        int at = cursor.lastIndexOf(SEPARATOR);
        try {
            return new ListCursor(cursor.substring(0, at), Long.parseLong(cursor.substring(at + 1)));
        } catch (RuntimeException e) {
            throw new InvalidJobException("cursor", "'" + cursor + "' is not a cursor this store returned");
        }
    }

    /** The sequence number to list after in {@code q}, or -1 when the cursor is already past it. */
    long after(String q) {
        int order = q.compareTo(queue);
        return order < 0 ? -1 : order == 0 ? seq : 0;
    }

    @Override
    public String toString() {
        return queue + SEPARATOR + seq;
    }
}
