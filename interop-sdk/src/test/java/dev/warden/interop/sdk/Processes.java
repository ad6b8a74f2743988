package dev.warden.interop.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Runs a child process to completion under a deadline, killing it and its descendants when the deadline passes. */
final class Processes {

    private static final int TAIL_CHARS = 4000;

    private Processes() {}

    /**
     * What a process did.
     *
     * @param command what ran (the executable and its arguments; never a token: tokens go in the environment)
     * @param exitCode its exit code, or -1 when it was killed at the deadline
     * @param timedOut whether the deadline passed
     * @param elapsed how long it ran
     * @param stdout everything it printed on stdout
     * @param stderr everything it printed on stderr
     */
    record Result(List<String> command, int exitCode, boolean timedOut, Duration elapsed, String stdout,
                  String stderr) {

        /** @return the exit status and the tails of both streams, for a failure message */
        String describe() {
            return (timedOut ? "killed after " + elapsed.toMillis() + " ms (deadline)" : "exit code " + exitCode)
                    + " from " + String.join(" ", command)
                    + "\n--- stdout (tail) ---\n" + tail(stdout) + "\n--- stderr (tail) ---\n" + tail(stderr);
        }
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, Duration deadline) {
        return run(command, dir, env, deadline, null);
    }

    /**
     * Runs a process until it exits, its stdout so far satisfies {@code enough} (then it is stopped: a client
     * that keeps its connection open), or the deadline passes (then it is killed and the result says so).
     */
    static Result run(List<String> command, Path dir, Map<String, String> env, Duration deadline,
                      Predicate<String> enough) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // a null value removes the variable, so nothing inherited stands in for it
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        StringBuffer stdout = new StringBuffer();
        CompletableFuture<String> out = drain(p.getInputStream(), stdout);
        CompletableFuture<String> err = drain(p.getErrorStream(), new StringBuffer());
        long end = start + deadline.toNanos();
        boolean timedOut = false;
        boolean stopped = false;
        try {
            while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (enough != null && enough.test(stdout.toString())) {
                    stopped = true;
                    break;
                }
                if (System.nanoTime() > end) {
                    timedOut = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        if (timedOut || stopped) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(List.copyOf(command), timedOut ? -1 : p.exitValue(), timedOut, elapsed, join(out),
                join(err));
    }

    private static CompletableFuture<String> drain(InputStream in, StringBuffer sofar) {
        return CompletableFuture.supplyAsync(() -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) >= 0; ) {
                    sofar.append(buf, 0, n);
                }
                return sofar.toString();
            } catch (IOException e) {
                return sofar + "(unreadable: " + e + ")";
            }
        }, Processes::daemon);
    }

    /** A thread per stream: the common pool may have one thread on a small machine, and both pipes must drain. */
    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "process-drain");
        t.setDaemon(true);
        t.start();
    }

    private static String join(CompletableFuture<String> stream) {
        try {
            return stream.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        } catch (ExecutionException | TimeoutException e) {
            return "(not drained: " + e + ")";
        }
    }

    static String tail(String text) {
        return text.length() <= TAIL_CHARS ? text : "..." + text.substring(text.length() - TAIL_CHARS);
    }
}
