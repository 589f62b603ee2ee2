package dev.gatehouse.policy.version;

import dev.gatehouse.policy.common.InvalidField;
import dev.gatehouse.policy.document.PolicyDocumentParser;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Policy as code over REST, for admins: store a YAML document as the next version (optionally only
 * if the active version is the one the caller has seen), read versions back, roll back, and lint a
 * document without storing it. Documents travel as YAML; metadata as JSON.
 */
@RestController
@RequestMapping("/api/v1/policies")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class PolicyController {

    static final String VERSION_HEADER = "Gatehouse-Policy-Version";
    static final String COMMENT_HEADER = "Gatehouse-Policy-Comment";
    static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    private final PolicyVersions versions;
    private final PolicyDocumentParser parser;

    PolicyController(PolicyVersions versions, PolicyDocumentParser parser) {
        this.versions = versions;
        this.parser = parser;
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "a policy document (YAML, UTF-8)",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = "string")))
    @PutMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    ResponseEntity<VersionInfo> store(HttpServletRequest request, @AuthenticationPrincipal Jwt jwt,
                                      @RequestHeader(name = COMMENT_HEADER, required = false) String comment,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        String yaml = PolicyRequests.body(request, parser.limits());
        return stored(versions.store(yaml, author(jwt), PolicyRequests.comment(comment),
                PolicyRequests.precondition(ifMatch), null));
    }

    @PostMapping("/versions/{version}/rollback")
    ResponseEntity<VersionInfo> rollback(@PathVariable long version, @AuthenticationPrincipal Jwt jwt,
                                         @RequestHeader(name = COMMENT_HEADER, required = false) String comment,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return stored(versions.rollback(version, author(jwt), PolicyRequests.comment(comment),
                PolicyRequests.precondition(ifMatch)));
    }

    /** GitOps controllers poll this: a matching {@code If-None-Match} gets a bodiless 304. */
    @GetMapping("/active")
    ResponseEntity<String> active(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        long active = versions.activeVersion();
        if (active == 0) {
            throw new PolicyVersionNotFound();
        }
        String etag = PolicyRequests.etag(active);
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals(etag) || ifNoneMatch.strip().equals("W/" + etag))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag)
                    .header(VERSION_HEADER, Long.toString(active)).build();
        }
        return document(versions.find(active).orElseThrow(() -> new PolicyVersionNotFound(active)));
    }

    @GetMapping("/versions")
    List<VersionInfo> list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "must be between 1 and 1000");
        }
        return versions.newestFirst(limit);
    }

    @GetMapping("/versions/{version}")
    ResponseEntity<String> version(@PathVariable long version) {
        return document(versions.find(version).orElseThrow(() -> new PolicyVersionNotFound(version)));
    }

    /** For CI linting of a policy repository: the same checks and errors as a store, nothing stored. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "a policy document (YAML, UTF-8)",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = "string")))
    @PostMapping(path = "/validate", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    Map<String, Object> validate(HttpServletRequest request) {
        versions.validate(PolicyRequests.body(request, parser.limits()));
        return Map.of("valid", true);
    }

    private static ResponseEntity<VersionInfo> stored(PolicyVersions.Stored stored) {
        VersionInfo info = stored.info();
        ResponseEntity.BodyBuilder response = stored.created()
                ? ResponseEntity.created(URI.create("/api/v1/policies/versions/" + info.version()))
                : ResponseEntity.status(HttpStatus.OK);
        return response.eTag(PolicyRequests.etag(info.version()))
                .header(VERSION_HEADER, Long.toString(info.version())).body(info);
    }

    /** The document exactly as stored, comments included; a preset content type skips Accept negotiation. */
    private static ResponseEntity<String> document(StoredVersion version) {
        return ResponseEntity.ok().contentType(YAML).eTag(PolicyRequests.etag(version.version()))
                .header(VERSION_HEADER, Long.toString(version.version())).body(version.document());
    }

    private static Author author(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        String subject = jwt.getSubject();
        return new Author(issuer == null ? "unknown" : issuer, subject == null ? "unknown" : subject);
    }
}
