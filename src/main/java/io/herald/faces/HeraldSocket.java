package io.herald.faces;

import jakarta.faces.application.ResourceDependency;
import jakarta.faces.component.UIComponentBase;
import jakarta.faces.component.behavior.ClientBehavior;
import jakarta.faces.component.behavior.ClientBehaviorContext;
import jakarta.faces.component.behavior.ClientBehaviorHolder;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;

import java.io.IOException;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code <herald:socket>} (namespace {@value #NAMESPACE}): renders one script that connects the page to Herald with
 * {@code herald.js} (imported dynamically; re-rendered by ajax, it keeps its connection), at the request's context path unless {@code url} names another Herald. Attributes:
 * {@code rooms} and {@code types} (comma-separated, or a collection: joined and subscribed at connect),
 * {@code onmessage} (a JavaScript function, called with every frame herald.js hands to {@code on('*')}),
 * {@code onstatus} (a JavaScript function, called with each status), {@code token} (a JWT; none in embedded mode,
 * where the application's own login is the credential), {@code tokenprovider} (a JavaScript function returning a JWT
 * or a promise of one: herald.js's {@code tokenProvider}, asked at connect and again when the token expires or is
 * revoked; it wins over {@code token} once it answers), {@code url}. The client connects once the document is parsed,
 * so the page's own scripts (module scripts too) have run before a callback is called. The client is the script element's
 * {@code herald} property, for the page's own {@code join}, {@code emit}, {@code call}.
 * <p>
 * As OmniFaces' {@code <o:socket>} does, it holds client behaviors whose event names are Herald event types: a nested
 * {@code <f:ajax event="face.registered" render="…" listener="…"/>} sends an ajax request (this component as its
 * source, so it must sit in an {@code h:form}) each time an event of that exact type arrives, and the listener and the
 * re-render run on the server as for any other ajax event. The component needs Faces only when a page uses it: no
 * Herald bean refers to it, so Herald without Faces never loads it. Not thread-safe, like every component: one
 * request's thread at a time.
 */
@ResourceDependency(library = "jakarta.faces", name = "faces.js", target = "head")
public class HeraldSocket extends UIComponentBase implements ClientBehaviorHolder {

    public static final String COMPONENT_TYPE = "io.herald.faces.Socket";
    public static final String COMPONENT_FAMILY = "io.herald.faces";
    public static final String NAMESPACE = "io.herald.faces";

    /** Herald's event types (PROTOCOL.md): the names a nested behavior may listen to. */
    static final Pattern EVENT_TYPE = Pattern.compile("[\\p{Alnum}][\\p{Alnum}._:\\-]{0,127}");

    /** Every Herald event type, without listing them: {@code f:ajax} asks only whether its event is one. */
    static final Collection<String> EVENT_NAMES = new AbstractCollection<>() {
        @Override
        public boolean contains(Object o) {
            return o instanceof String s && EVENT_TYPE.matcher(s).matches();
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    enum Property { rooms, types, onmessage, onstatus, token, tokenprovider, url }

    @Override
    public String getFamily() {
        return COMPONENT_FAMILY;
    }

    @Override
    public String getRendererType() {
        return null; // renders itself: one script, nothing a render kit would vary
    }

    @Override
    public Collection<String> getEventNames() {
        return EVENT_NAMES;
    }

    public Object getRooms() { return getStateHelper().eval(Property.rooms); }
    public void setRooms(Object rooms) { getStateHelper().put(Property.rooms, rooms); }
    public Object getTypes() { return getStateHelper().eval(Property.types); }
    public void setTypes(Object types) { getStateHelper().put(Property.types, types); }
    public String getOnmessage() { return (String) getStateHelper().eval(Property.onmessage); }
    public void setOnmessage(String onmessage) { getStateHelper().put(Property.onmessage, onmessage); }
    public String getOnstatus() { return (String) getStateHelper().eval(Property.onstatus); }
    public void setOnstatus(String onstatus) { getStateHelper().put(Property.onstatus, onstatus); }
    public String getToken() { return (String) getStateHelper().eval(Property.token); }
    public void setToken(String token) { getStateHelper().put(Property.token, token); }
    public String getTokenprovider() { return (String) getStateHelper().eval(Property.tokenprovider); }
    public void setTokenprovider(String tokenprovider) { getStateHelper().put(Property.tokenprovider, tokenprovider); }
    public String getUrl() { return (String) getStateHelper().eval(Property.url); }
    public void setUrl(String url) { getStateHelper().put(Property.url, url); }

    /** Decodes the behaviors of the ajax request this socket sent for an event (its client id as the source). */
    @Override
    public void decode(FacesContext context) {
        Map<String, String> params = context.getExternalContext().getRequestParameterMap();
        if (!getClientId(context).equals(params.get(ClientBehaviorContext.BEHAVIOR_SOURCE_PARAM_NAME))) {
            return;
        }
        List<ClientBehavior> behaviors = getClientBehaviors().get(params.get(ClientBehaviorContext.BEHAVIOR_EVENT_PARAM_NAME));
        if (behaviors != null) {
            for (ClientBehavior behavior : behaviors) {
                behavior.decode(context, this);
            }
        }
    }

    @Override
    public void encodeEnd(FacesContext context) throws IOException {
        String id = getClientId(context);
        ResponseWriter writer = context.getResponseWriter();
        writer.startElement("script", this);
        writer.writeAttribute("id", id, "id");
        String url = getUrl();
        String base = url != null && !url.isBlank() ? (url.endsWith("/") ? url : url + "/")
                : context.getExternalContext().getRequestContextPath() + "/";
        writer.write(SocketScript.of(id, base, list(getRooms()), list(getTypes()), getToken(), getTokenprovider(), getOnmessage(),
                getOnstatus(), behaviorScripts(context, id)));
        writer.endElement("script");
    }

    /** @return event type → the functions its behaviors render (Faces writes them; each is called with the frame) */
    private Map<String, List<String>> behaviorScripts(FacesContext context, String id) {
        Map<String, List<String>> scripts = new LinkedHashMap<>();
        getClientBehaviors().forEach((type, behaviors) -> {
            ClientBehaviorContext ctx = ClientBehaviorContext.createClientBehaviorContext(context, this, type, id, null);
            for (ClientBehavior behavior : behaviors) {
                String script = behavior.getScript(ctx);
                if (script != null && !script.isBlank()) {
                    scripts.computeIfAbsent(type, t -> new ArrayList<>()).add(script);
                }
            }
        });
        return scripts;
    }

    /** @return the names of a comma-separated string or a collection, trimmed, blanks left out; empty for null */
    static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        Collection<?> parts = value instanceof Collection<?> c ? c : List.of(value.toString().split(","));
        return parts.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
