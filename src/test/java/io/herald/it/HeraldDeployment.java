package io.herald.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployment every IT uses: the real {@code target/herald.war}, unchanged, plus a library jar with the test
 * configuration (the dev public key, the issuer, and what the test overrides) and any test classes.
 */
public final class HeraldDeployment {

    private HeraldDeployment() {
    }

    public static WebArchive war(Map<String, String> config, Class<?>... testClasses) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "herald.war")
                .importFrom(new File(System.getProperty("herald.war", "target/herald.war")))
                .as(WebArchive.class);
        war.addAsLibrary(configJar(config));
        if (testClasses.length > 0) {
            war.addClasses(testClasses);
        }
        return war;
    }

    /** The configuration that turns the dev token endpoint on (pages that get their own token, like the demo page). */
    public static Map<String, String> devTokens() {
        return Map.of("herald.dev.enabled", "true",
                "herald.dev.private-key.location", Tokens.devKeys().resolve("dev-private.pem").toAbsolutePath().toString());
    }

    public static WebArchive war(Class<?>... testClasses) {
        return war(Map.of(), testClasses);
    }

    private static JavaArchive configJar(Map<String, String> overrides) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("config_ordinal", "500");
        if (!overrides.containsKey("mp.jwt.verify.publickey.location")) { // an inline key would win over it
            config.put("mp.jwt.verify.publickey", publicKeyBody());
        }
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        config.putAll(overrides);
        StringBuilder properties = new StringBuilder();
        config.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        return ShrinkWrap.create(JavaArchive.class, "herald-test-config.jar")
                .addAsManifestResource(new StringAsset(properties.toString()), "microprofile-config.properties");
    }

    private static String publicKeyBody() {
        try {
            return Files.readString(Tokens.devKeys().resolve("dev-public.pem"))
                    .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
