package io.herald.dev;

import io.herald.auth.KeyMaterial;
import io.herald.protocol.Json;
import io.herald.http.ApiError;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * DEV ONLY. {@code GET /dev/token?user=alice&tenant=demo&roles=herald-publisher&ttl=3600} answers
 * {@code {"token": "<jwt>"}} signed with the dev private key. 404 unless {@code herald.dev.enabled=true}.
 */
@WebServlet("/dev/token")
public class DevTokenServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(DevTokenServlet.class.getName());

    @Inject
    @ConfigProperty(name = "herald.dev.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.dev.private-key.location")
    Optional<String> privateKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "herald-dev")
    String issuer;

    @Inject
    @ConfigProperty(name = "herald.jwt.tenant-claim", defaultValue = "tenant")
    String tenantClaim;

    private PrivateKey key;

    @Override
    public void init() {
        if (enabled && privateKeyLocation.isPresent()) {
            try {
                byte[] der = KeyMaterial.pemBody(KeyMaterial.read(privateKeyLocation.get()));
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                LOG.log(System.Logger.Level.WARNING, "DEV MODE: /dev/token mints tokens for any tenant. Never enable herald.dev.enabled in production.");
            } catch (GeneralSecurityException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "dev token endpoint off: cannot read the dev private key: " + e);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (key == null) {
            ApiError.write(response, 404, ApiError.NOT_FOUND, "not found");
            return;
        }
        long now = Instant.now().getEpochSecond();
        long ttl = parseTtl(request.getParameter("ttl"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", param(request, "user", "alice"));
        claims.put(tenantClaim, param(request, "tenant", "demo"));
        claims.put("groups", roles(request.getParameter("roles")));
        claims.put("iat", now);
        claims.put("exp", now + ttl);
        claims.put("jti", UUID.randomUUID().toString());
        response.setContentType("application/json");
        response.getOutputStream().write(Json.write(Map.of("token", sign(claims), "expires_in", ttl))
                .getBytes(StandardCharsets.UTF_8));
    }

    private String sign(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseTtl(String ttl) {
        try {
            return ttl == null ? 3600 : Math.max(1, Math.min(86_400, Long.parseLong(ttl)));
        } catch (NumberFormatException e) {
            return 3600;
        }
    }

    private static String param(HttpServletRequest request, String name, String fallback) {
        String v = request.getParameter(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<String> roles(String roles) {
        return roles == null || roles.isBlank() ? List.of() : Arrays.stream(roles.split(",")).map(String::trim).toList();
    }
}
