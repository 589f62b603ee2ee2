package dev.gatehouse.proxy.route;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBody the largest request body the proxy takes: a body is read whole, its framing checked,
 *                before the policy is asked or the upstream contacted (larger: 413). A git push has its
 *                own limit ({@code gatehouse.proxy.git.max-push-bytes}).
 */
@ConfigurationProperties("gatehouse.proxy.request")
record RequestProperties(DataSize maxBody) {

    RequestProperties {
        maxBody = maxBody == null ? DataSize.ofMegabytes(16) : maxBody;
        if (maxBody.toBytes() < 0 || maxBody.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("gatehouse.proxy.request.max-body must be between 0 and 2 GiB");
        }
    }

    int maxBodyAsInt() {
        return (int) maxBody.toBytes();
    }
}
