package dev.warden.interop.sdk;

import java.io.IOException;
import java.io.InputStream;
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
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        boolean timedOut;
        try {
            timedOut = !p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        if (timedOut) {
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

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
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
