package io.herald.tenant;

import java.util.regex.Pattern;

/** Room name syntax: a letter or digit, then letters, digits and {@code . _ : @ -}; at most 128 characters. */
public final class RoomNames {

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@\\-]{0,127}");

    private RoomNames() {
    }

    public static boolean isValid(String room) {
        return room != null && ROOM.matcher(room).matches();
    }
}
