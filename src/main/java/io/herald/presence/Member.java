package io.herald.presence;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One member of a room (or one online user of a tenant), as a snapshot.
 *
 * @param user    never null
 * @param devices the member's connections in the room now; 0 while its last one closed and the grace has not run out
 *                (it is still a member: no {@code leave} was told)
 * @param meta    the metadata its first device's {@code join} carried, {@code {}} when none; never null
 */
@JsonbPropertyOrder({"user", "devices", "meta"})
public record Member(String user, int devices, JsonObject meta) {
    public Member {
        meta = meta == null ? JsonValue.EMPTY_JSON_OBJECT : meta;
    }
}
