package dev.gatehouse.proxy.llm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.util.List;
import java.util.Map;

/**
 * @param maxBody          the largest model call body the proxy reads (its prompt is masked whole before it
 *                         leaves); larger calls get 413
 * @param recordBytes      how much of the masked request and of the reassembled answer the trail keeps
 * @param tokensPerDay     token budget per repository (claim {@code repository}) per UTC day, 0 = none;
 *                         a call reserves its prompt's estimate plus its {@code max_tokens} before it is sent
 * @param budgets          per-repository overrides of {@code tokensPerDay}
 * @param costPerDay       cost budget in USD per budget owner per UTC day, 0 = none; a call reserves its
 *                         tokens times its model's price
 * @param prices           USD per million tokens by model name; a model not listed is priced at the highest
 *                         listed price (a cost budget never under-counts)
 * @param budgetBy         the claims whose values name a budget's owner, e.g. {@code [repository, workflow]}
 *                         (default {@code [repository]}; absent claims fall back to the token's subject)
 */
@ConfigurationProperties("gatehouse.proxy.llm")
record LlmProperties(DataSize maxBody, DataSize recordBytes, long tokensPerDay, Map<String, Long> budgets,
                     double costPerDay, Map<String, Double> prices, List<String> budgetBy) {

    LlmProperties {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        budgetBy = budgetBy == null || budgetBy.isEmpty() ? List.of("repository") : List.copyOf(budgetBy);
        maxBody = maxBody == null ? DataSize.ofMegabytes(4) : maxBody;
        recordBytes = recordBytes == null ? DataSize.ofKilobytes(64) : recordBytes;
        budgets = budgets == null ? Map.of() : Map.copyOf(budgets);
        if (maxBody.toBytes() <= 0 || maxBody.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("gatehouse.proxy.llm.max-body must be between 1 byte and 2 GiB");
        }
    }

    int maxBodyAsInt() {
        return (int) maxBody.toBytes();
    }

    int recordBytesAsInt() {
        return (int) Math.min(Integer.MAX_VALUE, recordBytes.toBytes());
    }
}
