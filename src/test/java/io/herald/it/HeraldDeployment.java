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

    /**
     * An application that embeds Herald: a new WAR of this name with Herald's classes jar ({@code target/herald-classes.jar},
     * built next to the WAR) in {@code WEB-INF/lib}, the test configuration jar, and nothing else yet.
     */
    public static WebArchive embeddedIn(String name, Map<String, String> config) {
        File heraldWar = new File(System.getProperty("herald.war", "target/herald.war"));
        File classes = new File(heraldWar.getParentFile(), "herald-classes.jar");
        WebArchive herald = ShrinkWrap.create(ZipImporter.class, "herald.war").importFrom(heraldWar).as(WebArchive.class);
        WebArchive app = ShrinkWrap.create(WebArchive.class, name)
                .addAsLibrary(ShrinkWrap.create(ZipImporter.class, classes.getName()).importFrom(classes).as(JavaArchive.class))
                .addAsLibrary(configJar(config));
        // what a Maven dependency on the classes jar brings along (Nimbus JOSE+JWT), and on Payara the class loading
        // order that makes Herald's copy win over the server's (README, "Embed Herald in your WAR")
        herald.get("/WEB-INF/lib").getChildren().forEach(lib -> app.add(lib.getAsset(), "/WEB-INF/lib/" + lib.getPath().get().substring("/WEB-INF/lib/".length())));
        app.add(herald.get("/WEB-INF/glassfish-web.xml").getAsset(), "/WEB-INF/glassfish-web.xml");
        return app;
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
