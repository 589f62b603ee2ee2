package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FormRefusalTests {

    private static final byte[] BODY = "{}".getBytes();

    private static Decision allow(String... permits) {
        return new Decision(Verdict.ALLOW, "r", null, AuditMode.WRITE_AHEAD, null, 1L, null, null, null,
                List.of(permits));
    }

    @Test
    void aBodyOnGetOrHeadNeedsTheRulesPermit() {
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", BODY, null), allow()).code()).isEqualTo("body-not-allowed");
        assertThat(FormRefusal.of(new RequestShape("HEAD", "POST", BODY, null), allow()).code()).isEqualTo("body-not-allowed");
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", BODY, null), allow(Decision.PERMIT_BODY_ON_READ))).isNull();
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", new byte[0], null), allow())).isNull();
        assertThat(FormRefusal.of(new RequestShape("DELETE", "GET", BODY, null), allow())).isNull();
    }

    @Test
    void onlyAWebSocketOnGetWithTheRulesPermitIsAnUpgradeThatGoesOn() {
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", new byte[0], "websocket"), allow()).code())
                .isEqualTo("upgrade-not-allowed");
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", new byte[0], "websocket"),
                allow(Decision.PERMIT_WEBSOCKET))).isNull();
        assertThat(FormRefusal.of(new RequestShape("POST", "POST", new byte[0], "websocket"),
                allow(Decision.PERMIT_WEBSOCKET)).status().value()).isEqualTo(403);
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", new byte[0], "h2c,websocket"),
                allow(Decision.PERMIT_WEBSOCKET))).isNotNull();
        assertThat(FormRefusal.of(new RequestShape("GET", "GET", new byte[0], "tls/1.2"),
                allow(Decision.PERMIT_WEBSOCKET, Decision.PERMIT_BODY_ON_READ))).isNotNull();
    }
}
