package io.herald.webhook;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The lifecycle changes a webhook can be sent for, by the name they carry in the body's {@code event}. */
enum Hook {
    SESSION_OPENED("session.opened"),
    SESSION_CLOSED("session.closed"),
    MEMBER_JOINED("member.joined"),
    MEMBER_LEFT("member.left"),
    USER_ONLINE("user.online"),
    USER_OFFLINE("user.offline");

    /** The default of {@code herald.webhooks.events}: every one of them. */
    static final String ALL = String.join(",", Arrays.stream(values()).map(h -> h.wire).toList());

    final String wire;

    Hook(String wire) {
        this.wire = wire;
    }

    static Optional<Hook> named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(h -> h.wire.equals(n)).findFirst();
    }

    /**
     * @param list comma-separated names
     * @param unknown receives each name that is no hook's
     * @return the hooks named, a new set (empty when none)
     */
    static Set<Hook> parse(String list, java.util.function.Consumer<String> unknown) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                named(name).ifPresentOrElse(hooks::add, () -> unknown.accept(name.trim()));
            }
        }
        return hooks;
    }
}
