package dev.warden.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs small JSON documents (discovery, JWKS) with hard bounds: https only (plain http only to loopback
 * hosts), a connect timeout, one deadline for the whole exchange, a body size cap, and redirects followed
 * only within the same scheme, host and port (at most three).
 */
public final class HttpFetcher {

    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final Duration deadline;
    private final int maxBytes;

    /**
     * @param connectTimeout TCP/TLS connect bound
     * @param readTimeout bound on the rest of the exchange (headers and body)
     * @param maxBytes body size cap
     */
    public HttpFetcher(Duration connectTimeout, Duration readTimeout, int maxBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.deadline = connectTimeout.plus(readTimeout);
        this.maxBytes = maxBytes;
    }

    /**
     * Checks that a URL may be fetched: {@code https}, or {@code http} to a loopback host.
     *
     * @param uri the URL
     * @param what what it is, for the message
     * @throws IllegalArgumentException if it may not
     */
    public static void requireSecureUrl(URI uri, String what) {
        Objects.requireNonNull(uri, what);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must be an absolute URL with a host and no user info: " + uri);
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return;
        }
        throw new IllegalArgumentException(what + " must use https (plain http is allowed only on loopback): " + uri);
    }

    /**
     * Whether plain http may be used to a host: exactly {@code localhost} (any case), a literal IPv4 address in
     * 127.0.0.0/8, or the literal IPv6 loopback address. Other names, {@code *.localhost} included, are not
     * loopback: the JDK resolves them through DNS, where an attacker on the network may answer for them.
     *
     * @param host a host name or literal address, as {@link URI#getHost()} gives it
     * @return whether it is loopback (no DNS lookup is made)
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.matches("[0-9.]+")) {
            // a dotted quad is parsed here: InetAddress would resolve anything else of digits and dots via DNS
            String[] octets = h.split("\\.", -1);
            if (octets.length != 4) {
                return false;
            }
            for (String o : octets) {
                if (o.isEmpty() || o.length() > 3 || Integer.parseInt(o) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (!h.contains(":") || !h.matches("[0-9a-f:.]+")) {
            // not an IPv6 literal without a zone: a host name, or a scoped address naming an interface
            return false;
        }
        try {
            // hex digits, ':' and '.' with a ':' are only ever parsed as an IPv6 literal, never resolved
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param uri the document's URL
     * @return the body of a 200 response
     * @throws IOException on any failure, with a message fit for logs
     */
    public byte[] get(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            requireSecureUrlIo(current);
            HttpResponse<byte[]> response = exchange(current);
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElseThrow(
                        () -> new IOException("redirect without Location from " + redact(uri)));
                URI next;
                try {
                    next = current.resolve(location);
                } catch (IllegalArgumentException e) {
                    throw new IOException("invalid redirect Location from " + redact(uri));
                }
                if (!sameOrigin(current, next)) {
                    throw new IOException("redirect to another origin not followed: " + redact(current) + " -> "
                            + redact(next));
                }
                current = next;
                continue;
            }
            throw new IOException("HTTP " + status + " from " + redact(current));
        }
        throw new IOException("too many redirects from " + redact(uri));
    }

    private HttpResponse<byte[]> exchange(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(deadline)
                .header("Accept", "application/json")
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info ->
                info.statusCode() == 200 ? new CappedBody(maxBytes) : HttpResponse.BodySubscribers.<byte[]>replacing(null));
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("no complete response within " + deadline.toMillis() + " ms from " + redact(uri));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + redact(uri));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String detail = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            throw new IOException("fetching " + redact(uri) + " failed: " + detail, cause);
        }
    }

    private static void requireSecureUrlIo(URI uri) throws IOException {
        try {
            requireSecureUrl(uri, "URL");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** @return the URL without query or fragment (they may carry secrets) */
    static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Collects a body, failing as soon as it exceeds the cap. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("response body larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
