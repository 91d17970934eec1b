package io.herald.it.embedded;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Map;
import java.util.Set;

/** The test application's users and passwords: its own identity store, nothing Herald knows of. */
@ApplicationScoped
public class AppUsers implements IdentityStore {

    public static final Map<String, String> PASSWORDS = Map.of("alice", "alice-pw", "bob", "bob-pw");

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential c && PASSWORDS.containsKey(c.getCaller())
                && c.getPassword().compareTo(PASSWORDS.get(c.getCaller()))) {
            return new CredentialValidationResult(c.getCaller(), Set.of("app-user"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
