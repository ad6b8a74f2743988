package dev.warden.benchmarks;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The measurements behind the storage engine's choice (ARCHITECTURE.md, "Durable tables"): for SQLite (WAL,
 * {@code synchronous=FULL}), H2's MVStore and RocksDB, the durable (fsync) commit rate of transfer-like changes (two
 * account rows replaced, one transfer row inserted), one transfer per sync and 64 per sync (group commit), and the
 * time to open a store of 100,000 and 1,000,000 rows and read every row back (a host's recovery). A plain main, not
 * JMH: the figures are dominated by the disk's sync, not by the JIT. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.warden.benchmarks.StorageEngines sqlite|mvstore|rocksdb}.
 */
public final class StorageEngines {
    private StorageEngines() {}

    interface Engine extends AutoCloseable {
        void begin() throws Exception;
        void put(int table, byte[] key, byte[] value) throws Exception;
        void commit(boolean sync) throws Exception;
        long scan() throws Exception;
        @Override
        void close() throws SQLException;
    }
    static byte[] key(long id) { return ByteBuffer.allocate(8).putLong(id).array(); }
    static byte[] value(long id, long balance) {
        ByteBuffer b = ByteBuffer.allocate(48); b.putLong(id); for (int i=0;i<32;i++) b.put((byte)(id*31+i)); b.putLong(balance); return b.array();
    }
    static class Sqlite implements Engine {
        Connection c; PreparedStatement ins;
        @SuppressWarnings("resource") Sqlite(Path dir) throws Exception {
            c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db.sqlite"));
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL"); s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS rows(t INTEGER, k BLOB, v BLOB, PRIMARY KEY(t,k)) WITHOUT ROWID");
            }
            c.setAutoCommit(false);
            ins = c.prepareStatement("INSERT OR REPLACE INTO rows(t,k,v) VALUES(?,?,?)");
        }
        public void begin() {}
        public void put(int t, byte[] k, byte[] v) throws Exception { ins.setInt(1,t); ins.setBytes(2,k); ins.setBytes(3,v); ins.executeUpdate(); }
        public void commit(boolean sync) throws Exception { c.commit(); }
        public long scan() throws Exception { long n=0; try (Statement s=c.createStatement(); ResultSet r=s.executeQuery("SELECT t,k,v FROM rows")) { while(r.next()){ r.getInt(1); r.getBytes(2); n+=r.getBytes(3).length>0?1:0;} } return n; }
        public void close() throws SQLException { c.close(); }
    }
    static class Mv implements Engine {
        MVStore s; @SuppressWarnings("unchecked") MVMap<Long,byte[]>[] maps = (MVMap<Long,byte[]>[]) new MVMap<?,?>[2];
        Mv(Path dir) {
            s = new MVStore.Builder().fileName(dir.resolve("db.mv").toString()).autoCommitDisabled().open();
            for (int i=0;i<2;i++) maps[i] = s.openMap("t"+i, new MVMap.Builder<Long,byte[]>().valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE));
        }
        public void begin() {}
        public void put(int t, byte[] k, byte[] v) { maps[t].put(ByteBuffer.wrap(k).getLong(), v); }
        public void commit(boolean sync) { s.commit(); if (sync) s.sync(); }
        public long scan() { long n=0; for (var m: maps) for (var e: m.entrySet()) { n += e.getValue().length>0?1:0; } return n; }
        public void close() { s.close(); }
    }
    static class Rocks implements Engine { static { RocksDB.loadLibrary(); }
        RocksDB db; Options o; WriteBatch b = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true), nosync = new WriteOptions();
        Rocks(Path dir) throws Exception { RocksDB.loadLibrary(); o = new Options().setCreateIfMissing(true); db = RocksDB.open(o, dir.resolve("rocks").toString()); }
        public void begin() { b.clear(); }
        public void put(int t, byte[] k, byte[] v) throws Exception { byte[] kk = new byte[k.length+1]; kk[0]=(byte)t; System.arraycopy(k,0,kk,1,k.length); b.put(kk, v); }
        public void commit(boolean s) throws Exception { db.write(s?sync:nosync, b); b.clear(); }
        public long scan() { long n=0; try (RocksIterator it = db.newIterator()) { for (it.seekToFirst(); it.isValid(); it.next()) { it.key(); n += it.value().length>0?1:0; } } return n; }
        public void close() { db.close(); }
    }
    static Engine open(String name, Path dir) throws Exception {
        return switch (name) { case "sqlite" -> new Sqlite(dir); case "mvstore" -> new Mv(dir); default -> new Rocks(dir); };
    }
    /**
     * @param a the engine: sqlite, mvstore or rocksdb
     * @throws Exception if the engine fails
     */
    public static void main(String[] a) throws Exception {
        String name = a[0];
        int accounts = 1000;
        // durable commit throughput: a transfer = two account rows updated, one transfer row inserted
        for (int batch : new int[]{1, 64}) {
            Path dir = Files.createTempDirectory("eng");
            try (Engine e = open(name, dir)) {
                e.begin(); for (int i=0;i<accounts;i++) e.put(0, key(i), value(i, 1000)); e.commit(true);
                Random r = new Random(1); long tx=0; long end = System.nanoTime() + 4_000_000_000L, start=System.nanoTime();
                while (System.nanoTime() < end) {
                    e.begin();
                    for (int j=0;j<batch;j++) { int x=r.nextInt(accounts), y=r.nextInt(accounts); e.put(0,key(x),value(x,r.nextInt())); e.put(0,key(y),value(y,r.nextInt())); e.put(1,key(tx),value(tx,5)); tx++; }
                    e.commit(true);
                }
                double s = (System.nanoTime()-start)/1e9;
                System.out.printf("%s durable batch=%d: %.0f transfers/s (%.0f syncs/s)%n", name, batch, tx/s, tx/s/batch);
            }
        }
        for (int n : new int[]{100_000, 1_000_000}) {
            Path dir = Files.createTempDirectory("eng");
            try (Engine e = open(name, dir)) {
                for (int i=0;i<n;i+=10_000) { e.begin(); for (int j=i;j<i+10_000;j++) e.put(0,key(j),value(j,j)); e.commit(false); }
                e.commit(true);
            }
            long t0 = System.nanoTime(); long got;
            try (Engine e = open(name, dir)) { got = e.scan(); }
            long ms = (System.nanoTime()-t0)/1_000_000;
            long size;
            try (Stream<Path> files = Files.walk(dir)) {
                size = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("%s recovery %d rows: %d ms (open + read all; %d read; %.1f MB on disk)%n", name, n, ms, got, size/1e6);
        }
    }
}
