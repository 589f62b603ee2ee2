package dev.gatehouse.bench.masking;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Realistic 1 MB documents for the masking benchmark: mostly clean data (API objects with ids, UUIDs,
 * timestamps, URLs, prose, numbers; log lines with IPs, paths, durations, stack frames) with a few
 * secrets and personal data sprinkled in (about one in fifty records), because that is what responses
 * and logs look like. Deterministic (fixed seed) so runs compare; the secrets include issue 17's formats
 * (model-provider and registry tokens, a named key, a base64 wrapper), so the new matchers run too.
 */
final class MaskingDocuments {

    private static final String[] WORDS = ("the order was shipped to the customer after payment cleared and the "
            + "warehouse confirmed stock levels for every item in the basket while support reviewed the ticket "
            + "history build deploy release pipeline artifact cache retry timeout upstream service latency").split(" ");
    private static final String[] SECRETS = {
        "AKIAIOSFODNN7EXAMPLE", "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",
        "postgres://app:S3cretPw@db.internal:5432/app", "jane.doe@example.com", "4111 1111 1111 1111",
        "DE89 3704 0044 0532 0130 00", "password=Tr0ub4dor&3x", "Bearer 8f14e45fceea167a5a36dedd4bea2543",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln", "123-45-6789",
        // issue 17's formats: prefixed tokens, a named key, a base64 wrapper (all fakes)
        "sk-ant-api03-VXBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww0sAO_DGpUxjKbgRBWZRZX1VlxeVAA",
        "sk-proj-x98vjE6boQ_jQaJbO0HvrgYegRDLu4h1Dyo-vIJUjzwTkoqrtleWvTDuRgR3yNwos_bDWmE4kuT3BlbkFJv4VGOfYcMuqbKLLp_2jfTu"
            + "OQPeWIDtcKZ1Dw0gBEHum3adzqxMhGx3taeY5jvDR3q9lVuD-Am3",
        "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", "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",
        "AccountKey=uNtmxXE6T9qnOae4TxvfsLhQN8PPtqy2P2JLcMD1FOFwa/boQRGAS+iv31LJeogg7uVBbuFKaPeo05woSGGtrQ==",
        "DD_API_KEY=6095e68de96039211d9b963cc58ea44e", "auth: Y2ktYm90OjMyU1N5QUo5VGx4cW5yREsyNFN5",
    };

    private MaskingDocuments() {
    }

    static byte[] json(int size) {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(size + 4096).append("{\"items\":[");
        for (int n = 0; sb.length() < size - 2; n++) {
            if (n > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(100000 + n)
                    .append(",\"uuid\":\"").append(new java.util.UUID(r.nextLong(), r.nextLong()))
                    .append("\",\"created_at\":\"2024-05-").append(10 + r.nextInt(20)).append("T10:").append(10 + r.nextInt(49))
                    .append(":01.123Z\",\"status\":\"").append(r.nextBoolean() ? "shipped" : "pending")
                    .append("\",\"total\":").append(r.nextInt(100000) / 100.0)
                    .append(",\"url\":\"https://api.example.com/v1/orders/").append(100000 + n)
                    .append("\",\"customer\":{\"name\":\"Customer ").append(r.nextInt(5000))
                    .append("\",\"tier\":\"gold\",\"tags\":[\"a\",\"b\"]},\"note\":\"").append(prose(r, 12))
                    .append("\",\"sha\":\"").append(Long.toHexString(r.nextLong())).append(Long.toHexString(r.nextLong()));
            if (n % 50 == 7) {
                sb.append("\",\"contact\":\"").append(SECRETS[r.nextInt(SECRETS.length)]);
            }
            sb.append("\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text(int size) {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder(size + 4096);
        for (int n = 0; sb.length() < size; n++) {
            sb.append("2024-05-17T10:").append(10 + r.nextInt(49)).append(':').append(10 + r.nextInt(49))
                    .append(".123Z ").append(r.nextInt(10) == 0 ? "WARN " : "INFO ").append("[worker-").append(r.nextInt(16))
                    .append("] ");
            switch (r.nextInt(4)) {
                case 0 -> sb.append("GET /api/v1/orders/").append(r.nextInt(100000)).append(" 200 ").append(r.nextInt(900))
                        .append("ms from 10.0.").append(r.nextInt(255)).append('.').append(r.nextInt(255));
                case 1 -> sb.append(prose(r, 14));
                case 2 -> sb.append("request_id=").append(new java.util.UUID(r.nextLong(), r.nextLong()))
                        .append(" user_id=").append(r.nextInt(1000000)).append(" took=").append(r.nextInt(5000)).append("ms");
                default -> sb.append("\tat com.example.billing.InvoiceService.charge(InvoiceService.java:")
                        .append(r.nextInt(400)).append(')');
            }
            if (n % 50 == 13) {
                sb.append(" contact: ").append(SECRETS[r.nextInt(SECRETS.length)]);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String prose(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < words; k++) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(k == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(k == words - 1 ? '.' : ' ');
        }
        return sb.toString();
    }
}
