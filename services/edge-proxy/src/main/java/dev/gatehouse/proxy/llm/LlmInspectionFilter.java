package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.LlmFacts;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.RequestFilterOrder;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a model call's body before anything decides on it (bounded, {@code gatehouse.proxy.llm.max-body}),
 * takes its facts for the policy ({@link LlmCall}), masks the prompt with every detector before it can
 * leave (messages, system prompt, tool results: every string of the JSON), reserves the call's tokens
 * against the caller's budget, and hands the masked body to the request preparation, which forwards
 * exactly it. The response is masked and reassembled by {@link LlmAnswer}. Any failure here is a
 * problem answer and nothing is sent: a prompt that cannot be masked never leaves unmasked.
 */
@Component
public class LlmInspectionFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RequestFilterOrder.LLM_INSPECTION;

    private static final Logger log = LoggerFactory.getLogger(LlmInspectionFilter.class);
    /** A rough prompt size in tokens for the reservation (about four bytes of JSON per token). */
    private static final int BYTES_PER_TOKEN = 4;
    /** What a call without max_tokens reserves for its answer (a policy ceiling normally refuses it first). */
    private static final long UNBOUNDED_ANSWER = 8192;

    private final Masking masking;
    private final ProblemWriter problems;
    private final LlmProperties properties;
    private final CallBudgets budgets;
    private final MaskingPlan outbound;
    private final BudgetRefusal refusal;

    LlmInspectionFilter(Masking masking, ProblemWriter problems, LlmProperties properties, CallBudgets budgets,
                        BudgetRefusal refusal) {
        this.refusal = refusal;
        this.masking = masking;
        this.problems = problems;
        this.properties = properties;
        this.budgets = budgets;
        MaskingDirectives audit = masking.audit().plan().directives();
        this.outbound = masking.plan(new MaskingDirectives(List.of(), List.of(), audit.detectors(),
                MaskingDirectives.MaskingStyle.REDACT, MaskingDirectives.OversizeAction.REFUSE));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!Boolean.TRUE.equals(exchange.getAttribute(LlmEntryFilter.CALL))) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), properties.maxBodyAsInt())
                .map(LlmInspectionFilter::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> exchange.getPrincipal().ofType(CallerAuthentication.class)
                        .map(caller -> Optional.of(caller.identity()))
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(identity -> identity.isPresent() ? inspect(exchange, chain, identity.get(), body)
                                : problems.write(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                                "a valid bearer token from a trusted issuer is required")))
                .onErrorResume(DataBufferLimitException.class, e -> problems.write(exchange,
                        HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.INVALID_REQUEST,
                        "the model call is larger than the proxy reads (gatehouse.proxy.llm.max-body)"));
    }

    private Mono<Void> inspect(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                               byte[] body) {
        String path = exchange.getRequest().getURI().getRawPath();
        LlmCall call;
        try {
            call = LlmCall.read(exchange.getRequest().getMethod().name(), path, body);
        } catch (LlmCall.InvalidLlmCall e) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, e.getMessage());
        }
        byte[] masked;
        MaskingCounts counts = new MaskingCounts();
        try {
            masked = body.length == 0 ? body : masking.engine().maskJson(body, outbound, counts);
        } catch (RuntimeException e) {
            log.warn("the prompt of a call to connection {} could not be masked: {}", path, e.getClass().getSimpleName());
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "the prompt could not be masked, so it was not sent");
        }
        masking.record(counts);
        long reserve = (long) Math.ceil(body.length / (double) BYTES_PER_TOKEN) + (!call.generates() ? 0
                : call.maxTokens() == null ? UNBOUNDED_ANSWER : parsedOr(call.maxTokens(), UNBOUNDED_ANSWER));
        Map<String, String> facts = new java.util.LinkedHashMap<>(call.facts());
        facts.put(LlmFacts.PROMPT_SHA256, sha256(body));
        if (!counts.isEmpty()) {
            facts.put("llm.promptMasked", counts.asMap().toString());
        }
        return budgets.reserve(identity, call.model(), reserve)
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.warn("the budget store did not answer, a model call was not sent: {}", e.getClass().getSimpleName());
                    return Mono.just(Optional.empty());
                })
                .flatMap(hold -> hold.isEmpty()
                        ? problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                                "the budget could not be checked, so the call was not sent")
                        : forward(exchange, chain, identity, call, masked, facts, hold.get(), reserve));
    }

    private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                               LlmCall call, byte[] masked, Map<String, String> facts, CallBudgets.Hold hold,
                               long reserve) {
        if (!hold.granted()) {
            return refusal.refuse(exchange, identity, facts, hold);
        }
        LlmAnswer answer = new LlmAnswer(call, masking.engine(), properties.recordBytesAsInt());
        exchange.getAttributes().put(ExchangeAttributes.OPERATION_FACTS, facts);
        exchange.getAttributes().put(ExchangeAttributes.BUFFERED_BODY, masked);
        exchange.getAttributes().put(ExchangeAttributes.REQUEST_PAYLOAD, recorded(masked));
        exchange.getAttributes().put(ExchangeAttributes.RESPONSE_MASKERS, answer);
        exchange.getAttributes().put(ExchangeAttributes.ANSWER_RECORDER, answer);
        return chain.filter(exchange).doFinally(signal -> hold.settle(answer.tokensUsed(reserve)));
    }

    private String recorded(byte[] masked) {
        int limit = properties.recordBytesAsInt();
        String text = new String(masked, 0, Math.min(masked.length, limit), StandardCharsets.UTF_8);
        return masked.length > limit ? text + " …[" + (masked.length - limit) + " more bytes not recorded]" : text;
    }

    private static long parsedOr(String number, long fallback) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }
}
