package dev.warden.interop.keycloak;

/** Runs a test class's set-up once; if it failed, every later test fails with the same error. */
final class Once {

    private boolean done;
    private RuntimeException failure;

    synchronized void run(Runnable setUp) {
        if (failure != null) {
            throw new IllegalStateException("set-up failed: " + failure.getMessage(), failure);
        }
        if (done) {
            return;
        }
        try {
            setUp.run();
            done = true;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } catch (AssertionError e) {
            failure = new IllegalStateException(e.getMessage(), e);
            throw e;
        }
    }
}
