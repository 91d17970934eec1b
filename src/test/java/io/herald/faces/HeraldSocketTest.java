package io.herald.faces;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeraldSocketTest {

    @Test
    void aNestedAjaxMayListenToAnyHeraldEventTypeAndNothingElse() {
        // what getEventNames() returns; a component cannot be made without a Faces implementation
        java.util.Collection<String> names = HeraldSocket.EVENT_NAMES;
        assertTrue(names.contains("face.registered"));
        assertTrue(names.contains("alert:raised-2"));
        assertFalse(names.contains("face registered"));
        assertFalse(names.contains(".face"));
        assertFalse(names.contains(""));
        assertFalse(names.contains(42));
    }

    @Test
    void roomsAndTypesAreACommaSeparatedStringOrACollection() {
        assertEquals(List.of("a", "b", "c"), HeraldSocket.list(" a, b,,c ,"));
        assertEquals(List.of("x", "y"), HeraldSocket.list(List.of("x", " y ")));
        assertEquals(List.of(), HeraldSocket.list(null));
    }

    @Test
    void attributeValuesAreStringLiteralsThatCannotEndTheScript() {
        String js = SocketScript.of("f:push", "/app/", List.of("conv-7", "</script><img src=x onerror=alert(1)>"),
                List.of("face.*"), "t\"k", null, null, null, Map.of());
        assertFalse(js.contains("</script"), js);
        assertFalse(js.contains("<img"), js);
        assertTrue(js.contains("import(\"/app/herald.js\").then(({ Herald }) => {"), js);
        assertTrue(js.contains("rooms: [\"conv-7\", \"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\"]"), js);
        assertTrue(js.contains("types: [\"face.*\"]"), js);
        assertTrue(js.contains("token: \"t\\\"k\""), js);
        assertTrue(js.contains("heraldSocket.onmessage = null;"), js);
    }

    @Test
    void eachBehaviorRunsWithTheScriptElementAsItsSourceOnFramesOfItsType() {
        String js = SocketScript.of("f:push", "/", List.of(), List.of(), null, null, "show", "(s) => log(s)",
                Map.of("face.registered", List.of("mojarra.ab(this,event,'face.registered',0,'f:count')")));
        assertTrue(js.contains("heraldSocket.behaviors = {\"face.registered\": [function (event) { mojarra.ab(this,event,'face.registered',0,'f:count') }]};"), js);
        assertTrue(js.contains("for (const fn of heraldSocket.behaviors[frame.type] || []) fn.call(source, frame);"), js);
        assertTrue(js.contains(".href, {});"), js);
        assertTrue(js.contains("heraldSocket.onstatus = ((s) => log(s));"), js);
        assertTrue(js.contains("heraldSocket.onmessage = (show);"), js);
    }

    @Test
    void aTokenProviderIsHandedToHeraldJsAsWrittenAndTheClientStartsOnceTheDocumentIsParsed() {
        String js = SocketScript.of("f:push", "/", List.of(), List.of("face.*"), null, "() => page.token()", null, null, Map.of());
        assertTrue(js.contains("{types: [\"face.*\"], tokenProvider: (() => page.token())}"), js);
        assertTrue(js.contains("if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', heraldStart, { once: true }); else heraldStart();"), js);
    }
}
