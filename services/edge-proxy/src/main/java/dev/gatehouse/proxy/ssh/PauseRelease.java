package dev.gatehouse.proxy.ssh;

/**
 * Releases what a live masker still holds (the trailing word of a prompt, a progress line without its end, a
 * character a shell echoed) once the host pauses for {@value #PAUSE_MS} ms, so the agent sees what the host
 * wrote and not only what a later blank let go. One virtual thread per stream at most, and only while
 * something is held; the writes and the release share the stream's lock.
 */
final class PauseRelease {

    static final long PAUSE_MS = 50;

    private final Object lock;
    private final Runnable release;
    private final long pauseMs;
    private long writes;
    private boolean waiting;

    /** {@code release} runs holding {@code lock}, the lock the stream writes under. */
    PauseRelease(Object lock, Runnable release) {
        this(lock, release, PAUSE_MS);
    }

    /** With a pause of its own (a test that must not race the release). */
    PauseRelease(Object lock, Runnable release, long pauseMs) {
        this.lock = lock;
        this.release = release;
        this.pauseMs = pauseMs;
    }

    /** After a write, under the lock: {@code held} bytes are still held back. */
    void wrote(int held) {
        writes++;
        if (held > 0 && !waiting) {
            waiting = true;
            Thread.ofVirtual().name("ssh-output-pause").start(this::awaitPause);
        }
    }

    private void awaitPause() {
        long seen = -1;
        while (true) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (lock) {
                if (writes == seen) {
                    waiting = false;
                    release.run();
                    return;
                }
                seen = writes;
            }
        }
    }
}
