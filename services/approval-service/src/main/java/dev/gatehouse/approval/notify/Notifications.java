package dev.gatehouse.approval.notify;

import dev.gatehouse.approval.notify.NotificationProperties.Channel;
import dev.gatehouse.model.Approval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the channels a request names about it. Never blocks or fails the creation: delivery is
 * asynchronous, bounded in time and retried a few times; an unknown channel is logged and skipped.
 */
@Component
public class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final NotificationProperties properties;
    private final WebhookDelivery delivery;
    private final JsonMapper json;

    Notifications(NotificationProperties properties, WebhookDelivery delivery, JsonMapper json) {
        this.properties = properties;
        this.delivery = delivery;
        this.json = json;
    }

    public void announce(Approval approval, List<String> channels) {
        for (String name : channels) {
            Channel channel = properties.channels().get(name);
            if (channel == null) {
                log.warn("approval {} names notification channel '{}', which is not configured", approval.id(),
                        WebhookDelivery.printable(name));
                continue;
            }
            try {
                delivery.deliver(name, channel.url(), body(approval, channel));
            } catch (RuntimeException e) {
                log.warn("notification of approval {} to channel '{}' failed: {}", approval.id(),
                        WebhookDelivery.printable(name), e.getClass().getSimpleName());
            }
        }
    }

    String body(Approval approval, Channel channel) {
        return switch (channel.format()) {
            case SLACK -> json.writeValueAsString(Map.of("text", SlackText.of(approval)));
            case JSON -> json.writeValueAsString(new RequestNotice(approval.id(), approval.connection(),
                    approval.identity().subject(), approval.ruleId(), approval.command(), approval.url(),
                    approval.expiresAt()));
        };
    }

    /** The generic notification body. */
    record RequestNotice(UUID approvalId, String connection, String requester, String ruleId, String command,
                         String url, Instant expiresAt) {
    }
}
