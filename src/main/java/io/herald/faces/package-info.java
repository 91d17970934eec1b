/**
 * Jakarta Faces: the {@code <herald:socket>} component ({@link io.herald.faces.HeraldSocket}), registered by the
 * jar's {@code META-INF/faces-config.xml} and {@code META-INF/herald.taglib.xml}. It only renders a script for
 * herald.js and decodes its own ajax behaviors: it imports no other Herald component and no CDI bean refers to it,
 * so Herald runs unchanged where Faces is absent.
 */
package io.herald.faces;
