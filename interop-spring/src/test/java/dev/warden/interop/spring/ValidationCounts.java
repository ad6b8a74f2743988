package dev.warden.interop.spring;

import dev.warden.core.ValidationListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a validator tells its listener: key fetches (with the key count of each), failures, outages. */
final class ValidationCounts implements ValidationListener {

    /** The key count of every successful fetch, in order. */
    final List<Integer> fetchedKeyCounts = new CopyOnWriteArrayList<>();
    final List<String> fetchFailures = new CopyOnWriteArrayList<>();
    final AtomicInteger staleKeysServed = new AtomicInteger();

    @Override
    public void keysFetched(String issuer, int keyCount) {
        fetchedKeyCounts.add(keyCount);
    }

    @Override
    public void keyFetchFailed(String issuer, String message) {
        fetchFailures.add(message);
    }

    @Override
    public void staleKeysServed(String issuer, long remainingMillis) {
        staleKeysServed.incrementAndGet();
    }
}
