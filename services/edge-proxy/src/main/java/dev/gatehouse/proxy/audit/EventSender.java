package dev.gatehouse.proxy.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that hands audit events to the producer, in the order they were published, so a
 * session's after-the-fact RESPONSE always reaches the producer before that session's next write-ahead
 * REQUEST. An event nobody waits for (a RESPONSE, an ASYNC read) may wait up to {@code asyncLinger} for
 * company: the events gathered meanwhile are handed over back to back, so the producer ships them in one
 * produce request instead of one each (at one statement in flight, every event was its own request, broker
 * append and fetch; issue 16). An event somebody waits for (write-ahead) is never held: it ends the
 * gathering at once and goes out with whatever gathered before it.
 */
final class EventSender {

    private static final Logger log = LoggerFactory.getLogger(EventSender.class);
    private static final Pending STOP = new Pending(() -> { }, true);

    private record Pending(Runnable send, boolean waitedFor) {
    }

    private final BlockingQueue<Pending> queue;
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closing;

    EventSender(int capacity, Duration asyncLinger) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.lingerNanos = asyncLinger.toNanos();
        this.thread = Thread.ofPlatform().name("gatehouse-audit-send").daemon(true).start(this::run);
    }

    /** False when the queue is full (Kafka stalled) or the sender has stopped: the caller fails the event. */
    boolean offer(Runnable send, boolean waitedFor) {
        return !closing && queue.offer(new Pending(send, waitedFor));
    }

    /** Hands over what was published before, then stops; waits at most {@code timeout} for that. */
    void stop(Duration timeout) throws InterruptedException {
        closing = true;
        if (!queue.offer(STOP)) {
            thread.interrupt();
        }
        thread.join(timeout.toMillis());
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
                if (!batch.getFirst().waitedFor()) {
                    gather(batch);
                }
            } catch (InterruptedException e) {
                stopping = closing; // interrupted only by stop() when the queue was full
            }
            queue.drainTo(batch);
            for (Pending pending : batch) {
                stopping |= pending == STOP;
                send(pending);
            }
            batch.clear();
        }
    }

    /** Adds what arrives within the linger, ending early at an event somebody waits for. */
    private void gather(List<Pending> batch) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            if (next.waitedFor()) {
                return;
            }
        }
    }

    private static void send(Pending pending) {
        try {
            pending.send().run();
        } catch (RuntimeException e) { // each send completes its own event; one failure must not stop the thread
            log.warn("an audit event could not be handed to the producer: {}", e.getClass().getSimpleName());
        }
    }
}
