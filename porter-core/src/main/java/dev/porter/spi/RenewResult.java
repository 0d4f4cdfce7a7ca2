package dev.porter.spi;

import java.util.Set;

/**
 * What {@link JobStore#renew} found.
 *
 * @param lost           job ids whose lease this worker no longer holds (stop them; writes are fenced)
 * @param abortRequested job ids, among the renewed, that someone asked to abort
 */
public record RenewResult(Set<String> lost, Set<String> abortRequested) {
    public RenewResult {
        lost = Set.copyOf(lost);
        abortRequested = Set.copyOf(abortRequested);
    }
}
