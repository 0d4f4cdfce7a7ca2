package dev.porter.server;

import dev.porter.TryError;
import java.time.Instant;

/** One failed try on the wire: its number, when it failed, and its error (trace only when asked for). */
record TryErrorView(int tryNumber, Instant at, ErrorView error) {
    static TryErrorView of(TryError t, boolean withTrace) {
        return new TryErrorView(t.tryNumber(), t.at(), ErrorView.of(t.error(), withTrace));
    }
}
