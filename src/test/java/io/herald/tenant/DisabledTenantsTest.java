package io.herald.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disabled-tenants file as an operator edits it, re-read as the poll does (the poll's timer is left out). */
class DisabledTenantsTest {

    @TempDir
    Path dir;

    @Test
    void theConfiguredListAndTheFileBothDisableAndAnEditOfTheFileTakesEffectOnTheNextPoll() throws IOException {
        Path file = dir.resolve("disabled");
        Files.writeString(file, "# maintenance\nt1, t2 # until Monday\n\nt3\n");
        DisabledTenants tenants = of("fixed,other", file);
        tenants.read();
        for (String t : new String[]{"fixed", "other", "t1", "t2", "t3"}) {
            assertTrue(tenants.isDisabled(t), t);
        }
        assertFalse(tenants.isDisabled("maintenance"), "a comment names no tenant");
        assertFalse(tenants.isDisabled("Monday"));

        Files.writeString(file, "t2");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        tenants.reread();
        assertTrue(tenants.isDisabled("t2"));
        assertFalse(tenants.isDisabled("t1"), "re-enabled by removing it from the file");
        assertTrue(tenants.isDisabled("fixed"), "herald.tenants.disabled still holds");

        Files.delete(file);
        tenants.reread();
        assertFalse(tenants.isDisabled("t2"), "a missing file disables nothing");
        assertTrue(tenants.isDisabled("fixed"));
    }

    @Test
    void withNeitherKeyNoTenantIsDisabled() {
        DisabledTenants tenants = new DisabledTenants();
        tenants.configured = Optional.empty();
        tenants.file = Optional.empty();
        tenants.read();
        assertFalse(tenants.isDisabled("anyone"));
    }

    private static DisabledTenants of(String configured, Path file) {
        DisabledTenants tenants = new DisabledTenants();
        tenants.configured = Optional.of(configured);
        tenants.file = Optional.of(file.toString());
        return tenants;
    }
}
