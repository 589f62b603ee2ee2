package dev.gatehouse.proxy.masking;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A response body being masked: {@link #body()} is what to write to the caller (subscribe once), and
 * {@link #report()} says what was masked: {@code incomplete} until the body ends, final once {@link #done()}
 * has emitted (completion, error or cancellation all end it; read it then, e.g. for the RESPONSE event).
 */
public final class MaskedBody {

    private final Flux<DataBuffer> body;
    private final Sinks.One<MaskingReport> done = Sinks.one();
    private volatile MaskingReport report;

    MaskedBody(java.util.function.Function<MaskedBody, Flux<DataBuffer>> body, MaskingReport initial) {
        this.report = initial;
        this.body = body.apply(this);
    }

    public Flux<DataBuffer> body() {
        return body;
    }

    public MaskingReport report() {
        return report;
    }

    public Mono<MaskingReport> done() {
        return done.asMono();
    }

    void finish(MaskingReport last) {
        report = last;
        done.tryEmitValue(last);
    }
}
