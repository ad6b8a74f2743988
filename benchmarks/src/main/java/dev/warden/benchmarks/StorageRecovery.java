package dev.warden.benchmarks;

import dev.warden.db.Database;
import dev.warden.db.Schema;
import dev.warden.db.TableHandle;
import dev.warden.host.internal.server.BsatnRowFormat;
import dev.warden.storage.Durability;
import dev.warden.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A host's recovery time through warden-storage: {@link TransferBenchmark}'s accounts table with 100,000 and
 * 1,000,000 rows stored (BSATN), then the time to open the store into a new database (every row read, decoded and
 * indexed). A plain main: {@code java -cp benchmarks/target/benchmarks.jar dev.warden.benchmarks.StorageRecovery}.
 */
public final class StorageRecovery {

    private StorageRecovery() {}

    /**
     * @param args unused
     * @throws Exception if a store cannot be written
     */
    @SuppressWarnings("try")
    public static void main(String[] args) throws Exception {
        Schema schema = Schema.of(List.of(TransferBenchmark.Bank.Account.class));
        for (int n : new int[] {100_000, 1_000_000}) {
            Path dir = Files.createTempDirectory("warden-recovery");
            Database db = Database.create(schema);
            try (Storage s = Storage.at(dir).format(new BsatnRowFormat()).durability(Durability.RELAXED_MAY_LOSE_RECENT)
                    .open(db)) {
                for (int i = 0; i < n; i += 10_000) {
                    int start = i;
                    db.write(() -> {
                        TableHandle<TransferBenchmark.Bank.Account> t = db.db().table(TransferBenchmark.Bank.Account.class);
                        for (int id = start; id < start + 10_000; id++) {
                            t.insert(new TransferBenchmark.Bank.Account(id, 1_000_000_000L));
                        }
                        return null;
                    });
                }
            }
            for (int run = 0; run < 3; run++) {
                Database again = Database.create(schema);
                long t0 = System.nanoTime();
                try (Storage s = Storage.at(dir).format(new BsatnRowFormat()).open(again)) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    System.out.printf("recovery of %,d rows: %d ms (%d loaded, %.1f MB)%n", n, ms, s.rowsLoaded(),
                            Files.size(dir.resolve(Storage.FILE_NAME)) / 1e6);
                }
            }
        }
    }
}
